package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.ErrorBody;
import dev.rosetta.gateway.status.GatewayError;
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
import java.util.Set;

/**
 * Native gRPC (grpc/grpc's PROTOCOL-HTTP2.md) over HTTP/2 (h2 and h2c): {@code application/grpc},
 * {@code +proto}, and {@code +json} (JSON messages through the gateway's codec).
 *
 * <pre>
 * request  = HEADERS (POST /package.Service/Method, te: trailers, grpc-timeout, metadata),
 *            DATA: length-prefixed messages ({@link Envelopes}; flag 0x01: compressed by grpc-encoding),
 *            END_STREAM
 * response = HEADERS (200, content-type, header metadata), DATA: messages,
 *            HEADERS with END_STREAM (the trailers): grpc-status, grpc-message (percent-encoded),
 *            grpc-status-details-bin, trailer metadata
 * error before any message ("trailers-only") = one HEADERS with END_STREAM holding both
 * </pre>
 *
 * Every shape is served (unary, server, client and bidirectional streaming) by the exchange of
 * its shape, with the messages' wire bytes as they are (no conversion unless {@code +json}).
 * {@code grpc-encoding: gzip} request messages are decompressed here and the backend gets them
 * plain: the backend call is grpc-java's, which frames (and would compress) messages itself, so
 * a compressed message could not be handed on as it is; responses go out uncompressed for the
 * same reason. A method the descriptor sets do not hold is passed through to the default backend
 * when {@code --grpc-passthrough-unknown} says so ({@link #unknownMethod}). Immutable.
 */
final class GrpcFraming implements StreamingRpcFraming {
  static final String LABEL = "grpc";
  /** Only 0x01 (compressed) is defined; the other bits are reserved and refused. */
  private static final int RESERVED_FLAGS = 0xFE;
  private static final Set<String> FRAMING_HEADERS = Set.of("te", "grpc-accept-encoding", "grpc-encoding");
  private static final Set<String> EXPOSED = Set.of("grpc-status", "grpc-message", "grpc-status-details-bin");

  private final String contentType;
  private final boolean json;
  private final String encoding;
  private final String unknownMethod;

  private GrpcFraming(String contentType, boolean json, String encoding, String unknownMethod) {
    this.contentType = contentType;
    this.json = json;
    this.encoding = encoding;
    this.unknownMethod = unknownMethod;
  }

  /** The framing for media type {@code mime} (application/grpc...); null for a codec other than proto and json. */
  static GrpcFraming of(String mime, HttpRequest request) {
    String codec = mime.substring("application/grpc".length());
    if (!(codec.isEmpty() || codec.equals("+proto") || codec.equals("+json"))) {
      return null;
    }
    return new GrpcFraming(mime, codec.equals("+json"), request.headers().get("grpc-encoding"), null);
  }

  /**
   * This framing for a method the loaded descriptors do not hold, called by its full name
   * ({@code pkg.Service/Method}) on the default backend, its messages passed through unread.
   */
  GrpcFraming passthrough(String fullMethodName) {
    return new GrpcFraming(contentType, json, encoding, fullMethodName);
  }

  /** The full name ({@code pkg.Service/Method}) of a passed-through method; null for a loaded one. */
  String unknownMethod() {
    return unknownMethod;
  }

  /** Whether messages are JSON ({@code application/grpc+json}), converted by the codec. */
  boolean json() {
    return json;
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
    checkEncoding();
    return RpcMessages.single(routed, body, alloc, maxBytes, RESERVED_FLAGS, encoding, "grpc-encoding", json);
  }

  @Override
  public byte[] uploadMessage(RoutedRequest routed, Envelopes.Envelope envelope, ByteBufAllocator alloc, int maxBytes)
      throws ExchangeException {
    checkEncoding();
    if (envelope.has(RESERVED_FLAGS)) {
      throw new ExchangeException(GatewayError.of(Status.Code.INTERNAL,
          "message flags 0x" + Integer.toHexString(envelope.flags()) + ": only 0x01 (compressed) is defined",
          Reasons.BAD_REQUEST));
    }
    return RpcMessages.message(routed, envelope, alloc, maxBytes, encoding, "grpc-encoding", json);
  }

  private void checkEncoding() throws ExchangeException {
    if (!Compression.supported(encoding)) {
      throw Compression.unsupported("grpc-encoding", encoding);
    }
  }

  /** A unary answer: the head, the message and the trailers, written at once. */
  @Override
  public FullHttpResponse message(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire, Metadata headers,
      Metadata trailers) throws ExchangeException {
    ByteBuf message = streamMessage(routed, alloc, wire);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, message);
    head(response.headers(), headers);
    response.trailingHeaders().add(GrpcWebFraming.statusFields(Status.OK, trailers));
    return response;
  }

  /** Trailers-only: the status and the metadata in the one HEADERS frame that ends the stream. */
  @Override
  public FullHttpResponse status(ErrorBody errors, ByteBufAllocator alloc, Status status, int httpStatus,
      Metadata headers, Metadata trailers) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.EMPTY_BUFFER);
    head(response.headers(), headers);
    response.headers().add(GrpcWebFraming.statusFields(status, trailers));
    return response;
  }

  @Override
  public HttpResponse streamHead(Metadata headers) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head(head.headers(), headers);
    return head;
  }

  @Override
  public ByteBuf streamMessage(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire) throws ExchangeException {
    if (!json) {
      return Envelopes.write(alloc, 0, wire);
    }
    ByteBuf message = RpcMessages.encode(routed, alloc, wire, true);
    try {
      return Envelopes.write(alloc, 0, message);
    } finally {
      message.release();
    }
  }

  @Override
  public LastHttpContent streamEnd(ErrorBody errors, ByteBufAllocator alloc, Status status, Metadata trailers) {
    LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
    last.trailingHeaders().add(GrpcWebFraming.statusFields(status, trailers));
    return last;
  }

  @Override
  public String exposedHeaders(HttpHeaders response) {
    return RpcMessages.exposed(EXPOSED, response);
  }

  private void head(HttpHeaders out, Metadata headers) {
    out.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    RpcMessages.headers(headers, out);
  }
}
