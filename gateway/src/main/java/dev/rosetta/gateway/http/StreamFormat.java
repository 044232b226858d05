package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The framings of a server-streamed response over chunked transfer encoding, each with its own
 * way of carrying an error that happens after the first message (the HTTP status is sent by
 * then):
 *
 * <pre>
 * ARRAY         [{"n":1},{"n":2},{"error":{"code":13,"message":"...","details":[]}}]
 * NDJSON        {"n":1}\n{"n":2}\n{"error":{...}}\n
 * SSE           data: {"n":1}\n\ndata: {"n":2}\n\nevent: error\ndata: {...}\n\n
 * GRPC_GATEWAY  {"result":{"n":1}}\n{"result":{"n":2}}\n{"error":{...}}\n
 * </pre>
 *
 * The message JSON is compact (the codec never prints a raw newline), so one SSE {@code data:}
 * line always holds one whole message. GRPC_GATEWAY is grpc-gateway's envelope (its {@code
 * runtime.ForwardResponseStream}), sent as {@code application/json} as grpc-gateway sends it; a
 * client asks for it per request with {@code Accept: application/x-grpc-gateway+json}, or for
 * every request with {@code --stream-format grpc-gateway}. Its error object is the
 * google.rpc.Status of grpc-gateway v2 (v1 sent {@code grpc_code}, {@code http_code} ...).
 */
public enum StreamFormat {
  ARRAY("application/json"),
  NDJSON("application/x-ndjson"),
  SSE("text/event-stream"),
  GRPC_GATEWAY("application/json");

  /** The {@code Accept} media type that asks for {@link #GRPC_GATEWAY}; the response is {@code application/json}. */
  static final String GRPC_GATEWAY_ACCEPT = "application/x-grpc-gateway+json";

  private final String contentType;

  StreamFormat(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /** {@code array}, {@code ndjson}, {@code sse} or {@code grpc-gateway}, for the flag. */
  public static StreamFormat parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown stream format \"" + name
          + "\": expected array, ndjson, sse or grpc-gateway");
    }
  }

  /**
   * The framing an {@code Accept} header asks for: the first of its media types that names a
   * framing wins (quality values are not weighed); otherwise {@code fallback}. {@code
   * application/json} names the array: clients generated from the OpenAPI document send {@code
   * application/json, application/x-ndjson, text/event-stream} and parse a JSON array.
   */
  static StreamFormat forAccept(CharSequence accept, StreamFormat fallback) {
    if (accept == null) {
      return fallback;
    }
    for (String range : accept.toString().split(",")) {
      int semicolon = range.indexOf(';');
      String mime = (semicolon < 0 ? range : range.substring(0, semicolon)).trim();
      if (mime.equalsIgnoreCase(SSE.contentType)) {
        return SSE;
      }
      if (mime.equalsIgnoreCase(NDJSON.contentType)) {
        return NDJSON;
      }
      if (mime.equalsIgnoreCase(ARRAY.contentType)) {
        // Both JSON framings answer as application/json: a gateway set to grpc-gateway's envelope
        // keeps it for the grpc-gateway clients that ask for application/json.
        return fallback == GRPC_GATEWAY ? GRPC_GATEWAY : ARRAY;
      }
      if (mime.equalsIgnoreCase(GRPC_GATEWAY_ACCEPT)) {
        return GRPC_GATEWAY;
      }
    }
    return fallback;
  }

  /** Written once before the first message (or the error, or the end). */
  void begin(ByteBuf out) {
    if (this == ARRAY) {
      out.writeByte('[');
    }
  }

  void beforeMessage(ByteBuf out, boolean first) {
    switch (this) {
      case ARRAY -> {
        if (!first) {
          out.writeByte(',');
        }
      }
      case SSE -> out.writeBytes(DATA);
      case GRPC_GATEWAY -> out.writeBytes(RESULT);
      case NDJSON -> { }
    }
  }

  void afterMessage(ByteBuf out) {
    switch (this) {
      case ARRAY -> { }
      case SSE -> out.writeBytes(BLANK_LINE);
      case NDJSON -> out.writeByte('\n');
      case GRPC_GATEWAY -> {
        out.writeByte('}');
        out.writeByte('\n');
      }
    }
  }

  /** An error after messages went out: {@code status} is the google.rpc.Status JSON. */
  void error(ByteBuf out, boolean first, ByteBuf status) {
    switch (this) {
      case ARRAY, NDJSON, GRPC_GATEWAY -> {
        if (this == ARRAY && !first) {
          out.writeByte(',');
        }
        out.writeCharSequence("{\"error\":", StandardCharsets.US_ASCII);
        out.writeBytes(status);
        out.writeByte('}');
        if (this != ARRAY) {
          out.writeByte('\n');
        }
      }
      case SSE -> {
        out.writeCharSequence("event: error\n", StandardCharsets.US_ASCII);
        out.writeBytes(DATA);
        out.writeBytes(status);
        out.writeBytes(BLANK_LINE);
      }
    }
  }

  void end(ByteBuf out) {
    if (this == ARRAY) {
      out.writeByte(']');
    }
  }

  /** An SSE comment: ignored by EventSource, but traffic for every proxy on the way. */
  static void heartbeat(ByteBuf out) {
    out.writeCharSequence(":\n\n", StandardCharsets.US_ASCII);
  }

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESULT = "{\"result\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BLANK_LINE = {'\n', '\n'};
}
