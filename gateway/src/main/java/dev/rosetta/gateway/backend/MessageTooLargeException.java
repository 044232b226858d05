package dev.rosetta.gateway.backend;

/**
 * A request message larger than the backend's message limit ({@code --max-message-size}), refused
 * before it is handed to gRPC. No stack trace: it is an answer to a request, not a bug.
 */
public final class MessageTooLargeException extends Exception {
  private final int size;
  private final int limit;

  MessageTooLargeException(int size, int limit) {
    super("the request message is " + size + " bytes, more than the backend message limit of " + limit + " bytes",
        null, false, false);
    this.size = size;
    this.limit = limit;
  }

  public int size() {
    return size;
  }

  public int limit() {
    return limit;
  }
}
