package dev.rosetta.gateway;

import dev.rosetta.gateway.http.PublicPages;
import dev.rosetta.gateway.openapi.OpenApiDocument;
import dev.rosetta.gateway.openapi.SwaggerUi;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages the gateway serves ahead of its routes when the OpenAPI document is on: the document
 * ({@code /openapi.json}, {@code /openapi.yaml}, whichever is current after a reload) and Swagger
 * UI at {@code /docs}.
 *
 * <p>Neither is made during the start ({@link DeferredWork}; the UI's 1.5 MB of assets are read
 * from the jar on a thread of their own), and only a request for one of these paths waits for
 * them: every other GET is looked up here too, before the routes, and must not wait for
 * documentation it does not ask for.
 */
final class DocumentationPages implements PublicPages {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final String UI_PREFIX = "/docs";

  private final ServedOpenApi openApi;
  private final DeferredWork<SwaggerUi> ui = new DeferredWork<>("rosetta-swagger-ui", DocumentationPages::loadUi);

  DocumentationPages(ServedOpenApi openApi) {
    this.openApi = openApi;
  }

  /** Starts making the first document and reading the UI, unless a request has already. */
  void begin() {
    openApi.begin();
    ui.begin();
  }

  @Override
  public Page find(String path) {
    return switch (path) {
      case "/openapi.json", "/openapi.yaml" -> openApiPage(openApi.get(), path);
      default -> path.startsWith(UI_PREFIX) ? uiPage(ui.get(), path) : null;
    };
  }

  /** Swagger UI at /docs, or null (with a warning) when its jar is missing. */
  private static SwaggerUi loadUi() {
    try {
      return SwaggerUi.load(Gateway.class.getClassLoader(), UI_PREFIX, "/openapi.json");
    } catch (IOException e) {
      LOG.warn("no API docs page at {}: {}", UI_PREFIX, e.getMessage());
      return null;
    }
  }

  private static Page openApiPage(OpenApiDocument document, String path) {
    if (document == null) {
      return null; // it could not be made (logged): the path goes on to the routes
    }
    return path.equals("/openapi.json")
        ? new Page("application/json", document.json())
        : new Page("application/yaml", document.yaml());
  }

  private static Page uiPage(SwaggerUi ui, String path) {
    SwaggerUi.Asset asset = ui == null ? null : ui.find(path);
    return asset == null ? null : new Page(asset.contentType(), asset.body());
  }
}
