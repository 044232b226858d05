package dev.rosetta.gateway.reflectionservice;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ServerReflectionInfo} stream answered in process, shaped as the gRPC call an exchange
 * makes to a backend (bytes in, bytes out), so that the exchange layer drives it as it drives any
 * bidirectional call: flow control, limits, cancellation, metrics and the access log unchanged.
 *
 * <p>Each request message is answered in order, one answer per request, and only when the client
 * has asked for a message ({@link #request}): an answer is built when it can be written, so a
 * client that sends many questions and reads nothing holds a few small requests here, not their
 * answers. {@link #isReady} turns false while {@value #READY_REQUESTS} requests wait, which stops
 * the exchange reading the client until {@link Listener#onReady}. Listener callbacks run in a task
 * on the loop, never inside a method the exchange called (the order a transport gives). The
 * stream ends {@code OK} once the client half-closed and every request is answered; a malformed
 * request ends it {@code INVALID_ARGUMENT}, an answer over the message limit
 * {@code RESOURCE_EXHAUSTED}, the deadline {@code DEADLINE_EXCEEDED}. Confined to {@code loop}.
 */
final class ReflectionCall extends ClientCall<byte[], byte[]> {
  /** Requests that may wait for their answers before the call says it takes no more. */
  static final int READY_REQUESTS = 4;

  private final ReflectionIndex index;
  private final EventExecutor loop;
  private final long timeoutNanos;
  private final int maxResponseBytes;
  /** The files this stream has sent, so that imports go out once per stream. */
  private final Set<String> sent = new HashSet<>();
  private final ArrayDeque<byte[]> requests = new ArrayDeque<>();
  private Listener<byte[]> listener;
  private ScheduledFuture<?> deadline;
  private int demand;
  private boolean halfClosed;
  private boolean headersSent;
  private boolean drainQueued;
  private boolean toldNotReady;
  /** The status the call ends with, once decided; the listener is told when the drain gets to it. */
  private Status ending;
  private boolean closed;

  ReflectionCall(ReflectionIndex index, EventExecutor loop, long timeoutNanos, int maxResponseBytes) {
    this.index = index;
    this.loop = loop;
    this.timeoutNanos = timeoutNanos;
    this.maxResponseBytes = maxResponseBytes;
  }

  @Override
  public void start(Listener<byte[]> listener, Metadata headers) {
    this.listener = listener;
    if (timeoutNanos > 0) {
      deadline = loop.schedule(() -> end(Status.DEADLINE_EXCEEDED.withDescription(
          "server reflection stream past its deadline")), timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void request(int messages) {
    demand = (int) Math.min(Integer.MAX_VALUE, (long) demand + messages);
    queueDrain();
  }

  @Override
  public void sendMessage(byte[] message) {
    if (ending != null) {
      return;
    }
    requests.add(message);
    toldNotReady |= !isReady();
    queueDrain();
  }

  @Override
  public void halfClose() {
    halfClosed = true;
    queueDrain();
  }

  @Override
  public void cancel(String message, Throwable cause) {
    end(Status.CANCELLED.withDescription(message).withCause(cause));
  }

  @Override
  public boolean isReady() {
    return ending == null && requests.size() < READY_REQUESTS;
  }

  private void end(Status status) {
    if (ending == null) {
      ending = status;
      requests.clear();
    }
    queueDrain();
  }

  private void queueDrain() {
    if (!drainQueued && !closed && listener != null) {
      drainQueued = true;
      loop.execute(this::drain);
    }
  }

  /** Answers what the client has asked for, then ends the call or says it takes requests again. */
  private void drain() {
    drainQueued = false;
    if (closed) {
      return;
    }
    while (ending == null && demand > 0 && !requests.isEmpty()) {
      byte[] answer = answer(requests.poll());
      if (answer == null) {
        break; // the call ends: ending is set
      }
      demand--;
      if (!headersSent) {
        headersSent = true;
        listener.onHeaders(new Metadata());
      }
      listener.onMessage(answer);
    }
    if (ending == null && halfClosed && requests.isEmpty()) {
      ending = Status.OK;
    }
    if (ending != null) {
      closed = true;
      if (deadline != null) {
        deadline.cancel(false);
      }
      listener.onClose(ending, new Metadata());
      return;
    }
    if (toldNotReady && isReady()) {
      toldNotReady = false;
      listener.onReady();
    }
  }

  /** The answer's wire bytes; null when the request ends the call instead (and {@link #ending} says how). */
  private byte[] answer(byte[] request) {
    ServerReflectionRequest question;
    try {
      question = ServerReflectionRequest.parseFrom(request);
    } catch (InvalidProtocolBufferException e) {
      end(Status.INVALID_ARGUMENT.withDescription("malformed ServerReflectionRequest: " + e.getMessage()));
      return null;
    }
    ServerReflectionResponse answer = ReflectionAnswers.answer(index, question, sent);
    int size = answer.getSerializedSize();
    if (size > maxResponseBytes) {
      // A backend's answer over the limit fails the same way (the channel's inbound limit).
      end(Status.RESOURCE_EXHAUSTED.withDescription("the server reflection answer of " + size
          + " bytes is over the message limit of " + maxResponseBytes + " bytes (--max-message-size)"));
      return null;
    }
    return answer.toByteArray();
  }
}
