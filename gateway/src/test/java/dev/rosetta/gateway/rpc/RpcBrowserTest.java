package dev.rosetta.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rosetta.gateway.openapi.DevTools;
import dev.rosetta.gateway.testing.LibraryGateway;
import dev.rosetta.gateway.testing.NodeClients;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser application calling the gateway from another origin: a page served by a second
 * loopback server (its own port, so its own origin) runs connect-web with protoc-gen-es code in
 * headless Chromium, calls the example API over Connect and over gRPC-Web (a unary call, a server
 * stream, an error), and the browser lets it read every answer because the gateway answers the
 * preflights and exposes the headers the clients read. Saves a screenshot to
 * {@code target/screenshots/rpc-from-another-origin.png}. Needs chromium and the node clients.
 */
class RpcBrowserTest {
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8");

  @TempDir Path dir;

  @Test
  void aPageFromAnotherOriginCallsTheGatewayOverConnectAndGrpcWeb() throws Exception {
    String chromium = DevTools.chromium();
    Path root = NodeClients.prepare();
    HttpServer pages = serve(root);
    String origin = "http://127.0.0.1:" + pages.getAddress().getPort();
    try (LibraryGateway library = LibraryGateway.start(c -> LibraryGateway.withCorsFor(c, origin));
        DevTools browser = DevTools.launch(chromium, Files.createDirectories(dir.resolve("profile")))) {
      browser.navigate(origin + "/browser/index.html?gateway=" + library.baseUrl());
      browser.await("the page's calls", "document.body && document.body.dataset.done === 'true'", Duration.ofSeconds(30));
      String results = browser.evaluate("JSON.stringify(window.results)").getStringValue();
      for (String protocol : new String[] {"connect", "grpc-web"}) {
        assertThat(results)
            .contains("{\"protocol\":\"" + protocol + "\",\"call\":\"GetShelf shelves/scifi\",\"answer\":\"Science fiction\"}")
            .contains("{\"protocol\":\"" + protocol + "\",\"call\":\"WatchBooks shelves/fiction\","
                + "\"answer\":\"Beloved | Leaves of Grass | Middlemarch\"}")
            // Code 5 is NotFound: the status (and its details) crossed the origin boundary.
            .contains("{\"protocol\":\"" + protocol + "\",\"call\":\"GetShelf shelves/nope\","
                + "\"answer\":\"error 5 shelf \\\"shelves/nope\\\" not found; details google.rpc.ResourceInfo\"}");
      }
      Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
      Path png = Files.write(screenshots.resolve("rpc-from-another-origin.png"), browser.screenshot());
      assertThat(Files.size(png)).isGreaterThan(5_000);
    } finally {
      pages.stop(0);
    }
  }

  /** The page, the generated code and the packages, read-only, from the node clients' folder. */
  private static HttpServer serve(Path root) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", exchange -> {
      Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
      String name = file.getFileName().toString();
      String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
      boolean allowed = file.startsWith(root.resolve("browser")) || file.startsWith(root.resolve("gen"))
          || file.startsWith(root.resolve("node_modules"));
      if (!allowed || type == null || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      byte[] body = Files.readAllBytes(file);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }
}
