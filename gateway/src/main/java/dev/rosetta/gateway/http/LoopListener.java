package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.util.concurrent.EventExecutor;

/**
 * Delivers a backend call's callbacks on the connection's event loop. They already run there when
 * the call's channel is pinned to that loop (the usual case); otherwise each is handed over in
 * order, so an exchange never sees two threads.
 */
final class LoopListener implements BackendCall.Listener {
  private final EventExecutor loop;
  private final BackendCall.Listener target;

  LoopListener(EventExecutor loop, BackendCall.Listener target) {
    this.loop = loop;
    this.target = target;
  }

  private void run(Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  @Override
  public void onHeaders(Metadata headers) {
    run(() -> target.onHeaders(headers));
  }

  @Override
  public void onMessage(byte[] message) {
    run(() -> target.onMessage(message));
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    run(() -> target.onClose(status, trailers));
  }

  @Override
  public void onReady() {
    run(target::onReady);
  }
}
