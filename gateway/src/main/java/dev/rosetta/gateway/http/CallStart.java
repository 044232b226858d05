package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.backend.GrpcMethods;
import dev.rosetta.gateway.backend.MessageTooLargeException;
import dev.rosetta.gateway.reflectionservice.ServerReflection;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one place where an exchange's backend call starts, for every exchange kind and front end:
 * the backend that serves the route's service (or the {@code no_backend} error), the deadline, the
 * request metadata (the request id is in it already), the listener delivered on the exchange's
 * event loop, and the message-size check on every request message sent, answered 413
 * {@code RESOURCE_EXHAUSTED}. What a later step adds to every call goes into {@link #open}, and
 * nowhere else: the metadata the edge policies add and remove ({@link RoutedRequest#admitted},
 * applied by {@link PolicyHeaders#forBackend}), later a tracing client span and its {@code traceparent}.
 * A method the gateway answers itself (server reflection, {@link ServerReflection}) starts here too,
 * in process, through the same {@link BackendCall}, so the exchange cannot tell the difference.
 * Stateless; runs on the event loop.
 */
final class CallStart {
  private CallStart() {}

  /** Starts the call of {@code routed} and asks for {@code initialResponses}; messages follow with {@link #send}. */
  static BackendCall start(RoutedRequest routed, EventExecutor loop, BackendCall.Listener listener,
      int initialResponses) throws ExchangeException {
    return open(routed, loop, listener, initialResponses, null);
  }

  /** Starts the call of {@code routed} with its one request message, and half-closes. */
  static BackendCall startWith(RoutedRequest routed, EventExecutor loop, BackendCall.Listener listener,
      int initialResponses, byte[] message) throws ExchangeException {
    return open(routed, loop, listener, initialResponses, message);
  }

  /** Sends one more request message of a started call. */
  static void send(BackendCall call, byte[] message) throws ExchangeException {
    try {
      call.send(message);
    } catch (MessageTooLargeException e) {
      throw tooLarge(e.getMessage());
    }
  }

  /**
   * The target of the backend that serves {@code routed} ({@code 10.0.0.7:9090},
   * {@code dns:///books:9090}), for messages about its calls; null when none does.
   */
  static String target(RoutedRequest routed) {
    Backend backend = backend(routed);
    return backend == null ? null : backend.target();
  }

  /** The backend of the route's service in the request's engine: the same one for the whole exchange. */
  private static Backend backend(RoutedRequest routed) {
    if (unknownMethod(routed) != null) {
      return routed.engine().backends().defaultBackend();
    }
    return routed.engine().backends().backendFor(routed.route().method().getService().getFullName());
  }

  /** The full name of a method passed through unread (--grpc-passthrough-unknown); null for a loaded one. */
  private static String unknownMethod(RoutedRequest routed) {
    return routed.rpc() instanceof GrpcFraming grpc ? grpc.unknownMethod() : null;
  }

  private static BackendCall open(RoutedRequest routed, EventExecutor loop, BackendCall.Listener listener,
      int initialResponses, byte[] onlyMessage) throws ExchangeException {
    ServerReflection reflection = routed.engine().reflection();
    if (reflection != null && ServerReflection.serves(routed.route().method())) {
      return inProcess(routed, reflection, loop, listener, initialResponses, onlyMessage);
    }
    Backend backend = backend(routed);
    String unknown = unknownMethod(routed);
    if (backend == null) {
      String service = unknown != null ? "unknown methods (no default backend)"
          : routed.route().method().getService().getFullName();
      throw new ExchangeException(GatewayError.of(Status.Code.UNIMPLEMENTED, "no backend serves " + service,
          Reasons.NO_BACKEND));
    }
    CallOptions options = CallOptions.DEFAULT;
    if (routed.timeoutNanos() > 0) {
      options = options.withDeadlineAfter(routed.timeoutNanos(), TimeUnit.NANOSECONDS);
    }
    var method = unknown != null ? GrpcMethods.passthrough(unknown) : routed.engine().methods().of(routed.route().method());
    Metadata headers = PolicyHeaders.forBackend(routed.requestHeaders(), routed.admitted());
    // The client span, and its traceparent in the call's metadata; nothing at all with tracing off.
    ExchangeTrace.CallTrace trace = routed.trace() == null ? null : routed.trace().startCall(routed.route(), headers);
    BackendCall.Listener traced = trace == null ? listener : new TracedListener(listener, trace);
    if (onlyMessage == null) {
      return backend.start(loop, method, options, headers, traced, initialResponses);
    }
    try {
      return backend.startWithMessage(loop, method, options, headers, traced, initialResponses, onlyMessage);
    } catch (MessageTooLargeException e) {
      if (trace != null) {
        trace.end(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()));
      }
      throw tooLarge(e.getMessage());
    }
  }

  /**
   * A call the gateway answers itself, from the request's engine (server reflection): no backend
   * and no client span (nothing leaves the process); the deadline, the message-size check and the
   * listener on the loop as for a backend's call.
   */
  private static BackendCall inProcess(RoutedRequest routed, ServerReflection reflection, EventExecutor loop,
      BackendCall.Listener listener, int initialResponses, byte[] onlyMessage) throws ExchangeException {
    BackendCall call = BackendCall.startInProcess(reflection.newCall(loop, routed.timeoutNanos()),
        routed.requestHeaders(), listener, initialResponses, loop, ServerReflection.MAX_REQUEST_BYTES);
    if (onlyMessage != null) {
      try {
        send(call, onlyMessage);
      } catch (ExchangeException e) {
        call.cancel("the gateway refused the request message");
        throw e;
      }
      call.halfClose();
    }
    return call;
  }

  /** 413 {@code RESOURCE_EXHAUSTED}: a request message past the backend's message limit. */
  static ExchangeException tooLarge(String message) {
    return new ExchangeException(new GatewayError(413, Status.Code.RESOURCE_EXHAUSTED, message,
        Reasons.MESSAGE_TOO_LARGE));
  }
}
