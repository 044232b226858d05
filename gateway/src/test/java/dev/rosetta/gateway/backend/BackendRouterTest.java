package dev.rosetta.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact names first, then the longest package.* pattern, then the default. Channels connect lazily: nothing listens. */
class BackendRouterTest {
  private static final MultiThreadIoEventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  private static Backend backend(String name, String... services) {
    return new Backend(BackendSpec.of(name, "127.0.0.1:1", List.of(services)), Set.of(), GROUP, NioSocketChannel.class,
        BackendOptions.DEFAULTS);
  }

  private static final BackendRouter ROUTER = BackendRouter.of(List.of(
      backend("exact", "a.b.v1.Books"),
      backend("package", "a.b.*"),
      backend("wide", "a.*"),
      backend("default")));

  @AfterAll
  static void close() {
    ROUTER.close();
    GROUP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(textBlock = """
      a.b.v1.Books,    exact
      a.b.v1.Shelves,  package
      a.c.Other,       wide
      z.Other,         default
      a.bb.Other,      wide
      """)
  void theMostSpecificClaimWins(String service, String backend) {
    assertThat(ROUTER.backendFor(service).spec().name()).isEqualTo(backend);
  }

  @Test
  void withoutADefaultAnUnclaimedServiceHasNoBackend() {
    BackendRouter router = BackendRouter.of(List.of(backend("only", "a.*")));
    try {
      assertThat(router.backendFor("b.Service")).isNull();
    } finally {
      router.close();
    }
  }

  @Test
  void aServiceClaimedTwiceIsRejected() {
    Backend one = backend("one", "a.S");
    Backend two = backend("two", "a.S");
    try {
      assertThatThrownBy(() -> BackendRouter.of(List.of(one, two)))
          .hasMessageContaining("service 'a.S' is claimed by backends 'one' and 'two'");
    } finally {
      one.close();
      two.close();
    }
  }

  @Test
  void twoDefaultsAreRejected() {
    Backend one = backend("one");
    Backend two = backend("two");
    try {
      assertThatThrownBy(() -> BackendRouter.of(List.of(one, two))).hasMessageContaining("two default backends");
    } finally {
      one.close();
      two.close();
    }
  }
}
