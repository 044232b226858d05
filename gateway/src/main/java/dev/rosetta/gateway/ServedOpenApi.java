package dev.rosetta.gateway;

import dev.rosetta.gateway.openapi.OpenApiDocument;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAPI document the gateway serves, the first one made off the start-up path (issue 16):
 * generating it walks every route's messages and their comments, about a tenth of a one-second
 * start, and the first request of a route has no use for it. It is made on a daemon thread of its
 * own while the listener starts; a request for it before then waits for it (at start-up only, and
 * only on {@code /openapi.json} and {@code /openapi.yaml}: {@link DocumentationPages}). A reload
 * makes its document at once, as before.
 */
final class ServedOpenApi {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private volatile CompletableFuture<OpenApiDocument> current;

  private ServedOpenApi(CompletableFuture<OpenApiDocument> first) {
    this.current = first;
  }

  /** Starts making the first document on its own thread. */
  static ServedOpenApi makingFirst(Supplier<OpenApiDocument> make) {
    return new ServedOpenApi(StartupThread.supply("rosetta-openapi", () -> {
      try {
        return make.get();
      } catch (RuntimeException | Error e) {
        // A fault of the gateway's, not of the API: the routes are served all the same.
        LOG.error("cannot make the OpenAPI document; /openapi.json and /openapi.yaml are not served", e);
        return null;
      }
    }));
  }

  /** The current document, or null when it could not be made; waits while the first is still being made. */
  OpenApiDocument get() {
    return current.join();
  }

  /** A reload's document, from now on. */
  void set(OpenApiDocument document) {
    current = CompletableFuture.completedFuture(document);
  }
}
