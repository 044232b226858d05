package dev.rosetta.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.gateway.openapi.OpenApiDocument;
import dev.rosetta.gateway.route.RouteTable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The first OpenAPI document is made off the start-up path, and whoever asks for it early waits. */
class ServedOpenApiTest {
  private static OpenApiDocument first;
  private static OpenApiDocument reloaded;

  @BeforeAll
  static void documents() throws Exception {
    RouteTable routes = RouteTable.build(Gateway.loadRegistry(List.of("classpath:" + ExampleBackend.DESCRIPTOR_RESOURCE)));
    first = OpenApiDocument.of(routes);
    reloaded = OpenApiDocument.of(routes);
  }

  private final AtomicInteger made = new AtomicInteger();

  /** Serves {@code first} as its first document, counting how often it is made. */
  private ServedOpenApi counting() {
    return new ServedOpenApi(() -> {
      made.incrementAndGet();
      return first;
    });
  }

  @Test
  void nothingIsMadeUntilBegunAndThenOnlyOnce() throws Exception {
    ServedOpenApi served = counting();
    Thread.sleep(100);
    assertThat(made).hasValue(0);
    served.begin();
    served.begin();
    assertThat(served.get()).isSameAs(first);
    assertThat(made).hasValue(1);
  }

  @Test
  void aReloadBeforeTheFirstDocumentIsBegunLeavesItUnmade() throws Exception {
    ServedOpenApi served = counting();
    served.set(reloaded);
    served.begin();
    Thread.sleep(100);
    assertThat(made).hasValue(0);
    assertThat(served.get()).isSameAs(reloaded);
  }

  @Test
  void aRequestBeforeTheFirstDocumentIsMadeWaitsForIt() throws Exception {
    CountDownLatch generating = new CountDownLatch(1);
    ServedOpenApi served = new ServedOpenApi(() -> {
      await(generating);
      return first;
    });
    served.begin();
    CompletableFuture<OpenApiDocument> request = CompletableFuture.supplyAsync(served::get);
    Thread.sleep(200);
    assertThat(request).isNotDone();
    generating.countDown();
    assertThat(request.get(10, TimeUnit.SECONDS)).isSameAs(first);
  }

  @Test
  void aReloadDuringTheFirstGenerationWins() throws Exception {
    CountDownLatch generating = new CountDownLatch(1);
    ServedOpenApi served = new ServedOpenApi(() -> {
      await(generating);
      return first;
    });
    served.begin();
    served.set(reloaded);
    assertThat(served.get()).isSameAs(reloaded);
    generating.countDown();
    Thread.sleep(100);
    assertThat(served.get()).isSameAs(reloaded);
  }

  @Test
  void aGenerationThatFailsLeavesNoDocumentToServe() {
    ServedOpenApi served = new ServedOpenApi(() -> {
      throw new IllegalStateException("a schema that cannot be written");
    });
    assertThat(served.get()).isNull();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
