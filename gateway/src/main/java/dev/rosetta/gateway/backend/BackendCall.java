package dev.rosetta.gateway.backend;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * One generic call to a backend: wire bytes in, wire bytes out, with the response headers and
 * trailers. The listener is called on the channel's event loop (the channel runs with a direct
 * executor), so it must not block.
 *
 * <p>Built for every RPC shape: unary calls send one message and half-close at once; streaming
 * front ends (a later stage) send more messages and ask for more responses as their client
 * drains them.
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

  private BackendCall(ClientCall<byte[], byte[]> call) {
    this.call = call;
  }

  /** Starts a call and asks for {@code initialResponses} messages. */
  public static BackendCall start(
      Channel channel,
      MethodDescriptor<byte[], byte[]> method,
      CallOptions options,
      Metadata headers,
      Listener listener,
      int initialResponses) {
    ClientCall<byte[], byte[]> call = channel.newCall(method, options);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onHeaders(Metadata metadata) {
        listener.onHeaders(metadata);
      }

      @Override
      public void onMessage(byte[] message) {
        listener.onMessage(message);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        listener.onClose(status, trailers);
      }

      @Override
      public void onReady() {
        listener.onReady();
      }
    }, headers);
    call.request(initialResponses);
    return new BackendCall(call);
  }

  /** Sends a unary request: one message, then the end of the request stream. */
  public static BackendCall unary(
      Channel channel,
      MethodDescriptor<byte[], byte[]> method,
      CallOptions options,
      Metadata headers,
      byte[] request,
      Listener listener) {
    // Ask for two messages so that a misbehaving backend sending a second one is seen by the
    // listener (which fails the exchange) rather than left unread.
    BackendCall call = start(channel, method, options, headers, listener, 2);
    call.send(request);
    call.halfClose();
    return call;
  }

  public void send(byte[] message) {
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
}
