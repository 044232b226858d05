package dev.rosetta.gateway.backend;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.netty.util.concurrent.EventExecutor;

/**
 * One generic call to a backend: wire bytes in, wire bytes out, with the response headers and
 * trailers. Started by {@link Backend#start}; every RPC shape uses it: a single request message
 * is sent with the start ({@link Backend#startWithMessage}), a streamed upload sends more, and
 * streamed responses are asked for one by one as the client drains them.
 *
 * <p>The listener is called on one event loop, the caller's: the callbacks already run there when
 * the call's channel is pinned to that loop (the usual case, with a direct executor), and are
 * handed over to it in order otherwise, so a caller confined to its loop never sees two threads.
 * Every message sent is checked against the backend's message limit first.
 */
public final class BackendCall {

  /** What the backend answers. Called in order: headers (maybe), messages, then close once. */
  public interface Listener {
    void onHeaders(Metadata headers);

    void onMessage(byte[] message);

    void onClose(Status status, Metadata trailers);

    /**
     * The call can take more request messages without buffering ({@link #isReady} turned true):
     * streaming uploads resume reading their client here.
     */
    default void onReady() {}
  }

  private final ClientCall<byte[], byte[]> call;
  private final int maxMessageBytes;

  private BackendCall(ClientCall<byte[], byte[]> call, int maxMessageBytes) {
    this.call = call;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Starts a call whose callbacks run on {@code loop}, and asks for {@code initialResponses} messages. */
  static BackendCall start(
      Channel channel,
      MethodDescriptor<byte[], byte[]> method,
      CallOptions options,
      Metadata headers,
      Listener listener,
      int initialResponses,
      EventExecutor loop,
      int maxMessageBytes) {
    return startCall(channel.newCall(method, options), headers, listener, initialResponses, loop, maxMessageBytes);
  }

  /**
   * Starts {@code call}, one the gateway answers in process (server reflection) rather than a
   * backend's, with the same contract: callbacks on {@code loop}, every message sent checked
   * against {@code maxMessageBytes}.
   */
  public static BackendCall startInProcess(ClientCall<byte[], byte[]> call, Metadata headers, Listener listener,
      int initialResponses, EventExecutor loop, int maxMessageBytes) {
    return startCall(call, headers, listener, initialResponses, loop, maxMessageBytes);
  }

  private static BackendCall startCall(ClientCall<byte[], byte[]> call, Metadata headers, Listener listener,
      int initialResponses, EventExecutor loop, int maxMessageBytes) {
    call.start(new OnLoop(loop, listener), headers);
    call.request(initialResponses);
    return new BackendCall(call, maxMessageBytes);
  }

  /**
   * Checks a request message against the limit. Checked here, not only by grpc-java's own outbound
   * limit: grpc-java does not always fail such a call (a message over the limit, sent while the
   * channel was still connecting, left the call hanging).
   */
  static void checkSize(byte[] message, int maxMessageBytes) throws MessageTooLargeException {
    if (message.length > maxMessageBytes) {
      throw new MessageTooLargeException(message.length, maxMessageBytes);
    }
  }

  /** Sends one request message; refused, and nothing sent, when it is over the backend's limit. */
  public void send(byte[] message) throws MessageTooLargeException {
    checkSize(message, maxMessageBytes);
    call.sendMessage(message);
  }

  public void halfClose() {
    call.halfClose();
  }

  /** True while the transport takes messages without queueing them (gRPC flow control). */
  public boolean isReady() {
    return call.isReady();
  }

  public void request(int messages) {
    call.request(messages);
  }

  /** Cancels the call, e.g. because the HTTP client went away; the backend sees CANCELLED. */
  public void cancel(String reason) {
    call.cancel(reason, null);
  }

  /**
   * Runs each callback on {@code loop}: at once when it arrives there, else handed over in order.
   * The lambdas are made only for a hand-over, so the usual case allocates nothing per callback.
   */
  private static final class OnLoop extends ClientCall.Listener<byte[]> {
    private final EventExecutor loop;
    private final Listener target;

    OnLoop(EventExecutor loop, Listener target) {
      this.loop = loop;
      this.target = target;
    }

    @Override
    public void onHeaders(Metadata headers) {
      if (loop.inEventLoop()) {
        target.onHeaders(headers);
      } else {
        loop.execute(() -> target.onHeaders(headers));
      }
    }

    @Override
    public void onMessage(byte[] message) {
      if (loop.inEventLoop()) {
        target.onMessage(message);
      } else {
        loop.execute(() -> target.onMessage(message));
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (loop.inEventLoop()) {
        target.onClose(status, trailers);
      } else {
        loop.execute(() -> target.onClose(status, trailers));
      }
    }

    @Override
    public void onReady() {
      if (loop.inEventLoop()) {
        target.onReady();
      } else {
        loop.execute(target::onReady);
      }
    }
  }
}
