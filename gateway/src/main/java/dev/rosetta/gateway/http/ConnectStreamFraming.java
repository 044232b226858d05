package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.ErrorBody;
import dev.rosetta.gateway.status.GatewayError;
import dev.rosetta.gateway.status.JsonStrings;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connect's streaming content types, {@code application/connect+proto} and
 * {@code application/connect+json} (connectrpc.com/docs/protocol, "Streaming-Request",
 * "Streaming-Response", "EndStreamResponse"):
 *
 * <pre>
 * request  = POST /package.Service/Method, one message envelope ({@link Envelopes}; flag 0x01:
 *            compressed by Connect-Content-Encoding)
 * response = 200 always, Content-Type as the request's, header metadata as headers,
 *            message envelopes, then the end-of-stream envelope (flag 0x02):
 *              {"error": {Connect error}, "metadata": {"key": ["value", ...]}}   ("error" only on failure)
 * </pre>
 *
 * Response messages of {@link Compression#MIN_BYTES} or more are gzipped (flag 0x01) when the
 * client accepts gzip ({@code Connect-Accept-Encoding}, else its own coding). Immutable.
 */
final class ConnectStreamFraming implements StreamingRpcFraming {
  private static final int END_STREAM = 0x02;
  private static final String CONTENT_ENCODING = "connect-content-encoding";

  private final String contentType;
  private final boolean json;
  private final String encoding;
  private final boolean acceptsGzip;

  private ConnectStreamFraming(String contentType, boolean json, String encoding, boolean acceptsGzip) {
    this.contentType = contentType;
    this.json = json;
    this.encoding = encoding;
    this.acceptsGzip = acceptsGzip;
  }

  /** The framing for media type {@code mime} (application/connect+...); null for a codec other than proto and json. */
  static ConnectStreamFraming of(String mime, HttpRequest request) {
    boolean json = mime.equals("application/connect+json");
    if (!json && !mime.equals("application/connect+proto")) {
      return null;
    }
    String encoding = request.headers().get(CONTENT_ENCODING);
    String accept = request.headers().get("connect-accept-encoding");
    return new ConnectStreamFraming(mime, json, encoding,
        accept != null ? Compression.acceptsGzip(accept) : Compression.isGzip(encoding));
  }

  @Override
  public String label() {
    return ConnectUnaryFraming.LABEL;
  }

  @Override
  public long timeoutNanos(HttpRequest request) throws ExchangeException {
    return ConnectTimeout.nanos(request);
  }

  @Override
  public Set<String> framingHeaders() {
    return ConnectUnaryFraming.FRAMING_HEADERS;
  }

  @Override
  public byte[] requestMessage(RoutedRequest routed, ByteBuf body, ByteBufAllocator alloc, int maxBytes)
      throws ExchangeException {
    if (!Compression.supported(encoding)) {
      throw Compression.unsupported("Connect-Content-Encoding", encoding);
    }
    return RpcMessages.single(routed, body, alloc, maxBytes, END_STREAM, encoding, "Connect-Content-Encoding", json);
  }

  /** A client's stream has no end-of-stream message of its own: its end is the body's. */
  @Override
  public byte[] uploadMessage(RoutedRequest routed, Envelopes.Envelope envelope, ByteBufAllocator alloc, int maxBytes)
      throws ExchangeException {
    if (!Compression.supported(encoding)) {
      throw Compression.unsupported("Connect-Content-Encoding", encoding);
    }
    if (envelope.has(END_STREAM)) {
      throw new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT,
          "a request stream sends messages only: flag 0x02 (end of stream) is the server's", Reasons.BAD_REQUEST));
    }
    return RpcMessages.message(routed, envelope, alloc, maxBytes, encoding, "Connect-Content-Encoding", json);
  }

  /** Streams answer 200 whatever happened: the outcome is in the end-of-stream message. */
  @Override
  public FullHttpResponse status(ErrorBody errors, ByteBufAllocator alloc, Status status, int httpStatus,
      Metadata headers, Metadata trailers) {
    return whole(endStream(errors, alloc, status, trailers), headers);
  }

  private FullHttpResponse whole(ByteBuf body, Metadata headers) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType).setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    if (acceptsGzip) {
      response.headers().set(CONTENT_ENCODING, Compression.GZIP);
    }
    RpcMessages.headers(headers, response.headers());
    return response;
  }

  @Override
  public HttpResponse streamHead(Metadata headers) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    if (acceptsGzip) {
      head.headers().set(CONTENT_ENCODING, Compression.GZIP);
    }
    RpcMessages.headers(headers, head.headers());
    return head;
  }

  @Override
  public ByteBuf streamMessage(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire) throws ExchangeException {
    ByteBuf message = RpcMessages.encode(routed, alloc, wire, json);
    try {
      if (acceptsGzip && message.readableBytes() >= Compression.MIN_BYTES) {
        ByteBuf compressed = Compression.gzip(alloc, message);
        try {
          return Envelopes.write(alloc, Envelopes.COMPRESSED, compressed);
        } finally {
          compressed.release();
        }
      }
      return Envelopes.write(alloc, 0, message);
    } finally {
      message.release();
    }
  }

  @Override
  public LastHttpContent streamEnd(ErrorBody errors, ByteBufAllocator alloc, Status status, Metadata trailers) {
    return new DefaultLastHttpContent(endStream(errors, alloc, status, trailers));
  }

  /** The end-of-stream envelope: the error (on failure) and the trailer metadata. */
  private static ByteBuf endStream(ErrorBody errors, ByteBufAllocator alloc, Status status, Metadata trailers) {
    ByteBuf json = alloc.buffer(64);
    try {
      json.writeByte('{');
      if (!status.isOk()) {
        json.writeCharSequence("\"error\":", StandardCharsets.US_ASCII);
        errors.writeConnect(status, trailers, json);
      }
      Map<String, List<String>> metadata = new LinkedHashMap<>();
      for (Map.Entry<String, String> field : RpcMessages.trailers(trailers)) {
        metadata.computeIfAbsent(field.getKey(), k -> new ArrayList<>()).add(field.getValue());
      }
      if (!metadata.isEmpty()) {
        StringBuilder text = new StringBuilder(status.isOk() ? "\"metadata\":{" : ",\"metadata\":{");
        metadata.forEach((key, values) -> {
          if (text.charAt(text.length() - 1) != '{') {
            text.append(',');
          }
          JsonStrings.quote(key, text);
          text.append(":[");
          for (int i = 0; i < values.size(); i++) {
            JsonStrings.quote(values.get(i), text.append(i == 0 ? "" : ","));
          }
          text.append(']');
        });
        json.writeCharSequence(text.append('}'), StandardCharsets.UTF_8);
      }
      json.writeByte('}');
      return Envelopes.write(alloc, END_STREAM, json);
    } finally {
      json.release();
    }
  }

  @Override
  public String exposedHeaders(HttpHeaders response) {
    return RpcMessages.exposed(Set.of(), response);
  }
}
