package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpUtil;

/**
 * A server-streaming request: the body is collected and bound as for a unary call (one request
 * message, the same failures answered the same way, the same {@link BodyBudget}), then the
 * responses go out through a {@link ResponseStream} as they come. Event-loop confined; owns the
 * body, and its share of the budget, until the call starts (a stream may last for hours).
 */
final class ServerStreamExchange implements Exchange, BackendCall.Listener {
  private final RoutedRequest routed;
  private final ExchangeConnection conn;
  private final BodyCollector body;
  private final ResponseStream responses;
  private boolean refused;

  ServerStreamExchange(RoutedRequest routed, ExchangeConnection conn, ServerOptions options) {
    this.routed = routed;
    this.conn = conn;
    this.body = new BodyCollector(conn.alloc(), options.maxBodyBytes(), routed.engine().bodyBudget());
    this.responses = new ResponseStream(routed, conn, options.streams());
  }

  @Override
  public void start() {
    if (!body.reserve(HttpUtil.getContentLength(routed.request(), -1L))) {
      overBudget();
    }
  }

  @Override
  public boolean addContent(ByteBuf chunk) {
    if (refused) {
      return true;
    }
    BodyCollector.Taken taken = body.add(chunk);
    if (taken == BodyCollector.Taken.OVER_BUDGET) {
      overBudget(); // answered now; the rest of the body is skipped
    }
    return taken != BodyCollector.Taken.TOO_LARGE;
  }

  private void overBudget() {
    refused = true;
    body.release();
    routed.engine().bodyBudget().refuse(routed, conn);
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
