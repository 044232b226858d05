package dev.rosetta.gateway.http;

import java.util.concurrent.TimeUnit;

/**
 * Parses the gRPC timeout syntax of the {@code Grpc-Timeout} request header: at most 8 ASCII
 * digits and a unit, {@code H} hours, {@code M} minutes, {@code S} seconds, {@code m} millis,
 * {@code u} micros, {@code n} nanos (gRPC over HTTP/2, "Timeout"). {@code 500m} is half a second.
 */
final class GrpcTimeout {
  private GrpcTimeout() {}

  /** The timeout in nanoseconds; throws IllegalArgumentException naming the bad value. */
  static long parseNanos(String value) {
    String v = value.trim();
    if (v.length() < 2 || v.length() > 9) {
      throw invalid(value);
    }
    long amount = 0;
    for (int i = 0; i < v.length() - 1; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(value);
      }
      amount = amount * 10 + (c - '0');
    }
    TimeUnit unit = switch (v.charAt(v.length() - 1)) {
      case 'H' -> TimeUnit.HOURS;
      case 'M' -> TimeUnit.MINUTES;
      case 'S' -> TimeUnit.SECONDS;
      case 'm' -> TimeUnit.MILLISECONDS;
      case 'u' -> TimeUnit.MICROSECONDS;
      case 'n' -> TimeUnit.NANOSECONDS;
      default -> throw invalid(value);
    };
    return unit.toNanos(amount);
  }

  private static IllegalArgumentException invalid(String value) {
    return new IllegalArgumentException(
        "invalid Grpc-Timeout header \"" + value + "\": expected 1-8 digits and a unit H, M, S, m, u or n (e.g. 500m)");
  }
}
