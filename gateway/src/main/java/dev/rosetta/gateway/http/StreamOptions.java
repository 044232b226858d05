package dev.rosetta.gateway.http;

import java.time.Duration;

/**
 * How server-streamed responses are framed. Immutable.
 *
 * @param defaultFormat the framing when the request's {@code Accept} names none of the streaming
 *     media types ({@code text/event-stream}, {@code application/x-ndjson}, {@code
 *     application/x-grpc-gateway+json})
 * @param sseHeartbeat how often an idle Server-Sent Events stream gets a comment line, so proxies
 *     and browsers keep it open; zero for none
 */
public record StreamOptions(StreamFormat defaultFormat, Duration sseHeartbeat) {
  public static final StreamOptions DEFAULTS = new StreamOptions(StreamFormat.ARRAY, Duration.ofSeconds(15));

  public StreamOptions {
    if (defaultFormat == null) {
      throw new IllegalArgumentException("stream format is required: array, ndjson, sse or grpc-gateway");
    }
    if (sseHeartbeat == null || sseHeartbeat.isNegative()) {
      throw new IllegalArgumentException("SSE heartbeat must be zero or positive, got " + sseHeartbeat);
    }
  }
}
