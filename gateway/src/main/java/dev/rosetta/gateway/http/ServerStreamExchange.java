package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;

/**
 * A server-streaming request: the body is collected and bound as for a unary call (one request
 * message, the same failures answered the same way), then the responses go out as they come
 * through a {@link ResponseStream} (REST) or an {@link RpcResponseStream} (gRPC-Web, Connect). Event-loop confined; owns the body until the call starts.
 */
final class ServerStreamExchange implements Exchange, BackendCall.Listener {
  private final RoutedRequest routed;
  private final ExchangeConnection conn;
  private final BodyCollector body;
  private final StreamedResponse responses;

  ServerStreamExchange(RoutedRequest routed, ExchangeConnection conn, ServerOptions options) {
    this.routed = routed;
    this.conn = conn;
    this.body = new BodyCollector(conn.alloc(), options.maxBodyBytes());
    this.responses = routed.rpc() instanceof StreamingRpcFraming framing
        ? new RpcResponseStream(routed, conn, framing) : new ResponseStream(routed, conn, options.streams());
  }

  @Override
  public boolean addContent(ByteBuf chunk) {
    return body.add(chunk);
  }

  @Override
  public void endOfBody() {
    BackendCall call;
    try {
      // One message at a time: the next is asked for once this one is written (ResponseStream).
      call = CallStart.startWith(routed, conn.executor(), this, 1, body.bind(routed));
    } catch (ExchangeException e) {
      conn.fail(e.error());
      return;
    }
    responses.attach(call);
  }

  @Override
  public void onHeaders(Metadata headers) {
    responses.onHeaders(headers);
  }

  @Override
  public void onMessage(byte[] message) {
    responses.onMessage(message);
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    responses.onClose(status, trailers);
  }

  @Override
  public void writabilityChanged() {
    responses.writabilityChanged();
  }

  @Override
  public void abort() {
    responses.abort();
    body.release();
  }

  @Override
  public void releaseBody() {
    body.release();
  }
}
