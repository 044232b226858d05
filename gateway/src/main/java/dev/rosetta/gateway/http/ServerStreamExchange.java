package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;

/**
 * A server-streaming request: the body is collected and bound as for a unary call (one request
 * message, the same failures answered the same way, the same {@link BodyBudget}), then the
 * responses go out as they come through a {@link ResponseStream} (REST) or an
 * {@link RpcResponseStream} (gRPC-Web, Connect). Event-loop confined; owns the body, and its share
 * of the budget, until the call starts (a stream may last for hours).
 */
final class ServerStreamExchange implements Exchange, BackendCall.Listener {
  private final RoutedRequest routed;
  private final ExchangeConnection conn;
  private final BodyCollector body;
  private final StreamedResponse responses;
  private boolean refused;

  ServerStreamExchange(RoutedRequest routed, ExchangeConnection conn, ServerOptions options) {
    this.routed = routed;
    this.conn = conn;
    this.body = new BodyCollector(routed, conn, options.maxBodyBytes());
    this.responses = routed.rpc() instanceof StreamingRpcFraming framing
        ? new RpcResponseStream(routed, conn, framing) : new ResponseStream(routed, conn, options.streams());
  }

  /** A declared body is reserved in the budget before any of it is read. */
  @Override
  public void start() {
    refused = !body.reserveDeclared();
  }

  @Override
  public boolean addContent(ByteBuf chunk) {
    if (refused) {
      return true;
    }
    BodyCollector.Taken taken = body.add(chunk);
    refused = taken == BodyCollector.Taken.OVER_BUDGET; // answered 503 by the collector
    return taken != BodyCollector.Taken.TOO_LARGE;
  }

  @Override
  public void endOfBody() {
    if (refused) {
      return;
    }
    BackendCall call;
    try {
      // One message at a time: the next is asked for once this one is written (ResponseStream).
      call = CallStart.startWith(routed, conn.executor(), this, 1, body.bind(routed));
    } catch (ExchangeException e) {
      conn.fail(e.error());
      return;
    } finally {
      body.release();
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
