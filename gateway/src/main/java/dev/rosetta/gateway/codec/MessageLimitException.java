package dev.rosetta.gateway.codec;

/**
 * A request message whose wire form passes the largest message a backend takes
 * ({@code --max-message-size}), found while it is being written, so that no more memory is spent on
 * it. The exchange answers 413 {@code RESOURCE_EXHAUSTED}, as for any message over the limit.
 * Unchecked, because the wire writer's primitives are called from every corner of the parser; no
 * stack trace, because it is an answer to a request, not a bug.
 */
public final class MessageLimitException extends RuntimeException {
  private final int limit;

  public MessageLimitException(int limit) {
    super("the request message is more than the backend message limit of " + limit + " bytes", null, false, false);
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }
}
