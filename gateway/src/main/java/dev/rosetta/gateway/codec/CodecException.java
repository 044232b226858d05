package dev.rosetta.gateway.codec;

/**
 * JSON that does not fit the message type, or wire bytes that do not parse. The message is meant
 * for the client (it becomes an INVALID_ARGUMENT status) and names the offending field.
 */
public final class CodecException extends Exception {
  /** Where in the JSON input the problem starts, when the parser knows better than its position; -1 otherwise. */
  private final int offset;
  /** The problem is a key at {@link #offset}: the field it names is found after it, at the parser's position. */
  private final boolean key;

  public CodecException(String message) {
    this(message, -1, false);
  }

  CodecException(String message, int offset) {
    this(message, offset, false);
  }

  CodecException(String message, int offset, boolean key) {
    super(message);
    this.offset = offset;
    this.key = key;
  }

  int offset() {
    return offset;
  }

  boolean key() {
    return key;
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
    this.offset = -1;
    this.key = false;
  }
}
