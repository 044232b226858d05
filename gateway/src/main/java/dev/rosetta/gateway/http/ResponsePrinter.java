package dev.rosetta.gateway.http;

import com.google.api.HttpBody;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.gateway.bind.RawBody;
import dev.rosetta.gateway.bind.ResponseBody;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.status.BackendFailures;
import dev.rosetta.gateway.status.GatewayError;
import dev.rosetta.gateway.status.HttpStatusMapping;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The one response printer every exchange kind uses, whole responses and streamed ones alike: a
 * backend message as JSON (only its {@code response_body} field when the rule names one), or a
 * {@code google.api.HttpBody} message as raw bytes; a failed call's status as the JSON
 * {@code google.rpc.Status} with its mapped HTTP status; response header metadata as
 * {@code Grpc-Metadata-*} headers and trailer metadata as {@code Grpc-Trailer-*} fields. The whole
 * answers of an RPC protocol (gRPC-Web, Connect) are its {@link RpcFraming}'s.
 *
 * <p><b>Trailers.</b> A streamed response carries {@code Grpc-Trailer-*} as trailer fields of its
 * last content. A whole response carries them as trailer fields too when the request says it
 * takes them ({@code TE: trailers}, {@link #acceptsTrailers}), as grpc-gateway does, and as
 * headers otherwise (clients that read no trailers still see them). The printer only decides
 * where the fields go, {@code FullHttpResponse#trailingHeaders()} or the headers; the
 * connection sends a whole response's trailer fields its protocol's way (HTTP/1.1: the chunked
 * coding, {@link Http1ConnectionHandler#respond}; HTTP/2: a HEADERS frame after the data).
 *
 * <p><b>Failed calls.</b> A call that failed on the gateway's side of the wire (no connection, no
 * healthy replica, the deadline) has grpc-java's words ({@code io exception}, {@code CallOptions
 * deadline exceeded after ...}); {@link #backendStatus} words it with the backend's target and the
 * cause before any front end prints it, in a JSON body, a stream's error element or a WebSocket
 * close frame alike.
 *
 * <p>A message that cannot be converted is a fault of the gateway's own: logged at WARN
 * ({@link ExchangeLog#fault}) and refused with 500 {@code response_conversion}. Stateless; runs on
 * the event loop.
 */
final class ResponsePrinter {
  static final String METADATA_PREFIX = "Grpc-Metadata-";
  static final String TRAILER_PREFIX = "Grpc-Trailer-";
  static final String OCTET_STREAM = "application/octet-stream";

  private ResponsePrinter() {}

  /** Whether the route's responses go out raw: an HttpBody message, no {@code response_body}. */
  static boolean isRaw(Route route) {
    return route.responseBodyField() == null && RawBody.isHttpBody(route.method().getOutputType());
  }

  /** The whole 200 response for a call's one message, with the call's header and trailer metadata. */
  static FullHttpResponse ok(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire, Metadata headers,
      Metadata trailers) throws ExchangeException {
    if (routed.rpc() != null) {
      return routed.rpc().message(routed, alloc, wire, headers, trailers);
    }
    FullHttpResponse response;
    if (isRaw(routed.route())) {
      HttpBody body = raw(routed, wire);
      response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, data(body));
      // Extensions have no place in an HTTP response and are dropped.
      response.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, contentType(body))
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.getData().size());
    } else {
      response = Responses.json(200, json(routed, alloc, wire));
    }
    metadata(routed, headers, trailers, response);
    return response;
  }

  /** A new buffer with the message's JSON; nothing is left allocated when it fails. */
  static ByteBuf json(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire) throws ExchangeException {
    ByteBuf out = jsonBuffer(alloc, wire);
    try {
      json(routed, wire, out);
      return out;
    } catch (ExchangeException e) {
      out.release();
      throw e;
    }
  }

  /** A buffer for the JSON of {@code wire}: JSON is seldom more than twice the wire size, and the buffer grows if it is. */
  static ByteBuf jsonBuffer(ByteBufAllocator alloc, byte[] wire) {
    return alloc.buffer(Math.max(64, wire.length * 2));
  }

  /** Appends the message's JSON to {@code out} (between a stream's framing bytes). */
  static void json(RoutedRequest routed, byte[] wire, ByteBuf out) throws ExchangeException {
    Route route = routed.route();
    try {
      ResponseBody.print(routed.engine().codec(), route, wire, out);
    } catch (CodecException | RuntimeException e) {
      throw conversion(routed, "cannot convert the backend response to JSON", e);
    }
  }

  /** A raw response message: an HttpBody, whose {@link #data} and {@link #contentType} go out. */
  static HttpBody raw(RoutedRequest routed, byte[] wire) throws ExchangeException {
    try {
      return HttpBody.parseFrom(wire);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw conversion(routed, "cannot read the backend's HttpBody response", e);
    }
  }

  /** The HttpBody's data, wrapped, not copied. */
  static ByteBuf data(HttpBody body) {
    return Unpooled.wrappedBuffer(body.getData().asReadOnlyByteBuffer());
  }

  static String contentType(HttpBody body) {
    return body.getContentType().isEmpty() ? OCTET_STREAM : body.getContentType();
  }

  /**
   * The status a backend call closed with, as the client is to read it: a failure of the call
   * itself named with the backend's target and its cause ({@code backend 10.0.0.7:9090 is
   * unavailable: connection refused}, {@link BackendFailures}); a status the backend sent,
   * unchanged. Applied once, where the call's status arrives (it is not idempotent).
   */
  static Status backendStatus(RoutedRequest routed, Status status) {
    if (status.isOk()) {
      return status;
    }
    String target = CallStart.target(routed);
    return target == null ? status : BackendFailures.describe(status, target);
  }

  /** The JSON {@code google.rpc.Status} response of a failed call, details from its trailers. */
  static FullHttpResponse error(RoutedRequest routed, ByteBufAllocator alloc, Status status, Metadata headers,
      Metadata trailers) {
    if (routed.rpc() != null) {
      return routed.rpc().status(routed.engine().errors(), alloc, status, HttpStatusMapping.httpStatus(status.getCode()),
          headers, trailers);
    }
    FullHttpResponse response = Responses.json(HttpStatusMapping.httpStatus(status.getCode()),
        errorBody(routed, alloc, status, trailers));
    metadata(routed, headers, trailers, response);
    return response;
  }

  /** A new buffer with the JSON {@code google.rpc.Status} of a failed call. */
  static ByteBuf errorBody(RoutedRequest routed, ByteBufAllocator alloc, Status status, Metadata trailers) {
    ByteBuf out = alloc.buffer(128);
    routed.engine().errors().write(status, trailers, out);
    return out;
  }

  /**
   * The {@code Grpc-Metadata-*} headers of a whole response and its {@code Grpc-Trailer-*} fields:
   * trailer fields, announced in {@code Trailer}, when the request {@link #acceptsTrailers takes
   * them}; headers otherwise.
   */
  static void metadata(RoutedRequest routed, Metadata headers, Metadata trailers, FullHttpResponse response) {
    MetadataMapper.toHeaders(headers, METADATA_PREFIX, response.headers());
    if (!acceptsTrailers(routed.request())) {
      MetadataMapper.toHeaders(trailers, TRAILER_PREFIX, response.headers());
      return;
    }
    HttpHeaders fields = response.trailingHeaders();
    MetadataMapper.toHeaders(trailers, TRAILER_PREFIX, fields);
    for (String name : fields.names()) {
      response.headers().add(HttpHeaderNames.TRAILER, name);
    }
  }

  /**
   * Whether the client takes trailer fields: its {@code TE} lists {@code trailers} (RFC 9110
   * section 10.1.4; grpc-gateway sends trailers on the same condition). Not over HTTP/1.0, which
   * has no chunked coding to carry them. An HTTP/2 request sends {@code te: trailers} when it
   * wants them (RFC 9113 section 8.2.2 allows no other value); gRPC clients always do.
   */
  static boolean acceptsTrailers(HttpRequest request) {
    if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
      return false;
    }
    for (String te : request.headers().getAll(HttpHeaderNames.TE)) {
      for (String coding : te.split(",")) {
        int parameters = coding.indexOf(';');
        if ((parameters < 0 ? coding : coding.substring(0, parameters)).trim().equalsIgnoreCase("trailers")) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code Grpc-Trailer-*} headers: a streamed response's trailing headers. */
  static void trailers(Metadata trailers, HttpHeaders out) {
    MetadataMapper.toHeaders(trailers, TRAILER_PREFIX, out);
  }

  /** {@code Grpc-Metadata-*} headers: a streamed response's head. */
  static void headers(Metadata headers, HttpHeaders out) {
    MetadataMapper.toHeaders(headers, METADATA_PREFIX, out);
  }

  private static ExchangeException conversion(RoutedRequest routed, String what, Exception cause) {
    ExchangeLog.fault(routed.request(), what, cause);
    return new ExchangeException(GatewayError.of(Status.Code.INTERNAL, what, Reasons.RESPONSE_CONVERSION));
  }
}
