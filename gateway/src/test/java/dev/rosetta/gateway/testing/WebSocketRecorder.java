package dev.rosetta.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's) that records the text messages it gets, reassembled from
 * their fragments, and the close frame as "code reason".
 */
public class WebSocketRecorder implements WebSocket.Listener {
  public final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  public final CompletableFuture<String> closed = new CompletableFuture<>();
  public final WebSocket socket;
  private final StringBuilder partial = new StringBuilder();

  public WebSocketRecorder(HttpClient client, URI uri) throws Exception {
    this(client.newWebSocketBuilder(), uri);
  }

  /** Opens the socket with {@code builder}, e.g. one that adds request headers. */
  public WebSocketRecorder(WebSocket.Builder builder, URI uri) throws Exception {
    socket = builder.buildAsync(uri, this).get(10, TimeUnit.SECONDS);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      messages.add(partial.toString());
      partial.setLength(0);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  public WebSocketRecorder send(String text) {
    socket.sendText(text, true).join();
    return this;
  }

  /** The next message, which must come within 10 s. */
  public String next() throws InterruptedException {
    String message = messages.poll(10, TimeUnit.SECONDS);
    assertThat(message).as("a message within 10 s").isNotNull();
    return message;
  }

  /** The close frame as "code reason", which must come within 10 s. */
  public String close() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  /** Every message until the close frame, then "messages | code reason". */
  public String rest() throws Exception {
    String close = close();
    List<String> all = new ArrayList<>();
    messages.drainTo(all);
    return String.join(",", all) + " | " + close;
  }
}
