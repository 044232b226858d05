package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;

/**
 * Everything an exchange may ask of the connection it runs on, and everything the
 * {@link Dispatcher} tells it: the one seam between a front end's framing and the shared exchange
 * layer. Exchanges talk to this interface only, never to a concrete handler, so one exchange
 * serves every front end and is unit-tested with a fake.
 *
 * <p>Implemented by {@link Http1ConnectionHandler}, one exchange at a time per HTTP/1.1
 * connection, and by {@link Http2StreamConnection}, one per HTTP/2 stream, whose frames
 * {@link Http2StreamCodec} translates (both on {@link ChannelConnection}); hence Netty's {@code HttpRequest}, {@code HttpContent} and
 * {@code HttpResponse} as the vocabulary. What is HTTP/1.1 only stays in the implementation: keep-alive and
 * {@code Connection: close}, pipelining, 100-continue, chunked transfer encoding, the WebSocket
 * handshake.
 *
 * <p>Every method is called on {@link #executor()}, the connection's event loop, and returns
 * without blocking. A response is one of: {@link #respond} or {@link #fail} (a full response), or
 * {@link #beginStream}, {@link #writeChunk}s and {@link #endStream} (or {@link #cutShort}). After
 * either, the exchange is over and must not call again.
 */
interface ExchangeConnection {
  ByteBufAllocator alloc();

  /** The event loop the connection and its exchanges are confined to. */
  EventExecutor executor();

  /** Whether the request came on an HTTP/2 stream (native gRPC and Connect's bidirectional streams need one). */
  default boolean http2() {
    return false;
  }

  /** The client's address (for {@code X-Forwarded-For}). */
  SocketAddress remoteAddress();

  /**
   * From the dispatcher: {@code exchange} serves the request being read. The connection records
   * it, then calls {@link Exchange#start}; from then on the request's body content goes to it
   * (what was read meanwhile first), and writability changes too.
   */
  void started(Exchange exchange);

  /**
   * From the dispatcher: the request asks to continue as a WebSocket session on its route (an
   * RFC 6455 opening handshake). Only HTTP/1.1 carries such requests: an HTTP/2 request with
   * {@code Upgrade} is malformed (RFC 9113 section 8.2.2) and never reaches the dispatcher.
   */
  void upgrade(RoutedRequest request);

  /**
   * Answers with a full response. Its {@code trailingHeaders()}, when the printer put any there
   * (the request takes trailers: {@link ResponsePrinter#acceptsTrailers}), go out as trailer
   * fields after the body: HTTP/1.1 in the chunked coding, HTTP/2 as a trailing HEADERS frame.
   *
   * @param grpcCode the gRPC code the response stands for, for metrics and the access log
   * @param reason the gateway's tag ({@link Reasons}) when the gateway made the answer; null when
   *     it carries the backend's answer
   */
  void respond(FullHttpResponse response, Status.Code grpcCode, String reason);

  /** Answers with the JSON {@code google.rpc.Status} of an error the gateway makes itself. */
  void fail(GatewayError error);

  /** Writes the head of a streamed response (not yet flushed: its first chunk follows). */
  void beginStream(HttpResponse head);

  /** Writes and flushes one chunk of a streamed response. */
  void writeChunk(HttpContent chunk);

  /**
   * Writes and flushes the last content of a streamed response, with its trailers.
   *
   * @param grpcCode what the stream ended with (an error is written into the stream by then)
   * @param reason the gateway's tag when the gateway ended it; null when the backend did
   */
  void endStream(LastHttpContent last, Status.Code grpcCode, String reason);

  /**
   * Ends a streamed response without its last content, so that the client sees a truncated
   * transfer, never a complete-looking one: HTTP/1.1 closes the connection, HTTP/2 resets the
   * stream.
   */
  void cutShort(Status.Code grpcCode, String reason);

  /** Whether the connection takes more output now (below Netty's write-buffer high-water mark). */
  boolean isWritable();

  /** A streamed upload can take more body again: read on (its backend call became ready). */
  void resumeReading();

  /** The exchange's backend call closed with {@code code}, for metrics and the access log. */
  void backendClosed(Status.Code code);
}
