package dev.rosetta.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.http.PublicPages;
import dev.rosetta.gateway.openapi.OpenApiDocument;
import dev.rosetta.gateway.route.RouteTable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The documentation pages are looked up for every GET, before the routes: while the first OpenAPI
 * document is still being made, only a request for it waits; and such a request begins the making
 * if the gateway has not yet.
 */
class DocumentationPagesTest {
  private final CountDownLatch generating = new CountDownLatch(1);
  private final DocumentationPages pages = new DocumentationPages(new ServedOpenApi(() -> {
    try {
      assertThat(generating.await(10, TimeUnit.SECONDS)).isTrue();
      return OpenApiDocument.of(RouteTable.build(
          Gateway.loadRegistry(List.of("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE))));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }));

  @Test
  void aRoutesRequestDoesNotWaitForTheFirstDocument() throws Exception {
    pages.begin();
    CompletableFuture<PublicPages.Page> route = CompletableFuture.supplyAsync(() -> pages.find("/v1/shelves"));
    assertThat(route.get(5, TimeUnit.SECONDS)).isNull();
    generating.countDown();
  }

  @Test
  void aRequestForTheDocumentBeginsItAndWaitsUntilItIsMadeAndTheUiIsServedBesideIt() throws Exception {
    CompletableFuture<PublicPages.Page> document = CompletableFuture.supplyAsync(() -> pages.find("/openapi.json"));
    Thread.sleep(200);
    assertThat(document).isNotDone();
    assertThat(pages.find("/docs").contentType()).startsWith("text/html");
    assertThat(pages.find("/docs/swagger-ui-bundle.js").body().length).isGreaterThan(100_000);
    generating.countDown();
    PublicPages.Page page = document.get(10, TimeUnit.SECONDS);
    assertThat(page.contentType()).isEqualTo("application/json");
    assertThat(new String(page.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"/v1/shelves\"");
    assertThat(pages.find("/openapi.yaml").contentType()).isEqualTo("application/yaml");
    assertThat(pages.find("/docs/nothing-here")).isNull();
  }
}
