package dev.rosetta.gateway.config;

/** A configuration file that cannot be used; the message names the file, the line and the key. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  ConfigException(String file, int line, String key, String problem) {
    super(file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
  }

  ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
