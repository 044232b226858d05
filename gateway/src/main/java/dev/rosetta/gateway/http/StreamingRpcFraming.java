package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.ErrorBody;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * An {@link RpcFraming} that can also stream an answer, message by message, for server-streaming
 * methods ({@link RpcResponseStream}): gRPC-Web and Connect's {@code application/connect+*}.
 * Connect's unary content types cannot, and {@link Protocols} never picks them for a streaming
 * method.
 */
interface StreamingRpcFraming extends RpcFraming {
  /** The head (200) of a streamed answer, with the call's header metadata. */
  HttpResponse streamHead(Metadata headers);

  /** One response message of a streamed answer, framed; a new buffer. */
  ByteBuf streamMessage(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire) throws ExchangeException;

  /** The end of a streamed answer: the call's status and trailers. */
  LastHttpContent streamEnd(ErrorBody errors, ByteBufAllocator alloc, Status status, Metadata trailers);
}
