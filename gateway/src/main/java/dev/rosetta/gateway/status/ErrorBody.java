package dev.rosetta.gateway.status;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
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
 *
 * <p>The Connect protocol has its own error JSON ({@link #writeConnect}): the code by name,
 * {@code {"code":"not_found","message":"...","details":[{"type":"google.rpc.ResourceInfo",
 * "value":"<unpadded base64>","debug":{...}}]}}, with the same details.
 */
public final class ErrorBody {
  /** The trailer grpc-java and every gRPC library use for a serialized google.rpc.Status. */
  public static final Metadata.Key<byte[]> STATUS_DETAILS_KEY =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  private final JsonFormat.Printer anyPrinter;
  /** For Connect's {@code debug} form of a detail: its type by name. */
  private final JsonFormat.TypeRegistry types;

  public ErrorBody(JsonFormat.TypeRegistry types) {
    this.types = types;
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

  /** Writes Connect's error JSON for a backend status, with the details carried by its trailers. */
  public void writeConnect(Status status, Metadata trailers, ByteBuf out) {
    com.google.rpc.Status rich = richStatus(trailers);
    String message = status.getDescription() == null ? "" : status.getDescription();
    writeConnect(status.getCode(), rich == null || rich.getMessage().isEmpty() ? message : rich.getMessage(),
        rich == null ? List.of() : rich.getDetailsList(), out);
  }

  /** Writes Connect's error JSON for an error the gateway answers itself. */
  public void writeConnect(GatewayError error, ByteBuf out) {
    writeConnect(error.code(), error.message(), List.of(), out);
  }

  /**
   * Connect's name of a gRPC code (connectrpc.com/docs/protocol, "Error Codes"): the gRPC name in
   * lower case, except CANCELLED, which Connect spells {@code canceled}.
   */
  public static String connectCode(Status.Code code) {
    return code == Status.Code.CANCELLED ? "canceled" : code.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The backend's {@code google.rpc.Status} from its trailers; null when there is none, or it is corrupt. */
  private static com.google.rpc.Status richStatus(Metadata trailers) {
    byte[] encoded = trailers == null ? null : trailers.get(STATUS_DETAILS_KEY);
    try {
      return encoded == null ? null : com.google.rpc.Status.parseFrom(encoded);
    } catch (InvalidProtocolBufferException e) {
      return null; // a corrupt trailer must not hide the status itself
    }
  }

  private void writeConnect(Status.Code code, String message, List<Any> details, ByteBuf out) {
    StringBuilder json = new StringBuilder(64 + message.length());
    json.append("{\"code\":\"").append(connectCode(code)).append('"');
    if (!message.isEmpty()) {
      json.append(",\"message\":");
      JsonStrings.quote(message, json);
    }
    if (!details.isEmpty()) {
      json.append(",\"details\":[");
      for (int i = 0; i < details.size(); i++) {
        if (i > 0) {
          json.append(',');
        }
        appendConnectDetail(details.get(i), json);
      }
      json.append(']');
    }
    json.append('}');
    out.writeCharSequence(json, StandardCharsets.UTF_8);
  }

  /**
   * {@code {"type": full name, "value": unpadded base64 of the message, "debug": its JSON}}: the
   * debug form only when the type is known (clients must not depend on it).
   */
  private void appendConnectDetail(Any detail, StringBuilder json) {
    String url = detail.getTypeUrl();
    String name = url.substring(url.lastIndexOf('/') + 1);
    json.append("{\"type\":");
    JsonStrings.quote(name, json);
    json.append(",\"value\":\"")
        .append(Base64.getEncoder().withoutPadding().encodeToString(detail.getValue().toByteArray()))
        .append('"');
    try {
      Descriptor type = types.find(name);
      if (type != null) {
        String debug = anyPrinter.print(DynamicMessage.parseFrom(type, detail.getValue()));
        json.append(",\"debug\":").append(debug);
      }
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      // No debug form: the value is what clients read.
    }
    json.append('}');
  }
}
