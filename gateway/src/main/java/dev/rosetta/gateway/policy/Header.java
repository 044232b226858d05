package dev.rosetta.gateway.policy;

/**
 * One header a decision adds: to the backend call's metadata, or to the response.
 *
 * @param name lower-case field name
 * @param value field value
 * @param append add beside values already there; false replaces them
 */
public record Header(String name, String value, boolean append) {
  public Header {
    name = name.toLowerCase(java.util.Locale.ROOT);
  }

  public static Header set(String name, String value) {
    return new Header(name, value, false);
  }
}
