package dev.rosetta.gateway;

import dev.rosetta.gateway.http.PublicPages;
import dev.rosetta.gateway.openapi.OpenApiDocument;
import dev.rosetta.gateway.openapi.SwaggerUi;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages the gateway serves ahead of its routes when the OpenAPI document is on: the document
 * ({@code /openapi.json}, {@code /openapi.yaml}, whichever is current after a reload) and Swagger
 * UI at {@code /docs}.
 *
 * <p>Both are made off the start-up path ({@link ServedOpenApi}; the UI's 1.5 MB of assets are read
 * from the jar on a thread of their own), and only a request for one of these paths waits for them
 * at start-up: every other GET is looked up here too, before the routes, and must not wait for
 * documentation it does not ask for (the first route request did, until 2026-12-07).
 */
final class DocumentationPages {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final String UI_PREFIX = "/docs";

  private DocumentationPages() {}

  /** The OpenAPI document and Swagger UI at /docs (the UI is left out, with a warning, when its jar is missing). */
  static PublicPages of(ServedOpenApi openApi) {
    CompletableFuture<SwaggerUi> ui = StartupThread.supply("rosetta-swagger-ui", () -> {
      try {
        return SwaggerUi.load(Gateway.class.getClassLoader(), UI_PREFIX, "/openapi.json");
      } catch (IOException e) {
        LOG.warn("no API docs page at {}: {}", UI_PREFIX, e.getMessage());
        return null;
      }
    });
    return path -> switch (path) {
      case "/openapi.json", "/openapi.yaml" -> openApiPage(openApi.get(), path);
      default -> path.startsWith(UI_PREFIX) ? uiPage(ui.join(), path) : null;
    };
  }

  private static PublicPages.Page openApiPage(OpenApiDocument document, String path) {
    if (document == null) {
      return null; // it could not be made (logged): the path goes on to the routes
    }
    return path.equals("/openapi.json")
        ? new PublicPages.Page("application/json", document.json())
        : new PublicPages.Page("application/yaml", document.yaml());
  }

  private static PublicPages.Page uiPage(SwaggerUi ui, String path) {
    SwaggerUi.Asset asset = ui == null ? null : ui.find(path);
    return asset == null ? null : new PublicPages.Page(asset.contentType(), asset.body());
  }
}
