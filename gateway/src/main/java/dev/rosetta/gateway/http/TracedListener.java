package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import io.grpc.Metadata;
import io.grpc.Status;

/** A backend call's listener that ends the call's client span when the call closes (a stream when it ends). */
final class TracedListener implements BackendCall.Listener {
  private final BackendCall.Listener target;
  private final ExchangeTrace.CallTrace trace;

  TracedListener(BackendCall.Listener target, ExchangeTrace.CallTrace trace) {
    this.target = target;
    this.trace = trace;
  }

  @Override
  public void onHeaders(Metadata headers) {
    target.onHeaders(headers);
  }

  @Override
  public void onMessage(byte[] message) {
    target.onMessage(message);
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    trace.end(status);
    target.onClose(status, trailers);
  }

  @Override
  public void onReady() {
    target.onReady();
  }
}
