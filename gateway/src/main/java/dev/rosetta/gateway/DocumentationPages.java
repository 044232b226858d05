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
 */
final class DocumentationPages {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private DocumentationPages() {}

  /** The OpenAPI document and Swagger UI at /docs (the UI is left out, with a warning, when its jar is missing). */
  static PublicPages of(ServedOpenApi openApi) {
    SwaggerUi ui;
    try {
      ui = SwaggerUi.load(Gateway.class.getClassLoader(), "/docs", "/openapi.json");
    } catch (IOException e) {
      LOG.warn("no API docs page at /docs: {}", e.getMessage());
      ui = null;
    }
    SwaggerUi docs = ui;
    return path -> {
      PublicPages.Page page = openApiPage(openApi.get(), path);
      if (page == null && docs != null) {
        SwaggerUi.Asset asset = docs.find(path);
        page = asset == null ? null : new PublicPages.Page(asset.contentType(), asset.body());
      }
      return page;
    };
  }

  private static PublicPages.Page openApiPage(OpenApiDocument document, String path) {
    if (document == null) {
      return null; // it could not be made (logged): the path goes on to the routes
    }
    return switch (path) {
      case "/openapi.json" -> new PublicPages.Page("application/json", document.json());
      case "/openapi.yaml" -> new PublicPages.Page("application/yaml", document.yaml());
      default -> null;
    };
  }
}
