package dev.rosetta.gateway;

/** The gateway cannot start; the message is one line naming the file, method, route or flag at fault. */
public final class StartupException extends Exception {
  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
