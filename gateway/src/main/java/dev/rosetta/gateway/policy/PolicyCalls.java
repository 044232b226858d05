package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.backend.Backend;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One unary call to a policy service (ext_authz, the rate-limit service) on the channel of the
 * request's event loop: the channels are pinned to their loop with a direct executor (see
 * {@link Backend}), so the answer arrives on that loop, with no thread hop, and every call is
 * balanced over the service's addresses like a backend call. The deadline bounds it. Stateless.
 */
final class PolicyCalls {
  private PolicyCalls() {}

  static <Q, R> CompletableFuture<R> call(Backend service, EventExecutor loop, MethodDescriptor<Q, R> method, Q request,
      Duration timeout) {
    CompletableFuture<R> answer = new CompletableFuture<>();
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      ClientCalls.asyncUnaryCall(service.channelFor(loop).newCall(method, options), request, new StreamObserver<R>() {
        @Override
        public void onNext(R value) {
          answer.complete(value);
        }

        @Override
        public void onError(Throwable error) {
          answer.completeExceptionally(error);
        }

        @Override
        public void onCompleted() {
          answer.completeExceptionally(new IllegalStateException("no response message"));
        }
      });
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
    return answer;
  }
}
