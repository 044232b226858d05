package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.ErrorBody;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Set;

/**
 * How an RPC protocol frames one request and its answer over HTTP, the only thing gRPC-Web
 * ({@link GrpcWebFraming}) and Connect ({@link ConnectUnaryFraming}, {@link ConnectStreamFraming})
 * add to the exchange layer: routing, deadlines, metadata, the backend call, limits, metrics and
 * the access log are the ones REST requests have. Made per request by {@link Protocols} from the
 * request head (proto or JSON, binary or base64 text, compressed or not), then read by the
 * {@link Dispatcher} (deadline, framing headers), by the exchange ({@link BodyCollector} for the
 * request message, {@link ResponsePrinter} for a whole answer; a {@link StreamingRpcFraming}'s
 * {@link RpcResponseStream} for a streamed one) and by the connection's {@link ExchangeRecord} (the label, the form of the
 * gateway's own errors, the headers a browser may read). Immutable; holds no buffers.
 */
interface RpcFraming {
  /** The protocol label of metrics and the access log: {@code grpc-web}, {@code connect}. */
  String label();

  /** The deadline the request asks for, in ns; -1 when it names none (the gateway's default applies). */
  long timeoutNanos(HttpRequest request) throws ExchangeException;

  /** Request headers (lower case) that belong to the framing and do not reach the backend as metadata. */
  Set<String> framingHeaders();

  /**
   * Whether the protocol compresses with HTTP's own {@code Content-Encoding} and
   * {@code Accept-Encoding} (Connect's unary calls): then the framing reads the request's coding
   * (and answers one it does not read in the protocol's form), and the front end's
   * {@link RequestDecompressor} leaves the body to it. The other framings carry their coding in a
   * header of their own ({@code grpc-encoding}, {@code Connect-Content-Encoding}), and an HTTP
   * {@code Content-Encoding} around their body is decoded as on any request.
   */
  default boolean readsContentEncoding() {
    return false;
  }

  /**
   * The wire bytes of the one request message in {@code body} (a whole body, read but not
   * released; null when the request had none).
   *
   * @param maxBytes the most a message may take once decoded (base64) or decompressed
   */
  byte[] requestMessage(RoutedRequest routed, ByteBuf body, ByteBufAllocator alloc, int maxBytes)
      throws ExchangeException;

  /** The whole answer to a call that closed OK with one response message. */
  FullHttpResponse message(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire, Metadata headers,
      Metadata trailers) throws ExchangeException;

  /**
   * The whole answer to a call that closed before any response message went out: its status
   * (OK only for a stream of no messages), with the call's metadata.
   *
   * @param httpStatus the HTTP status the gateway would give the status on a REST route (413 and
   *     415 among them), for a protocol whose errors have one
   */
  FullHttpResponse status(ErrorBody errors, ByteBufAllocator alloc, Status status, int httpStatus,
      Metadata headers, Metadata trailers);

  /** The gateway's own error, in the protocol's form. */
  default FullHttpResponse error(ByteBufAllocator alloc, ErrorBody errors, GatewayError error) {
    return status(errors, alloc, Status.fromCode(error.code()).withDescription(error.message()), error.httpStatus(),
        null, null);
  }

  /**
   * What a browser's script may read of {@code response} besides {@code x-request-id}
   * ({@code Access-Control-Expose-Headers}): the protocol's own headers and the call's metadata.
   */
  String exposedHeaders(HttpHeaders response);
}
