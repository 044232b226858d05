package dev.rosetta.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swagger UI at /docs, in a real headless Chromium, against the demo (the example library
 * backend): the page lists the API, "Try it out" on GET /v1/shelves runs the call through the
 * gateway, and the backend's shelves appear in the page. Saves a screenshot to
 * {@code target/screenshots/swagger-ui-try-it-out.png}.
 *
 * <p>Needs Debian's chromium ({@code .ci/install-browser.sh} installs it). Without it the test
 * fails, unless {@code ROSETTA_SKIP_BROWSER_TESTS=1} says to skip it.
 */
class SwaggerUiBrowserTest {
  private static final String OPERATION = "#operations-LibraryService-LibraryService_ListShelves";

  @TempDir Path dir;

  @Test
  void tryItOutOnAGetRouteShowsTheBackendsAnswer() throws Exception {
    String chromium = DevTools.chromium();
    try (ExampleBackend backend = ExampleBackend.start(new InetSocketAddress("127.0.0.1", 0))) {
      GatewayConfig base = GatewayConfig.of(List.of("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE),
          "127.0.0.1:" + backend.port());
      GatewayConfig config = GatewayHarness.onLoopback(base)
          .withOperations(OperationsOptions.defaults().withServeOpenApi(true));
      try (Gateway gateway = Gateway.start(config);
          DevTools browser = DevTools.launch(chromium, Files.createDirectories(dir.resolve("profile")))) {
        browser.navigate("http://127.0.0.1:" + gateway.address().getPort() + "/docs");
        Duration wait = Duration.ofSeconds(30);
        browser.await("the ListShelves operation", "!!document.querySelector('" + OPERATION + "')", wait);
        browser.evaluate("(document.querySelector('" + OPERATION + " .opblock-summary-control')"
            + " || document.querySelector('" + OPERATION + " .opblock-summary')).click()");
        browser.await("the Try it out button", "!!document.querySelector('" + OPERATION + " .try-out__btn')", wait);
        browser.evaluate("document.querySelector('" + OPERATION + " .try-out__btn').click()");
        browser.await("the Execute button", "!!document.querySelector('" + OPERATION + " .execute')", wait);
        browser.evaluate("document.querySelector('" + OPERATION + " .execute').click()");
        browser.await("the backend's shelves in the live response",
            "(document.querySelector('" + OPERATION + " .live-responses-table') || {innerText: ''})"
                + ".innerText.includes('Science fiction')", wait);
        String response = browser.evaluate(
            "document.querySelector('" + OPERATION + " .live-responses-table').innerText").getStringValue();
        assertThat(response).contains("200").contains("shelves/scifi");
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        Path png = Files.write(screenshots.resolve("swagger-ui-try-it-out.png"), browser.screenshot());
        assertThat(Files.size(png)).isGreaterThan(10_000);
      }
    }
  }
}
