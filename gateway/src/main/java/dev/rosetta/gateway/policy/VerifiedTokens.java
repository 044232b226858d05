package dev.rosetta.gateway.policy;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens one provider accepted lately, so that a client sending the same token again (as clients
 * do, for the token's lifetime) costs a map lookup instead of a parse and a signature check: an
 * RS256 verification is tens of microseconds, an ES256 or EdDSA one about a hundred on the JDK's
 * providers, several times what the gateway spends on the rest of a small request.
 *
 * <p>What a hit skips is only what cannot have changed: the token's exact text (the whole string
 * is the key, never a hash or a part of it), verified by this provider's settings and this very
 * key set. A refresh of the keys, which replaces the set, or a reload that changes the provider
 * makes every entry miss; the time claims ({@code exp}, {@code nbf}) and the audience are checked
 * again on every request. Refused tokens are never kept.
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} tokens of at most {@link #MAX_TOKEN_CHARS} characters
 * (about 3 MiB with their claims at worst); when full it starts again empty. Thread safe, shared
 * by every event loop.
 */
final class VerifiedTokens {
  static final int MAX_ENTRIES = 512;
  /** Longer tokens (rare: a few hundred bytes to 2 KiB is usual) are verified every time. */
  static final int MAX_TOKEN_CHARS = 4096;

  private record Entry(JwtProviderSpec spec, JwtKeys keys, JWTClaimsSet claims) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** The claims of {@code token} when {@code spec} and {@code keys} accepted it before; null otherwise. */
  JWTClaimsSet claims(String token, JwtProviderSpec spec, JwtKeys keys) {
    Entry entry = entries.get(token);
    return entry != null && entry.spec == spec && entry.keys == keys ? entry.claims : null;
  }

  /** {@code token}'s signature verified with {@code keys}, and its claims passed under {@code spec}. */
  void accepted(String token, JwtProviderSpec spec, JwtKeys keys, JWTClaimsSet claims) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear(); // simpler than LRU, and as bounded; the busiest tokens come back at once
    }
    entries.put(token, new Entry(spec, keys, claims));
  }
}
