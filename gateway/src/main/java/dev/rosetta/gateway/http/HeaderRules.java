package dev.rosetta.gateway.http;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which request headers may become gRPC metadata, by name pattern ({@code *} matches any run of
 * characters, case-insensitive). With no forward patterns every header not reserved is forwarded;
 * with some, only matching ones are. Drop patterns win over forward patterns. Immutable.
 */
public final class HeaderRules {
  public static final HeaderRules FORWARD_ALL = new HeaderRules(List.of(), List.of());

  private final List<Pattern> forward;
  private final List<Pattern> drop;

  public HeaderRules(List<String> forwardGlobs, List<String> dropGlobs) {
    this.forward = forwardGlobs.stream().map(HeaderRules::glob).toList();
    this.drop = dropGlobs.stream().map(HeaderRules::glob).toList();
  }

  /** {@code name} must be lower case. */
  boolean allows(String name) {
    for (Pattern p : drop) {
      if (p.matcher(name).matches()) {
        return false;
      }
    }
    if (forward.isEmpty()) {
      return true;
    }
    for (Pattern p : forward) {
      if (p.matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Pattern glob(String glob) {
    String[] parts = glob.toLowerCase(Locale.ROOT).split("\\*", -1);
    return Pattern.compile(
        java.util.Arrays.stream(parts).map(Pattern::quote).collect(java.util.stream.Collectors.joining(".*")));
  }
}
