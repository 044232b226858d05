package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.ErrorBody;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * gRPC-Web (grpc/grpc's PROTOCOL-WEB.md): {@code application/grpc-web}, {@code +proto},
 * {@code +json} (JSON messages through the gateway's codec), and {@code application/grpc-web-text}
 * ({@code +proto}), the same frames in base64 ({@link GrpcWebText}).
 *
 * <pre>
 * request  = POST /package.Service/Method, one message frame      (Envelopes; grpc-timeout, grpc-encoding)
 * response = 200, Content-Type as the request's, header metadata as headers,
 *            message frames, then one trailers frame (flag 0x80):
 *              "grpc-status: 0\r\ngrpc-message: ...\r\n" + trailer metadata lines
 * error before any message ("trailers-only") = 200 with grpc-status, grpc-message and
 *            grpc-status-details-bin as headers, no body
 * </pre>
 *
 * Every answer is HTTP 200; the outcome is in {@code grpc-status}, as gRPC-Web clients expect (a
 * non-200 status tells them the gateway, not the call, failed). Compressed request messages are
 * read when {@code grpc-encoding: gzip} says so; responses go out uncompressed. Immutable.
 */
final class GrpcWebFraming implements StreamingRpcFraming {
  static final String LABEL = "grpc-web";
  private static final int TRAILERS = 0x80;
  private static final Set<String> FRAMING_HEADERS = Set.of("x-grpc-web", "x-user-agent");
  private static final Set<String> EXPOSED = Set.of("grpc-status", "grpc-message", "grpc-status-details-bin");

  /** The response's Content-Type: the request's media type. */
  private final String contentType;
  private final boolean text;
  private final boolean json;
  private final String encoding;

  private GrpcWebFraming(String contentType, boolean text, boolean json, String encoding) {
    this.contentType = contentType;
    this.text = text;
    this.json = json;
    this.encoding = encoding;
  }

  /** The framing for a request of media type {@code mime} (application/grpc-web...); null for a codec it does not know. */
  static GrpcWebFraming of(String mime, HttpRequest request) {
    boolean text = mime.startsWith("application/grpc-web-text");
    String codec = mime.substring(text ? "application/grpc-web-text".length() : "application/grpc-web".length());
    boolean json = codec.equals("+json");
    if (!(codec.isEmpty() || codec.equals("+proto") || json && !text)) {
      return null;
    }
    return new GrpcWebFraming(mime, text, json, request.headers().get("grpc-encoding"));
  }

  @Override
  public String label() {
    return LABEL;
  }

  @Override
  public long timeoutNanos(HttpRequest request) throws ExchangeException {
    return Dispatcher.grpcTimeoutNanos(request, -1);
  }

  @Override
  public Set<String> framingHeaders() {
    return FRAMING_HEADERS;
  }

  @Override
  public byte[] requestMessage(RoutedRequest routed, ByteBuf body, ByteBufAllocator alloc, int maxBytes)
      throws ExchangeException {
    if (!Compression.supported(encoding)) {
      throw Compression.unsupported("grpc-encoding", encoding);
    }
    if (!text || body == null) {
      return RpcMessages.single(routed, body, alloc, maxBytes, TRAILERS, encoding, "grpc-encoding", json);
    }
    ByteBuf frames = GrpcWebText.decode(alloc, body);
    try {
      return RpcMessages.single(routed, frames, alloc, maxBytes, TRAILERS, encoding, "grpc-encoding", json);
    } finally {
      frames.release();
    }
  }

  @Override
  public FullHttpResponse status(ErrorBody errors, ByteBufAllocator alloc, Status status, int httpStatus,
      Metadata headers, Metadata trailers) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.EMPTY_BUFFER);
    HttpHeaders out = response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    RpcMessages.headers(headers, out);
    for (Map.Entry<String, String> field : statusFields(status, trailers)) {
      out.add(field.getKey(), field.getValue());
    }
    return response;
  }

  @Override
  public HttpResponse streamHead(Metadata headers) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    RpcMessages.headers(headers, head.headers());
    return head;
  }

  @Override
  public ByteBuf streamMessage(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire) throws ExchangeException {
    ByteBuf message = RpcMessages.encode(routed, alloc, wire, json);
    try {
      return textIfAsked(alloc, Envelopes.write(alloc, 0, message));
    } finally {
      message.release();
    }
  }

  @Override
  public LastHttpContent streamEnd(ErrorBody errors, ByteBufAllocator alloc, Status status, Metadata trailers) {
    return new DefaultLastHttpContent(trailersFrame(alloc, status, trailers));
  }

  @Override
  public String exposedHeaders(HttpHeaders response) {
    return RpcMessages.exposed(EXPOSED, response);
  }

  /** The trailers frame (flag 0x80): the status, then trailer metadata, as HTTP/1 header lines. */
  private ByteBuf trailersFrame(ByteBufAllocator alloc, Status status, Metadata trailers) {
    StringBuilder block = new StringBuilder(64);
    for (Map.Entry<String, String> field : statusFields(status, trailers)) {
      block.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
    }
    byte[] bytes = block.toString().getBytes(StandardCharsets.US_ASCII);
    return textIfAsked(alloc, Envelopes.write(alloc, TRAILERS, bytes));
  }

  /** grpc-status, grpc-message (percent-encoded), grpc-status-details-bin, then the trailer metadata. */
  static HttpHeaders statusFields(Status status, Metadata trailers) {
    HttpHeaders fields = new io.netty.handler.codec.http.DefaultHttpHeaders(false);
    fields.add("grpc-status", Integer.toString(status.getCode().value()));
    if (status.getDescription() != null && !status.getDescription().isEmpty()) {
      fields.add("grpc-message", percentEncode(status.getDescription()));
    }
    byte[] details = trailers == null ? null : trailers.get(ErrorBody.STATUS_DETAILS_KEY);
    if (details != null) {
      fields.add("grpc-status-details-bin", Base64.getEncoder().withoutPadding().encodeToString(details));
    }
    for (Map.Entry<String, String> field : RpcMessages.trailers(trailers)) {
      fields.add(field.getKey(), field.getValue());
    }
    return fields;
  }

  private ByteBuf textIfAsked(ByteBufAllocator alloc, ByteBuf frame) {
    if (!text) {
      return frame;
    }
    try {
      return GrpcWebText.encode(alloc, frame);
    } finally {
      frame.release();
    }
  }

  /**
   * gRPC's encoding of grpc-message (gRPC over HTTP/2, "Status-Message"): UTF-8, then every byte
   * outside printable ASCII, and '%' itself, as %XX.
   */
  static String percentEncode(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (c >= 0x20 && c <= 0x7E && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }
}
