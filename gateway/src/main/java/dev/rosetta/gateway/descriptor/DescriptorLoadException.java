package dev.rosetta.gateway.descriptor;

/** A descriptor set that cannot be used; the message names the file and what is wrong with it. */
public final class DescriptorLoadException extends Exception {
  public DescriptorLoadException(String message) {
    super(message);
  }

  public DescriptorLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
