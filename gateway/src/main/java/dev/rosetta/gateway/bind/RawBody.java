package dev.rosetta.gateway.bind;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import dev.rosetta.gateway.route.Route;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * {@code google.api.HttpBody} request bodies: when the request message is an HttpBody ({@code
 * body: "*"}) or {@code body} names an HttpBody field, the HTTP body is not JSON but the bytes of
 * the message's {@code data}, with the request's {@code Content-Type} as its {@code content_type}
 * (google/api/httpbody.proto). Stateless.
 */
public final class RawBody {
  public static final String HTTP_BODY = "google.api.HttpBody";
  private static final int CONTENT_TYPE = 1;
  private static final int DATA = 2;

  private RawBody() {}

  /** Whether the route's body is raw bytes rather than JSON. */
  public static boolean takesRawBody(Route route) {
    FieldDescriptor field = route.bodyField();
    if ("*".equals(route.body())) {
      return isHttpBody(route.method().getInputType());
    }
    return field != null && !field.isRepeated() && field.getJavaType() == JavaType.MESSAGE
        && isHttpBody(field.getMessageType());
  }

  public static boolean isHttpBody(Descriptor type) {
    return type.getFullName().equals(HTTP_BODY);
  }

  /**
   * The wire bytes the body contributes to the request message: an HttpBody, or for {@code body:
   * "field"} that field holding one. {@code data} is left unread and unreleased; null or empty
   * gives an HttpBody without data.
   */
  static byte[] encode(Route route, String contentType, ByteBuf data) {
    int size = data == null ? 0 : data.readableBytes();
    byte[] type = contentType == null ? new byte[0] : contentType.getBytes(StandardCharsets.UTF_8);
    WireWriter body = new WireWriter(size + type.length + 16);
    if (type.length > 0) {
      body.writeLengthDelimited(CONTENT_TYPE, type);
    }
    if (size > 0) {
      byte[] bytes = new byte[size];
      data.getBytes(data.readerIndex(), bytes);
      body.writeLengthDelimited(DATA, bytes);
    }
    FieldDescriptor field = route.bodyField();
    if (field == null) {
      return body.toByteArray();
    }
    byte[] inner = body.toByteArray();
    WireWriter out = new WireWriter(inner.length + 8 * route.bodyPath().size());
    WireWriter value = new WireWriter(inner.length + 8);
    value.writeLengthDelimited(field.getNumber(), inner);
    out.writeNested(route.bodyPath().subList(0, route.bodyPath().size() - 1), value.toByteArray());
    return out.toByteArray();
  }
}
