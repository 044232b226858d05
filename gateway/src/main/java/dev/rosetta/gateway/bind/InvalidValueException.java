package dev.rosetta.gateway.bind;

/**
 * A text value that does not convert to its field's type. The message says what is wrong with the
 * value ({@code "ten" is not a decimal integer}); the caller prefixes where the value came from
 * (a query parameter or a path variable) before it reaches the client as a {@link BindException}.
 */
final class InvalidValueException extends Exception {
  InvalidValueException(String message) {
    super(message, null, false, false); // no stack trace: this is a client error, not a bug
  }

  /** Quotes a client value for a message, cut short so that an error never echoes a whole URL. */
  static String quote(String value) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    return "\"" + shown + "\"";
  }
}
