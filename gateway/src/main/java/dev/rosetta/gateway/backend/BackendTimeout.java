package dev.rosetta.gateway.backend;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A backend's {@code timeout} as a call deadline, the shorter of it and the request's winning.
 * Other targets carry it in their service config; an {@code xds:///} channel takes its service
 * config (and the route's own timeout, {@code max_stream_duration}) from the control plane and
 * ignores ours, so there it is applied per call here instead.
 */
final class BackendTimeout implements ClientInterceptor {
  private final long nanos;

  BackendTimeout(Duration timeout) {
    this.nanos = timeout.toNanos();
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    Deadline cap = Deadline.after(nanos, TimeUnit.NANOSECONDS);
    Deadline asked = options.getDeadline();
    return next.newCall(method, asked == null || cap.isBefore(asked) ? options.withDeadline(cap) : options);
  }
}
