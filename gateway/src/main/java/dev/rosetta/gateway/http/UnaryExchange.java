package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;

/**
 * A unary request from the moment it is admitted: collects the body ({@link BodyCollector}),
 * binds the request message and starts the call with it ({@link CallStart}), and answers with the
 * one response ({@link SingleResponse}). Confined to the connection's event loop; owns the body
 * until the message is bound, and its share of the {@link BodyBudget} until the answer is printed
 * (the response of a large request is usually large too) or the exchange ends.
 */
final class UnaryExchange implements Exchange, BackendCall.Listener {
  private final RoutedRequest routed;
  private final ExchangeConnection conn;
  private final BodyCollector body;
  private final SingleResponse response;
  private BackendCall call;
  private boolean finished;

  UnaryExchange(RoutedRequest routed, ExchangeConnection conn, int maxBodyBytes) {
    this.routed = routed;
    this.conn = conn;
    this.body = new BodyCollector(routed, conn, maxBodyBytes);
    this.response = new SingleResponse(routed, conn, "a unary call");
  }

  /** A declared body is reserved in the budget before any of it is read. */
  @Override
  public void start() {
    finished = !body.reserveDeclared();
  }

  @Override
  public boolean addContent(ByteBuf chunk) {
    if (finished) {
      return true;
    }
    BodyCollector.Taken taken = body.add(chunk);
    finished = taken == BodyCollector.Taken.OVER_BUDGET; // answered 503 by the collector
    return taken != BodyCollector.Taken.TOO_LARGE;
  }

  /** The whole body is in: bind the request message and call the backend. */
  @Override
  public void endOfBody() {
    if (finished) {
      return;
    }
    try {
      // Two responses asked for, so that a misbehaving backend's second one is seen (and fails the call).
      call = CallStart.startWith(routed, conn.executor(), this, 2, body.bind(routed));
    } catch (ExchangeException e) {
      finished = true;
      body.release();
      conn.fail(e.error());
    }
  }

  @Override
  public void onHeaders(Metadata headers) {
    response.onHeaders(headers);
  }

  @Override
  public void onMessage(byte[] message) {
    response.onMessage(message);
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    if (!finished) {
      finished = true;
      response.complete(status, trailers);
    }
    body.release();
  }

  @Override
  public void abort() {
    finished = true;
    if (call != null) {
      call.cancel("HTTP client closed the connection");
    }
    body.release();
  }

  @Override
  public void releaseBody() {
    body.release();
  }
}
