package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.ErrorBody;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * An {@link RpcFraming} that can also stream an answer, message by message, for server-streaming
 * methods ({@link RpcResponseStream}): gRPC-Web and Connect's {@code application/connect+*}.
 * Connect's unary content types cannot, and {@link Protocols} never picks them for a streaming
 * method.
 */
interface StreamingRpcFraming extends RpcFraming {
  /**
   * A unary call's answer is a stream of one message, sent whole: the head, the message and the
   * end in one response with its length.
   */
  @Override
  default FullHttpResponse message(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire, Metadata headers,
      Metadata trailers) throws ExchangeException {
    ByteBuf message = streamMessage(routed, alloc, wire);
    ByteBuf body = alloc.compositeBuffer(2).addComponent(true, message)
        .addComponent(true, streamEnd(routed.engine().errors(), alloc, Status.OK, trailers).content());
    HttpResponse head = streamHead(headers);
    FullHttpResponse response = new DefaultFullHttpResponse(head.protocolVersion(), head.status(), body);
    response.headers().set(head.headers()).setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    return response;
  }

  /**
   * The wire bytes of one message of a streamed upload (client and bidirectional streaming: native
   * gRPC, Connect's streams), from its envelope ({@link EnvelopeSplitter}; read, not released).
   *
   * @param maxBytes the most the message may take once decompressed
   */
  default byte[] uploadMessage(RoutedRequest routed, Envelopes.Envelope envelope, ByteBufAllocator alloc, int maxBytes)
      throws ExchangeException {
    // Only the protocols that serve streamed uploads override it; Protocols sends no other here.
    throw new IllegalStateException(label() + " does not stream requests");
  }

  /** The head (200) of a streamed answer, with the call's header metadata. */
  HttpResponse streamHead(Metadata headers);

  /** One response message of a streamed answer, framed; a new buffer. */
  ByteBuf streamMessage(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire) throws ExchangeException;

  /** The end of a streamed answer: the call's status and trailers. */
  LastHttpContent streamEnd(ErrorBody errors, ByteBufAllocator alloc, Status status, Metadata trailers);
}
