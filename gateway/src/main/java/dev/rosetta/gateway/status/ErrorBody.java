package dev.rosetta.gateway.status;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes the JSON error body every failed request gets: a {@code google.rpc.Status} as
 * {@code {"code": 5, "message": "...", "details": [...]}}.
 *
 * <p>When the backend's trailers carry {@code grpc-status-details-bin}, the message and the details
 * come from that {@code google.rpc.Status} (as Envoy's transcoder does: it is the backend's own,
 * richer statement of the error; {@code grpc-message} may be shortened or absent); the code stays
 * the call's. Details print with their {@code @type} through the registry's types (which always
 * include google.rpc's error details).
 * A detail whose type nobody knows still reaches the client, as {@code @type} plus the base64
 * {@code value}, the form JsonFormat itself uses for unknown Any payloads. Immutable, thread safe.
 */
public final class ErrorBody {
  /** The trailer grpc-java and every gRPC library use for a serialized google.rpc.Status. */
  public static final Metadata.Key<byte[]> STATUS_DETAILS_KEY =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  private final JsonFormat.Printer anyPrinter;

  public ErrorBody(JsonFormat.TypeRegistry types) {
    this.anyPrinter = JsonFormat.printer().usingTypeRegistry(types).omittingInsignificantWhitespace();
  }

  /** Writes the body for a backend status, with the message and details carried by its trailers. */
  public void write(Status status, Metadata trailers, ByteBuf out) {
    List<Any> details = List.of();
    String message = status.getDescription() == null ? "" : status.getDescription();
    byte[] encoded = trailers == null ? null : trailers.get(STATUS_DETAILS_KEY);
    if (encoded != null) {
      try {
        com.google.rpc.Status rich = com.google.rpc.Status.parseFrom(encoded);
        details = rich.getDetailsList();
        if (!rich.getMessage().isEmpty()) {
          message = rich.getMessage();
        }
      } catch (InvalidProtocolBufferException e) {
        // A corrupt trailer must not hide the status itself: send it without details.
        details = List.of();
      }
    }
    write(status.getCode(), message, details, out);
  }

  /** Writes the body for an error the gateway answers itself. */
  public void write(GatewayError error, ByteBuf out) {
    write(error.code(), error.message(), List.of(), out);
  }

  void write(Status.Code code, String message, List<Any> details, ByteBuf out) {
    StringBuilder json = new StringBuilder(64 + message.length());
    json.append("{\"code\":").append(code.value()).append(",\"message\":");
    JsonStrings.quote(message, json);
    json.append(",\"details\":[");
    for (int i = 0; i < details.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      appendDetail(details.get(i), json);
    }
    json.append("]}");
    out.writeCharSequence(json, StandardCharsets.UTF_8);
  }

  private void appendDetail(Any detail, StringBuilder json) {
    try {
      json.append(anyPrinter.print(detail));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      json.append("{\"@type\":");
      JsonStrings.quote(detail.getTypeUrl(), json);
      json.append(",\"value\":\"")
          .append(Base64.getEncoder().encodeToString(detail.getValue().toByteArray()))
          .append("\"}");
    }
  }
}
