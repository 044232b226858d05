package dev.rosetta.gateway.bind;

public final class BindException extends Exception {
  public BindException(String message) {
    super(message);
  }
}
