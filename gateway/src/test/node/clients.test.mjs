// Real Connect clients against a running gateway in front of the example library backend:
// @connectrpc/connect-node over its connect and grpc-web transports, on HTTP/1.1, with the code
// protoc-gen-es generated from descriptors/library.pb into gen/. Run by ConnectNodeClientTest
// (GATEWAY_URL=http://127.0.0.1:PORT node --test clients.test.mjs), which generates the code first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createClient, ConnectError, Code } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport, compressionGzip } from "@connectrpc/connect-node";
import { LibraryService } from "./gen/rosetta/examples/library/v1/library_pb.js";

const baseUrl = process.env.GATEWAY_URL;
assert.ok(baseUrl, "GATEWAY_URL names the gateway, e.g. http://127.0.0.1:8080");

/** The transports under test: Connect and gRPC-Web, binary (proto) and JSON. */
const transports = {
  "connect+proto": (options = {}) => createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: true, ...options }),
  "connect+json": (options = {}) => createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: false, ...options }),
  "grpc-web+proto": (options = {}) => createGrpcWebTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: true, ...options }),
  "grpc-web+json": (options = {}) => createGrpcWebTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: false, ...options }),
};

/** Records the HTTP method and response headers of every call made through a transport. */
function recorder() {
  const calls = [];
  const interceptor = (next) => async (req) => {
    const call = { method: req.requestMethod };
    calls.push(call);
    const res = await next(req);
    call.header = res.header;
    return res;
  };
  return { calls, interceptor };
}

for (const [name, transport] of Object.entries(transports)) {
  const library = createClient(LibraryService, transport());

  test(`${name}: a unary call answers the message, with the backend's header metadata`, async () => {
    let server;
    const shelf = await library.getShelf({ name: "shelves/scifi" }, { onHeader: (h) => (server = h.get("x-library-server")) });
    assert.equal(shelf.theme, "Science fiction");
    assert.equal(shelf.createTime.seconds, 1704067200n);
    assert.equal(server, "rosetta-example");
  });

  test(`${name}: a server stream yields every message, then ends with its trailers`, async () => {
    const titles = [];
    let trailer;
    for await (const book of library.watchBooks({ parent: "shelves/scifi", interval: { nanos: 1_000_000 } },
        { headers: { "x-echo-metadata": "true" }, onTrailer: (t) => (trailer = t.get("x-library-trailer")) })) {
      titles.push(book.title);
    }
    assert.deepEqual(titles, ["Dune", "Neuromancer", "The Left Hand of Darkness"]);
    assert.equal(trailer, "done");
  });

  test(`${name}: an error carries its code, message and the backend's details`, async () => {
    const error = await library.checkoutBook({ name: "shelves/scifi/books/neuromancer", borrower: "grace" })
        .then(() => assert.fail("CheckoutBook should fail"), (e) => ConnectError.from(e));
    assert.equal(error.code, Code.FailedPrecondition);
    assert.match(error.rawMessage, /already checked out/);
    const types = error.details.map((d) => d.type ?? d.desc?.typeName);
    assert.ok(types.includes("google.rpc.ErrorInfo"), `details: ${types}`);
    const info = error.details.find((d) => d.type === "google.rpc.ErrorInfo");
    assert.ok(Buffer.from(info.value).toString("latin1").includes("BOOK_ALREADY_CHECKED_OUT"));
  });

  test(`${name}: a not-found error is NotFound`, async () => {
    const error = await library.getShelf({ name: "shelves/nope" }).then(() => assert.fail(), (e) => ConnectError.from(e));
    assert.equal(error.code, Code.NotFound);
  });

  test(`${name}: the deadline reaches the backend and ends the call`, async () => {
    const started = Date.now();
    const error = await library.getShelf({ name: "shelves/scifi" }, { timeoutMs: 300, headers: { "x-delay-ms": "5000" } })
        .then(() => assert.fail("the call should time out"), (e) => ConnectError.from(e));
    assert.equal(error.code, Code.DeadlineExceeded);
    assert.ok(Date.now() - started < 4000);
  });
}

// The transport turns these calls into GETs after the interceptors ran: ConnectNodeClientTest
// reads the gateway's metrics for them (http_method="GET", protocol="connect").
for (const [name, book] of [["connect+json", "spqr"], ["connect+proto", "the-epic-of-gilgamesh"]]) {
  test(`${name}: GET for the methods without side effects`, async () => {
    const library = createClient(LibraryService, transports[name]({ useHttpGet: true }));
    assert.equal((await library.getShelf({ name: "shelves/history" })).theme, "History");
    assert.equal((await library.searchBooks({ query: "dune" })).books[0].title, "Dune");
    assert.equal((await library.checkoutBook({ name: `shelves/history/books/${book}`, borrower: name })).borrower, name);
  });
}

test("connect: a gzip request is read, and a large response comes back gzipped", async () => {
  const { calls, interceptor } = recorder();
  const library = createClient(LibraryService, transports["connect+json"]({
    sendCompression: compressionGzip, acceptCompression: [compressionGzip], compressMinBytes: 0, interceptors: [interceptor],
  }));
  const books = await library.listBooks({ parent: "shelves/fiction" });
  assert.equal(books.books.length, 3);
  assert.equal(calls[0].header.get("content-encoding"), "gzip");
  const titles = [];
  for await (const book of library.watchBooks({ parent: "shelves/fiction" })) {
    titles.push(book.title);
  }
  assert.equal(titles.length, 3);
});
