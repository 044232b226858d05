package dev.rosetta.gateway.policy;

import java.util.Locale;

/** Whether a route needs a token. */
public enum JwtRequirement {
  /** No token: 401. An invalid token: 401. */
  REQUIRED,
  /** No token: the request goes on, without claims. An invalid token: 401 (a bad token is never ignored). */
  OPTIONAL,
  /** Tokens are not looked at. */
  NONE;

  public static JwtRequirement parse(String text) {
    for (JwtRequirement r : values()) {
      if (r.name().equalsIgnoreCase(text.trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a JWT requirement: use required, optional or none");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
