package dev.rosetta.gateway.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where a rate limit takes the key that picks a bucket (or a rate-limit service descriptor
 * entry its value): written {@code client-address}, {@code header:NAME}, {@code claim:NAME},
 * {@code constant} (or {@code constant:VALUE}), {@code route} or {@code method}. Immutable.
 *
 * <p>A header or claim the request lacks gives no key; local limits then use the client
 * address, so a client cannot leave a limit by leaving a header out.
 */
public record KeySource(Kind kind, String name) {
  /** The kinds of source. */
  public enum Kind { CLIENT_ADDRESS, HEADER, CLAIM, CONSTANT, ROUTE, METHOD }

  /** Longer keys are replaced by their SHA-256, so the key table's memory stays bounded. */
  private static final int MAX_KEY_CHARS = 128;

  /** Reads the written form; throws IllegalArgumentException naming what is accepted. */
  public static KeySource parse(String text) {
    String t = text.trim();
    int colon = t.indexOf(':');
    String kind = (colon < 0 ? t : t.substring(0, colon)).toLowerCase(Locale.ROOT);
    String name = colon < 0 ? "" : t.substring(colon + 1).trim();
    switch (kind) {
      case "client-address": return noName(Kind.CLIENT_ADDRESS, name, text);
      case "route": return noName(Kind.ROUTE, name, text);
      case "method": return noName(Kind.METHOD, name, text);
      case "constant": return new KeySource(Kind.CONSTANT, name.isEmpty() ? "all" : name);
      case "header":
      case "claim":
        if (name.isEmpty()) {
          throw new IllegalArgumentException("'" + text + "' names no " + kind + ": write " + kind + ":NAME");
        }
        return new KeySource(kind.equals("header") ? Kind.HEADER : Kind.CLAIM,
            kind.equals("header") ? name.toLowerCase(Locale.ROOT) : name);
      default:
        throw new IllegalArgumentException("'" + text + "' is not a key: use client-address, header:NAME, claim:NAME, "
            + "constant, constant:VALUE, route or method");
    }
  }

  private static KeySource noName(Kind kind, String name, String text) {
    if (!name.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "': " + kind.name().toLowerCase(Locale.ROOT).replace('_', '-')
          + " takes no name");
    }
    return new KeySource(kind, "");
  }

  /** A key that needs the verified claims, so its limit runs after the JWT check. */
  public boolean needsClaims() {
    return kind == Kind.CLAIM;
  }

  /** The value for this request; null when the request has none (an absent header or claim). */
  String value(PolicyContext context) {
    PolicyRequest request = context.request;
    String value = switch (kind) {
      case CLIENT_ADDRESS -> clientAddress(request);
      case HEADER -> request.header(name);
      case CLAIM -> claim(context);
      case CONSTANT -> name;
      case ROUTE -> request.route().toString();
      case METHOD -> request.route().fullMethod();
    };
    return value == null || value.length() <= MAX_KEY_CHARS ? value : sha256(value);
  }

  static String clientAddress(PolicyRequest request) {
    return request.peer() == null || request.peer().getAddress() == null ? "unknown"
        : request.peer().getAddress().getHostAddress();
  }

  private String claim(PolicyContext context) {
    Object value = context.claims == null ? null : context.claims.get(name);
    return value == null ? null : value.toString();
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    String kindName = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    return name.isEmpty() ? kindName : kindName + ":" + name;
  }
}
