package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.e2e.v1.MetadataResponse;
import dev.rosetta.gateway.testing.Json;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the end-to-end policy tests share: the HTTP versions they run over (HTTP/1.1, and HTTP/2
 * in cleartext: the JDK client upgrades its connection with {@code Upgrade: h2c}), a real client
 * for each, and a reader for what the backend's {@code Metadata} method saw.
 */
final class EdgeClients {
  private EdgeClients() {}

  /** The protocols every end-to-end policy test runs over: a {@code @MethodSource} for them. */
  static Stream<HttpClient.Version> versions() {
    return Stream.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2);
  }

  static HttpClient client(HttpClient.Version version) {
    return HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The request metadata the echo backend received, from {@code GET /e2e/metadata}'s answer. */
  static Map<String, String> backendSaw(String body) {
    return Json.parse(body, MetadataResponse.getDefaultInstance()).getHeadersMap();
  }
}
