package dev.rosetta.gateway.policy;

/** Policy settings that cannot be used; the message names the file and line of the setting. */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  public PolicyException(String message) {
    super(message);
  }

  public PolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
