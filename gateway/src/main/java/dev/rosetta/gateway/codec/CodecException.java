package dev.rosetta.gateway.codec;

/**
 * JSON that does not fit the message type, or wire bytes that do not parse. The message is meant
 * for the client (it becomes an INVALID_ARGUMENT status) and names the offending field.
 */
public final class CodecException extends Exception {
  /** Where in the JSON input the problem starts, when the parser knows better than its position; -1 otherwise. */
  private final int offset;

  public CodecException(String message) {
    this(message, -1);
  }

  CodecException(String message, int offset) {
    super(message);
    this.offset = offset;
  }

  int offset() {
    return offset;
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
    this.offset = -1;
  }
}
