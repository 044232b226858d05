package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.bind.BindException;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;

/**
 * A server-streaming request: the body is collected and bound as for a unary call (one request
 * message), then the responses go out through a {@link ResponseStream} as they come.
 * Event-loop confined; owns the body buffer until the call starts.
 */
final class ServerStreamExchange implements Exchange, BackendCall.Listener {
  private final ExchangeContext x;
  private final int maxBodyBytes;
  private final ResponseStream responses;
  private CompositeByteBuf body;
  private BackendCall call;

  ServerStreamExchange(ExchangeContext x, ServerOptions options) {
    this.x = x;
    this.maxBodyBytes = options.maxBodyBytes();
    this.responses = new ResponseStream(x, options.streams());
  }

  @Override
  public boolean addContent(ByteBuf chunk) {
    if (!chunk.isReadable()) {
      return true;
    }
    if (body == null) {
      body = x.ctx().alloc().compositeBuffer(64);
    }
    if ((long) body.readableBytes() + chunk.readableBytes() > maxBodyBytes) {
      return false;
    }
    body.addComponent(true, chunk.retain());
    return true;
  }

  @Override
  public void send() {
    byte[] message;
    try {
      message = x.engine().binder().bind(x.match(), x.rawQuery(), body,
          x.request().headers().get(HttpHeaderNames.CONTENT_TYPE));
    } catch (BindException e) {
      x.owner().respondError(x.ctx(), GatewayError.of(Status.Code.INVALID_ARGUMENT, e.getMessage(), Reasons.BAD_REQUEST),
          x.request());
      return;
    } finally {
      releaseBody();
    }
    // One message at a time: the next is asked for once this one is written (ResponseStream).
    call = Exchanges.start(x, this, 1);
    if (call == null) {
      x.owner().respondError(x.ctx(), x.noBackend(), x.request());
      return;
    }
    responses.attach(call);
    call.send(message);
    call.halfClose();
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
    releaseBody();
  }

  @Override
  public void releaseBody() {
    if (body != null) {
      body.release();
      body = null;
    }
  }
}
