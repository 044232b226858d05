// Calls the example library through the typescript-fetch client generated from the gateway's
// /openapi.json (LibraryClientIT generates it into ./client). Every call checks its result; the
// first failed check ends the program with exit code 1. Argument: the gateway's base URL.
import {
  Configuration,
  LibraryServiceApi,
  ResponseError,
  StatusFromJSON,
} from './client';

declare const process: { argv: string[]; exit(code: number): never };

let checks = 0;

function check(ok: boolean, what: string, got?: unknown): void {
  if (!ok) {
    throw new Error(`FAILED: ${what}${got === undefined ? '' : `: got ${JSON.stringify(got)}`}`);
  }
  checks++;
  console.log(`ok ${what}`);
}

async function main(): Promise<void> {
  const api = new LibraryServiceApi(new Configuration({ basePath: process.argv[2], accessToken: 'demo-token' }));

  const shelves = await api.libraryServiceListShelves({ pageSize: 10 });
  check((shelves.shelves ?? []).some((s) => s.name === 'shelves/scifi'), 'list shelves', shelves);

  const dune = await api.libraryServiceGetBook({ shelf: 'scifi', book: 'dune' });
  check(dune.title === 'Dune' && dune.author?.displayName === 'Frank Herbert', 'get a book by shelf and book id', dune);
  check(typeof dune.isbn === 'string', 'an int64 arrives as a string', dune.isbn);

  const created = await api.libraryServiceCreateBook({
    shelf: 'scifi',
    bookId: 'ts-solaris',
    book: { title: 'Solaris', pageCount: 204, tags: ['lem'] },
  });
  check(created.name === 'shelves/scifi/books/ts-solaris' && created.pageCount === 204, 'create a book', created);

  const patched = await api.libraryServiceUpdateBook({
    shelf: 'scifi',
    book: 'ts-solaris',
    libraryServiceUpdateBookBody: { price: 7.5, title: 'not applied: outside the mask' },
    updateMask: 'price',
  });
  check(patched.price === 7.5 && patched.title === 'Solaris', 'patch with an update mask', patched);

  await api.libraryServiceDeleteBook({ shelf: 'scifi', book: 'ts-solaris' });
  try {
    await api.libraryServiceGetBook({ shelf: 'scifi', book: 'ts-solaris' });
    check(false, 'a deleted book is gone');
  } catch (e) {
    if (!(e instanceof ResponseError)) {
      throw e;
    }
    const status = StatusFromJSON(await e.response.json());
    check(e.response.status === 404 && status.code === 5 && (status.message ?? '').includes('ts-solaris'),
      'delete, then a typed google.rpc.Status error (404, NOT_FOUND)', status);
  }

  try {
    await api.libraryServiceCheckoutBook({
      shelf: 'scifi', book: 'neuromancer', libraryServiceCheckoutBookBody: { borrower: 'grace' },
    });
    check(false, 'a lent book cannot be checked out');
  } catch (e) {
    if (!(e instanceof ResponseError)) {
      throw e;
    }
    const status = StatusFromJSON(await e.response.json());
    check(status.code === 9 && (status.details ?? []).some((d) => d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo'),
      'error details arrive with their @type', status);
  }

  const cover = await api.libraryServiceGetBookCover({ shelf: 'scifi', book: 'dune' });
  const bytes = new Uint8Array(await cover.arrayBuffer());
  check(cover.type === 'image/gif' && String.fromCharCode(bytes[0], bytes[1], bytes[2]) === 'GIF',
    'download an HttpBody (a GIF)', cover.type);

  const watched = await api.libraryServiceWatchBooks({ shelf: 'scifi' });
  check(watched.length === 3 && watched.every((b) => (b.name ?? '').startsWith('shelves/scifi/books/')),
    'read a server stream', watched.map((b) => b.name));

  const imported = await api.libraryServiceImportBooks({
    shelf: 'history',
    book: [{ title: 'TS Annals' }, { title: 'TS Histories' }],
  });
  check(imported.created === 2, 'send a client stream', imported);

  const attachment = await api.libraryServiceGetAttachment({ shelf: 'scifi', book: 'dune', path: 'notes/2024/review.txt' });
  check(attachment.path === 'notes/2024/review.txt' && attachment.book === 'shelves/scifi/books/dune',
    'call a {path=**} method with a value holding /', attachment);

  console.log(`${checks} checks passed`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
