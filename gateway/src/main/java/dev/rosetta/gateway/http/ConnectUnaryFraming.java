package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.ErrorBody;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connect's unary calls (connectrpc.com/docs/protocol, "Unary-Request", "Unary-Get-Request",
 * "Unary-Response"):
 *
 * <pre>
 * POST /package.Service/Method   Content-Type: application/proto | application/json
 *                                [Content-Encoding: gzip] [Accept-Encoding] [Connect-Timeout-Ms]
 *                                body: the bare message
 * GET  /package.Service/Method?encoding=json|proto&amp;message=...[&amp;base64=1][&amp;compression=gzip][&amp;connect=v1]
 *                                (methods with idempotency_level = NO_SIDE_EFFECTS only)
 * 200  Content-Type as the request's codec, [Content-Encoding: gzip], header metadata as headers,
 *      trailer metadata as "trailer-" headers, body: the bare message
 * error: the code's HTTP status (the gateway's own errors keep REST's: 405, 413, 415),
 *      application/json {"code":"not_found","message":...,"details":[...]} ({@link ErrorBody#writeConnect})
 * </pre>
 *
 * A response of {@link Compression#MIN_BYTES} or more is gzipped when the client accepts gzip
 * ({@code Accept-Encoding}, else the coding of its own request). Immutable.
 */
final class ConnectUnaryFraming implements RpcFraming {
  static final String LABEL = "connect";
  static final Set<String> FRAMING_HEADERS = Set.of("connect-protocol-version", ConnectTimeout.HEADER,
      "content-encoding", "accept-encoding", "connect-content-encoding", "connect-accept-encoding");
  private static final String JSON = "application/json";
  private static final String PROTO = "application/proto";

  private final boolean json;
  /** The request message's coding: Content-Encoding, or the GET form's compression parameter. */
  private final String encoding;
  private final boolean acceptsGzip;
  /** The GET form's query parameters; null for a POST. */
  private final Map<String, List<String>> query;

  private ConnectUnaryFraming(boolean json, String encoding, boolean acceptsGzip, Map<String, List<String>> query) {
    this.json = json;
    this.encoding = encoding;
    this.acceptsGzip = acceptsGzip;
    this.query = query;
  }

  /** Whether {@code mime} is a unary Connect codec. */
  static boolean isCodec(String mime) {
    return JSON.equals(mime) || PROTO.equals(mime);
  }

  /** A POST of media type {@code mime} (application/json or application/proto). */
  static ConnectUnaryFraming post(String mime, HttpRequest request) {
    String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    return new ConnectUnaryFraming(JSON.equals(mime), encoding, accepts(request, encoding), null);
  }

  /** The GET form: everything comes from the query. */
  static ConnectUnaryFraming get(HttpRequest request) {
    Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
    String encoding = first(query, "compression");
    return new ConnectUnaryFraming(!"proto".equals(first(query, "encoding")), encoding, accepts(request, encoding), query);
  }

  /** Neither form: what answers the 415 (a POST of another content type that says it is Connect). */
  static ConnectUnaryFraming errorsOnly() {
    return new ConnectUnaryFraming(true, null, false, null);
  }

  /** Whether the method may be called with GET: it declares {@code idempotency_level = NO_SIDE_EFFECTS}. */
  static boolean allowsGet(com.google.protobuf.Descriptors.MethodDescriptor method) {
    return method.getOptions().getIdempotencyLevel()
        == com.google.protobuf.DescriptorProtos.MethodOptions.IdempotencyLevel.NO_SIDE_EFFECTS;
  }

  static boolean isGet(HttpRequest request) {
    return HttpMethod.GET.equals(request.method());
  }

  /** Accept-Encoding when the client sent it, else the request's own coding (the protocol's rule). */
  private static boolean accepts(HttpRequest request, String requestEncoding) {
    String accept = request.headers().get(HttpHeaderNames.ACCEPT_ENCODING);
    return accept != null ? Compression.acceptsGzip(accept) : Compression.isGzip(requestEncoding);
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public String label() {
    return LABEL;
  }

  @Override
  public long timeoutNanos(HttpRequest request) throws ExchangeException {
    return ConnectTimeout.nanos(request);
  }

  @Override
  public Set<String> framingHeaders() {
    return FRAMING_HEADERS;
  }

  @Override
  public boolean readsContentEncoding() {
    return true;
  }

  @Override
  public byte[] requestMessage(RoutedRequest routed, ByteBuf body, ByteBufAllocator alloc, int maxBytes)
      throws ExchangeException {
    String header = query == null ? "Content-Encoding" : "compression parameter";
    if (!Compression.supported(encoding)) {
      throw Compression.unsupported(header, encoding);
    }
    ByteBuf message = query == null ? body : getMessage();
    try {
      if (message == null || !message.isReadable()) {
        return new byte[0]; // the protocol: a zero-length message is never decompressed
      }
      if (!Compression.isGzip(encoding)) {
        return RpcMessages.decode(routed, message, json);
      }
      ByteBuf plain = Compression.gunzip(alloc, message, maxBytes);
      try {
        return RpcMessages.decode(routed, plain, json);
      } finally {
        plain.release();
      }
    } finally {
      if (query != null && message != null) {
        message.release(); // the GET form's, made here; a POST's body is its collector's
      }
    }
  }

  /** The GET form's message: {@code encoding} checked, the text as UTF-8 or base64url-decoded. */
  private ByteBuf getMessage() throws ExchangeException {
    String codec = first(query, "encoding");
    if (!"json".equals(codec) && !"proto".equals(codec)) {
      throw new ExchangeException(new GatewayError(415, Status.Code.INVALID_ARGUMENT, codec == null
          ? "a Connect GET needs the query parameter encoding=json or encoding=proto"
          : "unsupported encoding \"" + codec + "\": send encoding=json or encoding=proto", Reasons.UNSUPPORTED_MEDIA_TYPE));
    }
    String connect = first(query, "connect");
    if (connect != null && !"v1".equals(connect)) {
      throw new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT,
          "unsupported Connect protocol version connect=" + connect + ": the gateway speaks v1", Reasons.BAD_REQUEST));
    }
    String text = first(query, "message");
    if (text == null) {
      return null;
    }
    if (!"1".equals(first(query, "base64"))) {
      if (!json || Compression.isGzip(encoding)) {
        throw new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT,
            "binary messages (proto, compressed) in a Connect GET need base64=1", Reasons.BAD_REQUEST));
      }
      return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
    }
    try {
      // RFC 4648 section 5 (URL-safe), padding optional; the standard alphabet is taken too.
      // The query decoder turned an unescaped '+' into ' '.
      String url = text.replace(' ', '-').replace('+', '-').replace('/', '_');
      return Unpooled.wrappedBuffer(Base64.getUrlDecoder().decode(url));
    } catch (IllegalArgumentException e) {
      throw new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT,
          "message parameter is not base64url: " + e.getMessage(), Reasons.BAD_REQUEST));
    }
  }

  @Override
  public FullHttpResponse message(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire, Metadata headers,
      Metadata trailers) throws ExchangeException {
    ByteBuf body = RpcMessages.encode(routed, alloc, wire, json);
    boolean gzip = acceptsGzip && body.readableBytes() >= Compression.MIN_BYTES;
    if (gzip) {
      ByteBuf plain = body;
      try {
        body = Compression.gzip(alloc, plain);
      } finally {
        plain.release();
      }
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, json ? JSON : PROTO)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    if (gzip) {
      response.headers().set(HttpHeaderNames.CONTENT_ENCODING, Compression.GZIP);
    }
    metadata(headers, trailers, response.headers());
    return response;
  }

  @Override
  public FullHttpResponse status(ErrorBody errors, ByteBufAllocator alloc, Status status, int httpStatus,
      Metadata headers, Metadata trailers) {
    ByteBuf body = alloc.buffer(128);
    errors.writeConnect(status, trailers, body);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(httpStatus), body);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    metadata(headers, trailers, response.headers());
    return response;
  }

  /** Header metadata as headers, trailer metadata as {@code trailer-} headers: a unary response has no trailers. */
  private static void metadata(Metadata headers, Metadata trailers, HttpHeaders out) {
    RpcMessages.headers(headers, out);
    MetadataMapper.toHeaders(trailers, "trailer-", out);
  }

  @Override
  public String exposedHeaders(HttpHeaders response) {
    return RpcMessages.exposed(Set.of(), response);
  }
}
