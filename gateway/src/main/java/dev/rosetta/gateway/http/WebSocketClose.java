package dev.rosetta.gateway.http;

import io.grpc.Status;
import java.nio.charset.StandardCharsets;

/**
 * The close frame that ends a WebSocket call, carrying its gRPC status (docs/streaming.md):
 * {@code OK} closes with 1000 (normal closure); any other status with 4000 + its gRPC code (the
 * 4000–4999 range is left to applications by RFC 6455 section 7.4.2), so {@code INVALID_ARGUMENT}
 * is 4003 and {@code UNAVAILABLE} 4014, with the status message as the reason.
 *
 * @param code the close status code
 * @param reason at most {@link #MAX_REASON_BYTES} of UTF-8, cut on a character boundary
 */
record WebSocketClose(int code, String reason) {
  /** A close frame's payload is at most 125 bytes, two of which hold the code (RFC 6455 5.5). */
  static final int MAX_REASON_BYTES = 123;
  static final int NORMAL = 1000;
  static final int GOING_AWAY = 1001;
  static final int UNSUPPORTED_DATA = 1003;
  static final int MESSAGE_TOO_BIG = 1009;
  static final int GRPC_BASE = 4000;

  static WebSocketClose of(Status status) {
    if (status.isOk()) {
      return new WebSocketClose(NORMAL, "");
    }
    String message = status.getDescription() == null ? status.getCode().name() : status.getDescription();
    return new WebSocketClose(GRPC_BASE + status.getCode().value(), truncate(message));
  }

  /** The longest prefix of {@code text} whose UTF-8 form fits {@link #MAX_REASON_BYTES}. */
  static String truncate(String text) {
    if (text.length() * 3 <= MAX_REASON_BYTES || text.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
      return text;
    }
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > MAX_REASON_BYTES) {
        break;
      }
      bytes += size;
      end += Character.charCount(cp);
    }
    return text.substring(0, end);
  }
}
