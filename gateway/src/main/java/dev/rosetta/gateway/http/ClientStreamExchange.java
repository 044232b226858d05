package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.bind.BindException;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;

/**
 * A client-streaming (or, over plain HTTP, bidirectional) request: the call starts with the
 * request head, the body streams into it through an {@link UploadPump}, and the answer is one
 * JSON response ({@link SingleResponse}) or, for a bidirectional method, a {@link ResponseStream}
 * written while the upload is still going. A bad message cancels the call and answers 400; the
 * rest of the body is then skipped. Event-loop confined.
 */
final class ClientStreamExchange implements Exchange, BackendCall.Listener {
  private final ExchangeContext x;
  private final UploadPump upload;
  private final SingleResponse single;
  private final ResponseStream stream;
  private BackendCall call;
  private boolean finished;

  ClientStreamExchange(ExchangeContext x, ServerOptions options) {
    this.x = x;
    // --max-body-size bounds each message of the stream, not the whole upload.
    this.upload = new UploadPump(x, options.maxBodyBytes());
    boolean streamed = x.route().method().isServerStreaming();
    this.single = streamed ? null : new SingleResponse(x, "a client-streaming call");
    this.stream = streamed ? new ResponseStream(x, options.streams()) : null;
    // Two responses asked for a unary answer, so that a second one is seen (and fails the call).
    call = Exchanges.start(x, this, streamed ? 1 : 2);
    if (call == null) {
      fail(x.noBackend());
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
    } catch (BindException e) {
      badMessage(e);
    }
    return true;
  }

  @Override
  public void send() {
    if (finished) {
      return;
    }
    try {
      upload.finish();
    } catch (BindException e) {
      badMessage(e);
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
      x.owner().resumeReading(x.ctx());
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

  /**
   * A message of the upload does not bind: answer 400 first, then cancel the call, whose
   * CANCELLED close (which may come back at once) then finds the exchange finished.
   */
  private void badMessage(BindException e) {
    fail(GatewayError.of(Status.Code.INVALID_ARGUMENT, e.getMessage(), "bad_request"));
    call.cancel("bad message in the request stream");
  }

  private void fail(GatewayError error) {
    finished = true;
    upload.close();
    if (stream != null) {
      stream.abort();
    }
    x.owner().respondError(x.ctx(), error, x.request());
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
