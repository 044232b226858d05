package dev.rosetta.gateway.policy;

import static dev.rosetta.gateway.policy.PolicyFixture.LIBRARY;
import static dev.rosetta.gateway.policy.PolicyFixture.route;
import static dev.rosetta.gateway.policy.PolicyFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BoolValue;
import dev.rosetta.gateway.route.Route;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * External authorization against real grpc-java {@code envoy.service.auth.v3.Authorization}
 * servers on loopback: what the check carries, OK with headers, denials with the service's own
 * status, headers and body, timeouts with and without failure-mode-allow, and checks balanced
 * over replicas.
 */
class AuthzPolicyTest {
  private static final Route CREATE_BOOK = route("POST", "/v1/{parent=shelves/*}/books");
  private static final Route LIST_SHELVES = route("GET", "/v1/shelves");

  private final PolicyFixture fixture = new PolicyFixture();

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private Policies start(AuthzSpec authz) throws PolicyException {
    Policies policies = fixture.start(new PolicyConfig(List.of(), List.of(), authz, null,
        List.of(rule("t.yaml:5", r -> r.service(LIBRARY).httpMethods("POST").authz(true)))));
    return policies;
  }

  private PolicyServers.Authz authz(java.util.function.Function<CheckRequest, CheckResponse> answer) throws Exception {
    PolicyServers.Authz server = PolicyServers.Authz.start(answer);
    fixture.closeLater(server);
    return server;
  }

  private static AuthzSpec spec(PolicyServers.Authz... replicas) {
    return new AuthzSpec(PolicyServers.service("authz", replicas), Duration.ofSeconds(2), false, 403, 64, false, "t:1");
  }

  private static CheckResponse ok(HeaderValueOption... headers) {
    return CheckResponse.newBuilder().setStatus(com.google.rpc.Status.newBuilder().setCode(0))
        .setOkResponse(OkHttpResponse.newBuilder().addAllHeaders(List.of(headers)).addHeadersToRemove("x-drop-me")
            .addResponseHeadersToAdd(header("x-checked", "yes", false)))
        .build();
  }

  @SuppressWarnings("deprecation") // append: what authorization services send (see AuthzStage.header)
  private static HeaderValueOption header(String name, String value, boolean append) {
    return HeaderValueOption.newBuilder().setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
        .setAppend(BoolValue.of(append)).build();
  }

  @Test
  void theCheckCarriesTheMethodPathHeadersPeerRouteAndABoundedBody() throws Exception {
    PolicyServers.Authz server = authz(r -> ok());
    Policies policies = start(spec(server));
    byte[] body = "{\"title\":\"Dune\",\"padding\":\"................................................\"}"
        .getBytes(StandardCharsets.UTF_8);

    fixture.admit(policies, CREATE_BOOK, r -> r.path("/v1/shelves/scifi/books").query("x=1")
        .header("Host", "books.test").header("X-Trace", "a").header("x-trace", "b").body(body, false)).allow();

    AttributeContext attributes = server.requests.poll(5, TimeUnit.SECONDS).getAttributes();
    AttributeContext.HttpRequest http = attributes.getRequest().getHttp();
    assertThat(http.getMethod()).isEqualTo("POST");
    assertThat(http.getPath()).isEqualTo("/v1/shelves/scifi/books?x=1");
    assertThat(http.getHost()).isEqualTo("books.test");
    assertThat(http.getHeadersMap()).containsEntry("x-trace", "a,b").containsEntry("x-envoy-auth-partial-body", "true");
    assertThat(http.getBody()).hasSize(64).isEqualTo(new String(body, 0, 64, StandardCharsets.UTF_8));
    assertThat(attributes.getSource().getAddress().getSocketAddress().getAddress()).isEqualTo("127.0.0.1");
    assertThat(attributes.getSource().getAddress().getSocketAddress().getPortValue()).isEqualTo(40_000);
    assertThat(attributes.getContextExtensionsMap())
        .containsEntry("route", "POST /v1/{parent=shelves/*}/books")
        .containsEntry("method", LIBRARY + "/CreateBook")
        .containsEntry("service", LIBRARY);
    assertThat(policies.chainFor(CREATE_BOOK).bodyBytesWanted()).isEqualTo(64);
  }

  @Test
  void anOkAddsTheServicesHeadersToTheBackendCallAndTheResponse() throws Exception {
    Policies policies = start(spec(authz(r -> ok(header("x-user-id", "42", false), header("x-group", "admins", true)))));

    PolicyFixture.Outcome outcome = fixture.admit(policies, CREATE_BOOK, r -> r.header("X-User-Id", "spoofed"));
    Decision.Allow allow = outcome.allow();

    assertThat(allow.metadata()).containsExactly(new Header("x-user-id", "42", false), new Header("x-group", "admins", true));
    assertThat(allow.removeMetadata()).containsExactly("x-drop-me");
    assertThat(outcome.header("x-checked")).isEqualTo("yes");
    assertThat(allow.annotations()).containsEntry("authz", "ok");
    assertThat(outcome.immediate()).as("a remote call never answers at once").isFalse();
  }

  @Test
  void aDenialGoesToTheClientWithTheServicesStatusHeadersAndBody() throws Exception {
    Policies policies = start(spec(authz(r -> CheckResponse.newBuilder()
        .setStatus(com.google.rpc.Status.newBuilder().setCode(Status.Code.PERMISSION_DENIED.value()))
        .setDeniedResponse(DeniedHttpResponse.newBuilder().setStatus(HttpStatus.newBuilder().setCode(StatusCode.Unauthorized))
            .addHeaders(header("www-authenticate", "Basic realm=\"books\"", false))
            .addHeaders(header("content-type", "application/json", false))
            .setBody("{\"error\":\"who are you?\"}"))
        .build())));

    Decision.Deny deny = fixture.admit(policies, CREATE_BOOK, r -> r).deny();

    assertThat(deny.error().httpStatus()).isEqualTo(401);
    assertThat(deny.error().code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(deny.reason()).isEqualTo(PolicyReasons.AUTHZ_DENIED);
    assertThat(deny.policy()).isEqualTo("ext_authz");
    assertThat(new String(deny.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"who are you?\"}");
    assertThat(deny.contentType()).isEqualTo("application/json");
    assertThat(deny.responseHeaders()).containsExactly(Header.set("www-authenticate", "Basic realm=\"books\""));
  }

  @Test
  void aDenialWithoutStatusOrBodyIsA403WithTheJsonStatus() throws Exception {
    Policies policies = start(spec(authz(r -> CheckResponse.newBuilder()
        .setStatus(com.google.rpc.Status.newBuilder().setCode(Status.Code.PERMISSION_DENIED.value())).build())));

    Decision.Deny deny = fixture.admit(policies, CREATE_BOOK, r -> r).deny();

    assertThat(deny.error().httpStatus()).isEqualTo(403);
    assertThat(deny.error().code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(deny.error().message()).isEqualTo("the authorization service denied the request");
    assertThat(deny.body()).as("the JSON google.rpc.Status of the error").isNull();
  }

  @Test
  void aServiceTooSlowIsRefusedWithStatusOnErrorOrLetThroughWithFailureModeAllow() throws Exception {
    PolicyServers.Authz slow = authz(r -> ok());
    slow.delayMillis.set(2_000);
    Policies closed = start(new AuthzSpec(PolicyServers.service("authz", slow), Duration.ofMillis(100), false, 503, 0,
        false, "t:1"));
    long started = System.nanoTime();
    Decision.Deny deny = fixture.admit(closed, CREATE_BOOK, r -> r).deny();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the timeout").isLessThan(Duration.ofSeconds(1));
    assertThat(deny.error().httpStatus()).isEqualTo(503);
    assertThat(deny.reason()).isEqualTo(PolicyReasons.AUTHZ_FAILED);
    assertThat(deny.error().message()).contains("did not answer in time");

    Policies open = start(new AuthzSpec(PolicyServers.service("authz", slow), Duration.ofMillis(100), true, 403, 0,
        false, "t:1"));
    Decision.Allow allow = fixture.admit(open, CREATE_BOOK, r -> r).allow();
    assertThat(allow.annotations()).containsEntry("authz", "failure_mode_allowed");
  }

  @Test
  void aServiceThatIsDownIsRefusedWith403ByDefault() throws Exception {
    PolicyServers.Authz gone = authz(r -> ok());
    AuthzSpec spec = spec(gone);
    gone.close();
    Policies policies = start(spec);

    Decision.Deny deny = fixture.admit(policies, CREATE_BOOK, r -> r).deny();

    assertThat(deny.error().httpStatus()).isEqualTo(403);
    assertThat(deny.error().message()).contains("is unavailable");
  }

  @Test
  void checksAreBalancedOverTheServicesReplicasRequestByRequest() throws Exception {
    PolicyServers.Authz a = authz(r -> ok());
    PolicyServers.Authz b = authz(r -> ok());
    Policies policies = start(spec(a, b));

    for (int i = 0; i < 20; i++) {
      fixture.admit(policies, CREATE_BOOK, r -> r).allow();
    }
    // round_robin over two ready addresses alternates; the first calls may all go to the first
    // address to connect, so only "each got some" is asserted, never an exact split.
    assertThat(a.calls.get() + b.calls.get()).isEqualTo(20);
    assertThat(a.calls.get()).isPositive();
    assertThat(b.calls.get()).isPositive();
  }

  @Test
  void routesWithoutAuthzNeverCallTheService() throws Exception {
    PolicyServers.Authz server = authz(r -> ok());
    Policies policies = start(spec(server));

    PolicyFixture.Outcome outcome = fixture.admit(policies, LIST_SHELVES, r -> r);

    assertThat(outcome.decision()).isSameAs(Decision.Allow.NOTHING);
    assertThat(outcome.immediate()).isTrue();
    assertThat(server.calls.get()).isZero();
  }
}
