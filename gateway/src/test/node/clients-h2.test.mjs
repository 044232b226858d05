// Real clients over HTTP/2 (h2c, prior knowledge) against a running gateway in front of the example
// library backend: @connectrpc/connect-node's grpc transport (native gRPC) and its connect
// transport with httpVersion "2", binary and JSON, every RPC shape of the example service. Run by
// ConnectNodeClientTest together with clients.test.mjs (the HTTP/1.1 transports).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createClient, ConnectError, Code } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { LibraryService } from "./gen/rosetta/examples/library/v1/library_pb.js";

const baseUrl = process.env.GATEWAY_URL;
assert.ok(baseUrl, "GATEWAY_URL names the gateway, e.g. http://127.0.0.1:8080");

/** Each transport over HTTP/2: gRPC (application/grpc, +json) and Connect (application/proto, json; connect+*). */
const transports = {
  "grpc+proto": () => createGrpcTransport({ baseUrl, useBinaryFormat: true }),
  "grpc+json": () => createGrpcTransport({ baseUrl, useBinaryFormat: false }),
  "connect+proto over h2": () => createConnectTransport({ baseUrl, httpVersion: "2", useBinaryFormat: true }),
  "connect+json over h2": () => createConnectTransport({ baseUrl, httpVersion: "2", useBinaryFormat: false }),
};

/** A test fails rather than hangs when a stream stalls (a half-duplex path would, for bidi). */
const bounded = { timeout: 15_000 };

/**
 * The string fields 1 and 2 of a google.rpc detail's bytes: ErrorInfo's reason and domain,
 * ResourceInfo's resource_type and resource_name. The example API's descriptors do not hold
 * google/rpc, so the detail is read off the wire rather than through generated code.
 */
function firstTwoStrings(bytes) {
  const reader = new BinaryReader(bytes);
  const fields = {};
  while (reader.pos < reader.len) {
    const [number, wireType] = reader.tag();
    if ((number === 1 || number === 2) && wireType === WireType.LengthDelimited) {
      fields[number] = reader.string();
    } else {
      reader.skip(wireType);
    }
  }
  return [fields[1], fields[2]];
}

/** An async iterable whose messages are pushed one at a time, so a test can wait for an answer before the next question. */
function channel() {
  const queue = [];
  let wake;
  let closed = false;
  return {
    push(message) { queue.push(message); wake?.(); },
    close() { closed = true; wake?.(); },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (queue.length > 0) {
          yield queue.shift();
        } else if (closed) {
          return;
        } else {
          await new Promise((resolve) => (wake = resolve));
          wake = undefined;
        }
      }
    },
  };
}

async function failure(call) {
  return call.then(() => assert.fail("the call should fail"), (e) => ConnectError.from(e));
}

let shelves = 0;

for (const [name, transport] of Object.entries(transports)) {
  const library = createClient(LibraryService, transport());

  test(`${name}: a unary call answers the message, with the backend's header metadata`, bounded, async () => {
    let server;
    const shelf = await library.getShelf({ name: "shelves/scifi" }, { onHeader: (h) => (server = h.get("x-library-server")) });
    assert.equal(shelf.theme, "Science fiction");
    assert.equal(shelf.createTime.seconds, 1704067200n);
    assert.equal(server, "rosetta-example");
  });

  test(`${name}: a server stream yields every message, then ends with its trailers`, bounded, async () => {
    const titles = [];
    let trailer;
    for await (const book of library.watchBooks({ parent: "shelves/scifi", interval: { nanos: 1_000_000 } },
        { headers: { "x-echo-metadata": "true" }, onTrailer: (t) => (trailer = t.get("x-library-trailer")) })) {
      titles.push(book.title);
    }
    assert.deepEqual(titles, ["Dune", "Neuromancer", "The Left Hand of Darkness"]);
    assert.equal(trailer, "done");
  });

  test(`${name}: a client stream sends every message and gets the one answer`, bounded, async () => {
    // A shelf of its own: the other tests read the seeded shelves.
    const shelf = await library.createShelf({ shelfId: `imports-${++shelves}`, shelf: { theme: name } });
    async function* books() {
      for (const title of ["First", "Second", "Third"]) {
        yield { parent: shelf.name, book: { title: `${title} ${name}` } };
      }
    }
    const answer = await library.importBooks(books());
    assert.equal(answer.created, 3);
    assert.equal(answer.names.length, 3);
    const listed = await library.listBooks({ parent: shelf.name });
    assert.deepEqual(listed.books.map((b) => b.title).sort(), ["First", "Second", "Third"].map((t) => `${t} ${name}`));
  });

  test(`${name}: a client stream that fails ends with the backend's error`, bounded, async () => {
    async function* books() {
      yield { parent: "shelves/nope", book: { title: "Lost" } };
    }
    const error = await failure(library.importBooks(books()));
    assert.equal(error.code, Code.NotFound);
    // The message of the backend's google.rpc.Status (grpc-status-details-bin), which clients prefer to grpc-message.
    assert.equal(error.rawMessage, 'shelf "shelves/nope" not found');
    assert.equal(error.details[0].type, "google.rpc.ResourceInfo");
  });

  test(`${name}: a bidi stream answers each question before the next one is sent`, bounded, async () => {
    const questions = channel();
    const answers = library.askLibrarian(questions)[Symbol.asyncIterator]();
    questions.push({ query: "dune" });
    const first = await answers.next();
    assert.deepEqual(first.value.titles, ["Dune"]);
    assert.equal(first.value.questionNumber, 1);
    // Only now the second question: full duplex, not an upload followed by a download.
    questions.push({ query: "no such words" });
    const second = await answers.next();
    assert.deepEqual(second.value.titles, []);
    assert.equal(second.value.questionNumber, 2);
    questions.close();
    assert.equal((await answers.next()).done, true);
  });

  test(`${name}: an error carries its code, message and the backend's typed details`, bounded, async () => {
    const error = await failure(library.checkoutBook({ name: "shelves/scifi/books/neuromancer", borrower: "grace" }));
    assert.equal(error.code, Code.FailedPrecondition);
    assert.equal(error.rawMessage, 'book "shelves/scifi/books/neuromancer" is already checked out');
    assert.deepEqual(error.details.map((d) => d.type), ["google.rpc.ErrorInfo", "google.rpc.PreconditionFailure"]);
    assert.deepEqual(firstTwoStrings(error.details[0].value), ["BOOK_ALREADY_CHECKED_OUT", "library.rosetta.dev"]);

    const missing = await failure(library.getShelf({ name: "shelves/nope" }));
    assert.equal(missing.code, Code.NotFound);
    assert.equal(missing.details[0].type, "google.rpc.ResourceInfo");
    assert.deepEqual(firstTwoStrings(missing.details[0].value), ["library.rosetta.dev/Shelf", "shelves/nope"]);
  });

  test(`${name}: the deadline reaches the backend and ends a unary call`, bounded, async () => {
    const started = Date.now();
    const error = await failure(library.getShelf({ name: "shelves/scifi" }, { timeoutMs: 300, headers: { "x-delay-ms": "5000" } }));
    assert.equal(error.code, Code.DeadlineExceeded);
    assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
  });

  test(`${name}: the deadline ends a bidi stream that waits`, bounded, async () => {
    const questions = channel(); // never a question, never closed: only the deadline ends the call
    const started = Date.now();
    const error = await failure((async () => {
      for await (const answer of library.askLibrarian(questions, { timeoutMs: 300 })) {
        assert.fail(`no answer expected, got ${answer.text}`);
      }
    })());
    assert.equal(error.code, Code.DeadlineExceeded);
    assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
  });
}
