package dev.rosetta.gateway;

import dev.rosetta.gateway.openapi.OpenApiDocument;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAPI document the gateway serves. The first one is made off the start-up path (issue 16):
 * generating it walks every route's messages and their comments, and no route's request has a use
 * for it, so it is {@link DeferredWork deferred work}, made once begun or first asked for; a
 * request for it before it is ready waits for it (only {@code /openapi.json} and
 * {@code /openapi.yaml} ask: {@link DocumentationPages}). A reload makes its document at once.
 */
final class ServedOpenApi {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final DeferredWork<OpenApiDocument> first;
  /** A reload's document; null until the first reload. */
  private volatile OpenApiDocument reloaded;

  ServedOpenApi(Supplier<OpenApiDocument> makeFirst) {
    this.first = new DeferredWork<>("rosetta-openapi", () -> {
      try {
        return makeFirst.get();
      } catch (RuntimeException | Error e) {
        // A fault of the gateway's, not of the API: the routes are served all the same.
        LOG.error("cannot make the OpenAPI document; /openapi.json and /openapi.yaml are not served", e);
        return null;
      }
    });
  }

  /** Starts making the first document, unless it is being made already or a reload has made one. */
  void begin() {
    if (reloaded == null) {
      first.begin();
    }
  }

  /** The current document, or null when it could not be made; waits while the first is still being made. */
  OpenApiDocument get() {
    OpenApiDocument document = reloaded;
    return document != null ? document : first.get();
  }

  /** A reload's document, from now on. */
  void set(OpenApiDocument document) {
    reloaded = document;
  }
}
