package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.policy.Header;
import io.grpc.Status;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an exchange's record carries of its policies: headers on every answer, secrets out of the log, and whether it is still open. */
class ExchangeRecordTest {
  private final List<CompletedExchange> ended = new ArrayList<>();
  private final ExchangeRecord record = new ExchangeRecord(new ExchangeObserver() {
    @Override
    public void onStart() {}

    @Override
    public void onEnd(CompletedExchange exchange) {
      ended.add(exchange);
    }
  }, CorsPolicy.OFF, CompletedExchange.HTTP_1_1);

  private static HttpRequest request(String uri) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
  }

  @Test
  void theAccessLogGetsTheUriWithoutTheTokensValueAndTheRefusalsReason() {
    record.begin(request("/v1/books?access_token=eyJ.secret.sig&page=2"));
    record.secretParameters(List.of("access_token"));

    record.end(401, Status.Code.UNAUTHENTICATED, 60, "jwt_expired");

    assertThat(ended.get(0).uri()).isEqualTo("/v1/books?access_token=REDACTED&page=2");
    assertThat(ended.get(0).reason()).isEqualTo("jwt_expired");
  }

  @Test
  void policyHeadersGoOnTheAnswerOfTheirExchangeOnly() {
    record.begin(request("/a"));
    record.policyHeaders(List.of(new Header("ratelimit", "\"l\";r=4;t=1", true)));
    HttpHeaders first = new DefaultHttpHeaders();
    record.addHeaders(first);
    record.end(200, Status.Code.OK, 0, null);

    record.begin(request("/b?access_token=x"));
    HttpHeaders second = new DefaultHttpHeaders();
    record.addHeaders(second);
    record.end(200, Status.Code.OK, 0, null);

    assertThat(first.get("ratelimit")).isEqualTo("\"l\";r=4;t=1");
    assertThat(second.contains("ratelimit")).isFalse();
    assertThat(ended.get(1).uri()).as("no secret named for this exchange").isEqualTo("/b?access_token=x");
  }

  @Test
  void anExchangeIsServedUntilItEnds() {
    HttpRequest first = request("/a");
    record.begin(first);
    assertThat(record.serving(first)).isTrue();

    record.end(499, Status.Code.CANCELLED, 0, Reasons.CLIENT_CLOSED);

    assertThat(record.serving(first)).isFalse();
    record.begin(request("/a"));
    assertThat(record.serving(first)).as("a later request on the same connection is another exchange").isFalse();
  }
}
