package dev.rosetta.gateway.policy;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Claim values as metadata text: strings as they are, lists joined with commas, dates as epoch
 * seconds, objects as JSON. A value with control characters (CR, LF: header injection) is not
 * forwarded at all. Stateless.
 */
final class ClaimValues {
  private static final int MAX_ANNOTATION_CHARS = 128;

  private ClaimValues() {}

  @SuppressWarnings("unchecked")
  static String text(Object value) {
    String text;
    if (value == null) {
      return null;
    } else if (value instanceof Date date) {
      text = Long.toString(date.getTime() / 1000);
    } else if (value instanceof Collection<?> list) {
      text = list.stream().map(String::valueOf).collect(Collectors.joining(","));
    } else if (value instanceof Map<?, ?> map) {
      text = JSONObjectUtils.toJSONString((Map<String, ?>) map);
    } else {
      text = value.toString();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return null;
      }
    }
    return text;
  }

  /** A claim for the access log: cut to a bounded length. */
  static String bounded(String value) {
    return value.length() <= MAX_ANNOTATION_CHARS ? value : value.substring(0, MAX_ANNOTATION_CHARS);
  }
}
