package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;

/**
 * A client-streaming (or bidirectional) request, REST's or an RPC protocol's: the call starts once the
 * request is admitted, the body streams into it through an {@link UploadPump}, and the answer is
 * one response ({@link SingleResponse}) or, for a bidirectional method, a {@link ResponseStream}
 * (an {@link RpcResponseStream} for native gRPC and Connect) written while the upload is still going. A message that is refused (it does not bind, or passes
 * the backend's message limit) cancels the call and is answered with its error; the rest of the
 * body is then skipped. Event-loop confined.
 */
final class ClientStreamExchange implements Exchange, BackendCall.Listener {
  private final RoutedRequest routed;
  private final ExchangeConnection conn;
  private final UploadPump upload;
  private final SingleResponse single;
  private final StreamedResponse stream;
  private BackendCall call;
  private boolean finished;

  ClientStreamExchange(RoutedRequest routed, ExchangeConnection conn, ServerOptions options) {
    this.routed = routed;
    this.conn = conn;
    // --max-body-size bounds each message of the stream, not the whole upload.
    this.upload = new UploadPump(routed, conn.alloc(), options.maxBodyBytes());
    boolean streamed = routed.route().method().isServerStreaming();
    this.single = streamed ? null : new SingleResponse(routed, conn, "a client-streaming call");
    this.stream = !streamed ? null : routed.rpc() instanceof StreamingRpcFraming framing
        ? new RpcResponseStream(routed, conn, framing) : new ResponseStream(routed, conn, options.streams());
  }

  @Override
  public void start() {
    try {
      // Two responses asked for a unary answer, so that a second one is seen (and fails the call).
      call = CallStart.start(routed, conn.executor(), this, stream != null ? 1 : 2);
    } catch (ExchangeException e) {
      fail(e.error());
      return;
    }
    upload.attach(call);
    if (stream != null) {
      stream.attach(call);
    }
  }

  @Override
  public boolean addContent(ByteBuf chunk) {
    if (finished || !chunk.isReadable()) {
      return true;
    }
    try {
      upload.feed(chunk);
    } catch (ExchangeException e) {
      fail(e.error());
    }
    return true;
  }

  @Override
  public void endOfBody() {
    if (finished) {
      return;
    }
    try {
      upload.finish();
    } catch (ExchangeException e) {
      fail(e.error());
    } finally {
      upload.close();
    }
  }

  @Override
  public boolean readsMore() {
    return finished || upload.readsMore();
  }

  @Override
  public void onReady() {
    if (!finished) {
      conn.resumeReading();
    }
  }

  @Override
  public void onHeaders(Metadata headers) {
    if (stream != null) {
      stream.onHeaders(headers);
    } else {
      single.onHeaders(headers);
    }
  }

  @Override
  public void onMessage(byte[] message) {
    if (stream != null) {
      stream.onMessage(message);
    } else {
      single.onMessage(message);
    }
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    if (finished) {
      return;
    }
    finished = true;
    upload.close();
    if (stream != null) {
      stream.onClose(status, trailers);
    } else {
      single.complete(status, trailers);
    }
  }

  @Override
  public void writabilityChanged() {
    if (stream != null) {
      stream.writabilityChanged();
    }
  }

  /** The gateway ends the exchange (no backend, a refused message): the call is cancelled and the client told why. */
  private void fail(GatewayError error) {
    finished = true; // first: the cancel may close the call at once, and its CANCELLED is not the answer
    upload.close();
    if (stream != null) {
      stream.fail(error); // into the stream when its head is out (a bidirectional call)
      return;
    }
    if (call != null) {
      call.cancel("the gateway ended the call: " + error.reason());
    }
    conn.fail(error);
  }

  @Override
  public void abort() {
    finished = true;
    if (stream != null) {
      stream.abort();
    } else if (call != null) {
      call.cancel("HTTP client closed the connection");
    }
    upload.close();
  }

  @Override
  public void releaseBody() {
    upload.close();
  }
}
