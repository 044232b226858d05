package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.TimeUnit;

/**
 * Connect's deadline header (connectrpc.com/docs/protocol, "Timeout"):
 * {@code Connect-Timeout-Ms = 1*10DIGIT}, a positive number of milliseconds. Stateless.
 */
final class ConnectTimeout {
  static final String HEADER = "connect-timeout-ms";

  private ConnectTimeout() {}

  /** The deadline in ns; -1 without the header; 400 {@code bad_connect_timeout} for a value that does not parse. */
  static long nanos(HttpRequest request) throws ExchangeException {
    String value = request.headers().get(HEADER);
    if (value == null) {
      return -1;
    }
    String v = value.trim();
    if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9') || Long.parseLong(v) == 0) {
      throw new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT, "invalid Connect-Timeout-Ms \""
          + value + "\": expected a positive number of milliseconds, at most 10 digits", Reasons.BAD_CONNECT_TIMEOUT));
    }
    return TimeUnit.MILLISECONDS.toNanos(Long.parseLong(v));
  }
}
