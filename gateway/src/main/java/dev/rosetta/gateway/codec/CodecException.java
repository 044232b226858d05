package dev.rosetta.gateway.codec;

/**
 * JSON that does not fit the message type, or wire bytes that do not parse. The message is meant
 * for the client (it becomes an INVALID_ARGUMENT status) and names the offending field.
 */
public final class CodecException extends Exception {
  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
