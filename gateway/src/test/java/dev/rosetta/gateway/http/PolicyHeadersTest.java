package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.policy.Decision;
import dev.rosetta.gateway.policy.Header;
import io.grpc.Metadata;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a decision changes on the backend call and on the response, and what it may not: values
 * from a token or an authorization service are checked like a client's own headers.
 */
class PolicyHeadersTest {
  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  private static Decision.Allow allow(List<Header> metadata, Set<String> remove) {
    return new Decision.Allow(metadata, remove, List.of(), List.of(), Map.of());
  }

  @Test
  void aDecisionThatChangesNothingCopiesNothing() {
    Metadata request = new Metadata();
    assertThat(PolicyHeaders.forBackend(request, Decision.Allow.NOTHING)).isSameAs(request);
  }

  @Test
  void removedNamesGoThenAddedOnesReplaceOrAppend() {
    Metadata request = new Metadata();
    request.put(key("authorization"), "Bearer secret");
    request.put(key("x-user-id"), "mallory");
    request.put(key("x-tag"), "client");

    Metadata out = PolicyHeaders.forBackend(request, allow(
        List.of(Header.set("x-user-id", "alice"), new Header("x-tag", "authz", true), Header.set("X-Bin-bin", "AQI=")),
        Set.of("authorization", "x-user-id")));

    assertThat(out.containsKey(key("authorization"))).isFalse();
    assertThat(out.getAll(key("x-user-id"))).containsExactly("alice");
    assertThat(out.getAll(key("x-tag"))).containsExactly("client", "authz");
    assertThat(out.get(Metadata.Key.of("x-bin-bin", Metadata.BINARY_BYTE_MARSHALLER))).containsExactly(1, 2);
    assertThat(request.get(key("authorization"))).as("the request's own metadata is left as it was").isNotNull();
  }

  @Test
  void namesGrpcReservesAndValuesThatCannotTravelAreDropped() {
    Metadata out = PolicyHeaders.forBackend(new Metadata(), allow(List.of(Header.set("grpc-timeout", "1S"),
        Header.set("content-type", "text/plain"), Header.set("te", "x"), Header.set("bad name", "x"),
        Header.set("x-line", "a\r\nb"), Header.set("x-ok", "fine")), Set.of("grpc-status")));

    assertThat(out.keys()).containsExactly("x-ok");
  }

  @Test
  void responseHeadersAppendOrReplaceAndNeverFrameTheResponse() {
    HttpHeaders response = new DefaultHttpHeaders().set("content-type", "application/json").set("x-set", "old");

    PolicyHeaders.addTo(response, List.of(new Header("ratelimit", "\"a\";r=1;t=1", true),
        new Header("ratelimit", "\"b\";r=2;t=1", true), Header.set("x-set", "new"),
        Header.set("content-type", "text/html"), Header.set("content-length", "0"),
        Header.set("transfer-encoding", "chunked"), Header.set("x-split", "a\r\nx-evil: 1"),
        Header.set("bad name", "x")));

    assertThat(response.getAll("ratelimit")).containsExactly("\"a\";r=1;t=1", "\"b\";r=2;t=1");
    assertThat(response.get("x-set")).isEqualTo("new");
    assertThat(response.get("content-type")).isEqualTo("application/json");
    assertThat(response.names()).containsExactlyInAnyOrder("content-type", "x-set", "ratelimit");
  }
}
