package dev.rosetta.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rosetta.gateway.bind.BindException;
import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.route.RouteMatch;
import io.netty.buffer.Unpooled;

/**
 * Query binding with arbitrary query strings: the request message is built, or a
 * {@link BindException} names the problem; nothing else escapes.
 */
class BindingFuzzTest {
  private static final RouteMatch GET_ECHO =
      ((RouteLookup.Found) FuzzFixture.ROUTES.match("GET", "/e2e/echo/fuzz")).match();

  @FuzzTest(maxDuration = "60s")
  void anyQueryStringBindsOrIsABindException(FuzzedDataProvider data) {
    String query = data.consumeRemainingAsString();
    try {
      byte[] message = FuzzFixture.BINDER.bind(GET_ECHO, query, Unpooled.EMPTY_BUFFER);
      assertThat(message).isNotNull();
    } catch (BindException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
