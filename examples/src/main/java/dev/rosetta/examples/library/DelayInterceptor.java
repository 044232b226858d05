package dev.rosetta.examples.library;

import io.grpc.Context;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Slows a call down on request, for deadline and cancellation tests through the gateway: a
 * request with {@code x-delay-ms: N} (0 to 10000) is answered N ms after it arrives. A bad value
 * fails the call with INVALID_ARGUMENT.
 *
 * <p>The wait is a timer on a scheduler, not a sleeping thread: the unary handler runs only at
 * half-close, so half-close is what gets postponed. If the call is cancelled meanwhile (the
 * client gave up, or its deadline passed) the timer is cancelled and the handler never runs.
 */
final class DelayInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> DELAY =
      Metadata.Key.of("x-delay-ms", Metadata.ASCII_STRING_MARSHALLER);
  static final long MAX_DELAY_MS = 10_000;

  private final ScheduledExecutorService scheduler;

  DelayInterceptor(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String raw = headers.get(DELAY);
    if (raw == null) {
      return next.startCall(call, headers);
    }
    long delayMs;
    try {
      delayMs = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      delayMs = -1;
    }
    if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
      call.close(Status.INVALID_ARGUMENT.withDescription(
          "x-delay-ms must be a whole number of milliseconds from 0 to " + MAX_DELAY_MS
              + ", got \"" + raw + "\""), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return new DelayedListener<>(next.startCall(call, headers), delayMs);
  }

  /**
   * Holds back half-close. Callbacks now come from two threads (the call's executor and the
   * timer), so each one takes the lock to keep grpc-java's one-at-a-time listener contract.
   */
  private final class DelayedListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {
    private final long delayMs;
    private final Object lock = new Object();
    private boolean cancelled;
    private ScheduledFuture<?> pending;

    DelayedListener(ServerCall.Listener<ReqT> delegate, long delayMs) {
      super(delegate);
      this.delayMs = delayMs;
    }

    @Override
    public void onMessage(ReqT message) {
      synchronized (lock) {
        super.onMessage(message);
      }
    }

    @Override
    public void onHalfClose() {
      // The call's context (deadline, cancellation) is attached here but not on the timer
      // thread: carry it over.
      Runnable halfClose = Context.current().wrap(this::halfCloseNow);
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        try {
          pending = scheduler.schedule(halfClose, delayMs, TimeUnit.MILLISECONDS);
          return;
        } catch (RejectedExecutionException shuttingDown) {
          // The backend is closing: answer now rather than never.
        }
      }
      halfCloseNow();
    }

    private void halfCloseNow() {
      synchronized (lock) {
        if (!cancelled) {
          super.onHalfClose();
        }
      }
    }

    @Override
    public void onCancel() {
      synchronized (lock) {
        cancelled = true;
        if (pending != null) {
          pending.cancel(false);
        }
        super.onCancel();
      }
    }

    @Override
    public void onComplete() {
      synchronized (lock) {
        super.onComplete();
      }
    }

    @Override
    public void onReady() {
      synchronized (lock) {
        super.onReady();
      }
    }
  }
}
