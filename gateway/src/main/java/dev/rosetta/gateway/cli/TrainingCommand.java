package dev.rosetta.gateway.cli;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.StartupPrefetch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code docker/cds-archive.sh gateway.jsa -jar gateway.jar cds-training}: the training run of
 * the class-data sharing archive (docs/deployment.md), whose loaded classes the script lists and
 * archives. Starts the example backend in a JVM of its own ({@link TrainingBackend}) and a
 * gateway in front of it on ephemeral loopback ports, sends the requests a gateway serves in its
 * first second (reads, writes, a 404 and a 400, the admin probes and metrics, the OpenAPI
 * document), stops and exits, so the archive holds every
 * class start-up and the first requests load, and only those. Run by the build (mvn package) and
 * the image build; not for users, hence hidden.
 */
@Command(name = "cds-training", hidden = true,
    description = "Training run for the class-data sharing archive: the example backend, a gateway, "
        + "a few requests, exit.")
final class TrainingCommand implements Callable<Integer> {
  /** One request: method, path, JSON body or null, and the status it must get. */
  private record Call(String method, String path, String body, int status) {}

  private static final List<Call> PUBLIC = List.of(
      new Call("GET", "/v1/shelves", null, 200),
      new Call("GET", "/v1/shelves/scifi/books/dune", null, 200),
      new Call("GET", "/v1/shelves/fiction/books?tags=classic&page_size=1", null, 200),
      new Call("GET", "/v1/books:search?query=dune&min_pages=100", null, 200),
      new Call("POST", "/v1/shelves/scifi/books", "{\"title\":\"Solaris\"}", 200),
      new Call("PATCH", "/v1/shelves/scifi/books/dune?update_mask=price", "{\"price\":7.5}", 200),
      new Call("GET", "/v1/nowhere", null, 404),
      new Call("POST", "/v1/shelves/scifi/books", "{\"title\":", 400),
      new Call("GET", "/openapi.json", null, 200));
  private static final List<Call> ADMIN = List.of(
      new Call("GET", "/healthz", null, 200),
      new Call("GET", "/metrics", null, 200));

  @Override
  public Integer call() throws Exception {
    GatewayOptions options = CommandLine.populateCommand(new GatewayOptions(),
        "--port=0", "--bind=127.0.0.1", "--admin-port=0", "--admin-bind=127.0.0.1", "--no-watch-descriptors");
    try (TrainingBackend backend = TrainingBackend.start()) {
      StartupPrefetch.await();
      Gateway gateway = Gateway.start(options.toConfig(List.of("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE),
          "127.0.0.1:" + backend.port()));
      try {
        send(gateway.address(), PUBLIC);
        send(gateway.adminAddress(), ADMIN);
      } finally {
        gateway.drainAndClose(Duration.ofSeconds(5));
      }
    }
    System.out.println("cds-training: " + (PUBLIC.size() + ADMIN.size()) + " requests answered");
    return 0;
  }

  /** HTTP/1.1 over a plain socket, one connection per request: no HTTP client classes enter the archive. */
  private static void send(InetSocketAddress address, List<Call> calls) throws IOException {
    for (Call call : calls) {
      byte[] body = call.body() == null ? new byte[0] : call.body().getBytes(StandardCharsets.UTF_8);
      String head = call.method() + " " + call.path() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
          + (call.body() == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n") + "\r\n";
      try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = socket.getInputStream();
        String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        String expected = "HTTP/1.1 " + call.status() + " ";
        if (!response.startsWith(expected)) {
          throw new IOException(call.method() + " " + call.path() + ": expected " + call.status() + ", got "
              + response.lines().findFirst().orElse("nothing"));
        }
      }
    }
  }
}
