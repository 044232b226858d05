package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.backend.BackendRouter;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.testing.TestEngines;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which request the start's warm-up sends: one the gateway routes to a unary method, written plainly. */
class WarmUpRequestTest {

  @Test
  void aUnaryPostWithABodyIsChosenAndItsPathRoutesBackToIt() throws Exception {
    RouteTable routes = TestEngines.of(new BackendRouter(Map.of(), null), c -> c).routes();
    assertThat(routes.routes()).as("the test descriptors have such a route, and streaming ones")
        .anyMatch(WarmUpRequestTest::unaryPostWithBody)
        .anyMatch(route -> route.method().isServerStreaming() || route.method().isClientStreaming());

    WarmUpRequest request = WarmUpRequest.of(routes);

    assertThat(request.routed()).isTrue();
    assertThat(unaryPostWithBody(request.route())).as(request.toString()).isTrue();
    assertThat(routes.match(request.method(), request.path()))
        .isInstanceOfSatisfying(RouteLookup.Found.class,
            found -> assertThat(found.match().route()).isSameAs(request.route()));
    assertThat(new String(request.bytes(), StandardCharsets.US_ASCII))
        .startsWith("POST " + request.path() + " HTTP/1.1\r\n")
        .contains("\r\nContent-Type: application/json\r\n", "\r\nContent-Length: 2\r\n")
        .endsWith("\r\n\r\n{}");
  }

  @Test
  void withoutRoutesItIsThePostThatNoRouteServes() {
    WarmUpRequest request = WarmUpRequest.of(RouteTable.empty());
    assertThat(request.routed()).isFalse();
    assertThat(request.path()).isEqualTo(WarmUpRequest.UNROUTED_PATH);
    assertThat(new String(request.bytes(), StandardCharsets.US_ASCII))
        .startsWith("POST /.rosetta/warm-up HTTP/1.1\r\n");
  }

  private static boolean unaryPostWithBody(Route route) {
    return "POST".equals(route.httpMethod()) && !route.body().isEmpty()
        && !route.method().isServerStreaming() && !route.method().isClientStreaming();
  }
}
