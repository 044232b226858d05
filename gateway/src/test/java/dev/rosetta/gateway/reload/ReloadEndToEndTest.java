package dev.rosetta.gateway.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.OperationsOptions;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload: POST /reload and the file watch swap routes in without failing a request. */
class ReloadEndToEndTest {
  @TempDir Path dir;
  GatewayHarness harness;

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private Path start(boolean watch) throws Exception {
    Path api = dir.resolve("api.pb");
    Files.write(api, DescriptorSets.original());
    harness = GatewayHarness.start(c -> new dev.rosetta.gateway.GatewayConfig(List.of(api.toString()), c.backend(),
        c.server(), c.codec(), c.codecName(), c.ignoreUnknownQueryParameters(), c.backendOptions())
        .withOperations(OperationsOptions.defaults().withAdminPort(0).withWatchDescriptors(watch)));
    return api;
  }

  private HttpResponse<String> admin(String method, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + harness.gateway.adminAddress().getPort() + path);
    return harness.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void reloadsUnderSteadyLoadFailNoRequestAndThenServeTheNewRoute() throws Exception {
    Path api = start(false);
    assertThat(harness.get("/e2e/v2/echo/a").statusCode()).isEqualTo(404);
    AtomicInteger ok = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    AtomicInteger failed = new AtomicInteger();
    long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    Thread load = new Thread(() -> {
      for (int i = 0; i < 5_000 && System.nanoTime() < end; i++) {
        try {
          HttpResponse<String> response = harness.get("/e2e/echo/load" + i);
          if (response.statusCode() == 200 && response.body().contains("load" + i)) {
            ok.incrementAndGet();
          } else {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, response.statusCode() + " " + response.body());
          }
        } catch (Exception e) {
          failed.incrementAndGet();
          firstFailure.compareAndSet(null, e.toString());
        }
      }
    });
    load.start();
    int reloads = 0;
    while (System.nanoTime() < end - Duration.ofMillis(300).toNanos()) {
      DescriptorSets.replace(api, reloads % 2 == 0 ? DescriptorSets.withNewRoute() : DescriptorSets.original());
      HttpResponse<String> reload = admin("POST", "/reload");
      assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
      reloads++;
      Thread.sleep(50);
    }
    load.join(Duration.ofSeconds(30).toMillis());
    assertThat(failed.get()).as("first failure: %s", firstFailure.get()).isZero();
    assertThat(ok.get()).isGreaterThan(50);
    assertThat(reloads).isGreaterThan(5);

    DescriptorSets.replace(api, DescriptorSets.withNewRoute());
    assertThat(admin("POST", "/reload").body()).contains("\"reloaded\":true");
    HttpResponse<String> fresh = harness.get("/e2e/v2/echo/new");
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.body()).contains("\"id\":\"new\"");
    assertThat(metric(admin("GET", "/metrics").body(), "rosetta_reloads_total{result=\"success\"}"))
        .isEqualTo(reloads + 1);
  }

  @Test
  void aBrokenFileKeepsTheOldRoutesAndCountsAFailedReload() throws Exception {
    Path api = start(false);
    Files.write(api, new byte[] {0x0a, 0x7f, 0x01});
    HttpResponse<String> reload = admin("POST", "/reload");
    assertThat(reload.statusCode()).isEqualTo(500);
    assertThat(reload.body()).contains("\"reloaded\":false").contains(api.toString());
    assertThat(harness.get("/e2e/echo/still").statusCode()).isEqualTo(200);
    String metrics = admin("GET", "/metrics").body();
    assertThat(metric(metrics, "rosetta_reloads_total{result=\"failure\"}")).isEqualTo(1);
    assertThat(metric(metrics, "rosetta_reloads_total{result=\"success\"}")).isZero();
  }

  @Test
  void replacingTheWatchedFileReloadsByItself() throws Exception {
    Path api = start(true);
    DescriptorSets.replace(api, DescriptorSets.withNewRoute());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status = harness.get("/e2e/v2/echo/w").statusCode();
    while (status != 200 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      status = harness.get("/e2e/v2/echo/w").statusCode();
    }
    assertThat(status).isEqualTo(200);
  }

  private static double metric(String metrics, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
