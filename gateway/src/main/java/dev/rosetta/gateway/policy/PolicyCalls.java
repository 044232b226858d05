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
import java.util.function.BiFunction;

/**
 * One unary call to a policy service (ext_authz, the rate-limit service) on the channel of the
 * request's event loop: the channels are pinned to their loop with a direct executor (see
 * {@link Backend}), so the answer arrives on that loop, with no thread hop, and every call is
 * balanced over the service's addresses like a backend call. The deadline bounds it. Stateless.
 */
final class PolicyCalls {
  private PolicyCalls() {}

  /**
   * Applies {@code then} to {@code answer}'s outcome on {@code loop}: at once when the answer
   * arrives there (a policy service's, whose channel is pinned to that loop), else as a task on
   * it (a JWKS fetch's, from the fetcher's thread). A {@code then} that throws fails the result.
   */
  static <T> CompletableFuture<Decision.Deny> onLoop(CompletableFuture<T> answer, EventExecutor loop,
      BiFunction<T, Throwable, Decision.Deny> then) {
    CompletableFuture<Decision.Deny> result = new CompletableFuture<>();
    answer.whenComplete((value, error) -> execute(loop, () -> {
      try {
        result.complete(then.apply(value, error));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }));
    return result;
  }

  /** Runs {@code task} on {@code loop}: at once when already there, else as a task on it. */
  static void execute(EventExecutor loop, Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
      return;
    }
    try {
      loop.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      task.run(); // the loop is shutting down: answer anyway, nobody may wait forever
    }
  }

  static <Q, R> CompletableFuture<R> call(Backend service, EventExecutor loop, MethodDescriptor<Q, R> method, Q request,
      Duration timeout) {
    CompletableFuture<R> answer = new CompletableFuture<>();
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      ClientCalls.asyncUnaryCall(service.channelForTypedCalls(loop).newCall(method, options), request, new StreamObserver<R>() {
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
