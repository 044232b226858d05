package dev.rosetta.gateway.policy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current keys of one JWT provider, fetched at start, again every refresh interval (a file:
 * when it changed), and at once when a token names a key the set lacks (a rotation at the
 * issuer), at most once per {@code minRefetchInterval}. A failed fetch keeps the keys already
 * held: an identity provider's bad minute must not lock every user out. Thread safe: the keys
 * are one volatile reference, swapped whole.
 */
final class JwksCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

  private final JwtProviderSpec provider;
  private final JwksFetcher fetcher;
  private final LongSupplier nanoClock;
  private final ScheduledFuture<?> refresh;
  private volatile JwtKeys keys;
  /** Guarded by this. */
  private CompletableFuture<JwtKeys> inflight;
  /** Guarded by this: when the last fetch began. */
  private long lastFetch;
  private volatile long fileStamp = Long.MIN_VALUE;
  /** Tokens these keys verified lately (a refresh replaces the keys, and so empties it in effect). */
  private final VerifiedTokens verified = new VerifiedTokens();

  JwksCache(JwtProviderSpec provider, JwksFetcher fetcher, LongSupplier nanoClock) {
    this.provider = provider;
    this.fetcher = fetcher;
    this.nanoClock = nanoClock;
    fetch();
    this.refresh = fetcher.every(provider.jwks().refreshInterval(), this::refresh);
  }

  /** The keys held now; null until a first fetch succeeded. */
  JwtKeys keys() {
    return keys;
  }

  VerifiedTokens verified() {
    return verified;
  }

  /**
   * A fetch now, unless one is running (its answer is shared) or one began less than {@code
   * minRefetchInterval} ago (the keys held are the answer). Completes with the keys held after
   * it, possibly null; never exceptionally. Completes on the fetcher's thread, or at once.
   */
  CompletableFuture<JwtKeys> refetch() {
    synchronized (this) {
      if (inflight != null) {
        return inflight;
      }
      if (nanoClock.getAsLong() - lastFetch < provider.jwks().minRefetchInterval().toNanos()) {
        return CompletableFuture.completedFuture(keys);
      }
    }
    return fetch();
  }

  private void refresh() {
    if (provider.jwks().file() != null) {
      long stamp = JwksFetcher.stamp(provider.jwks().file());
      if (stamp == fileStamp) {
        return;
      }
    }
    fetch();
  }

  private CompletableFuture<JwtKeys> fetch() {
    CompletableFuture<JwtKeys> done = new CompletableFuture<>();
    synchronized (this) {
      if (inflight != null) {
        return inflight;
      }
      inflight = done;
      lastFetch = nanoClock.getAsLong();
    }
    long stamp = provider.jwks().file() == null ? 0 : JwksFetcher.stamp(provider.jwks().file());
    fetcher.fetch(provider.jwks()).whenComplete((set, error) -> {
      if (error == null) {
        JwtKeys fresh = JwtKeys.of(set);
        keys = fresh;
        fileStamp = stamp;
        LOG.info("JWT provider '{}': {} signing keys from {}", provider.name(), fresh.size(), provider.jwks());
      } else {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.warn("JWT provider '{}': cannot fetch keys from {} ({}); {}", provider.name(), provider.jwks(),
            cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
            keys == null ? "tokens are refused until it works" : "the keys fetched before stay in use");
      }
      synchronized (this) {
        inflight = null;
      }
      done.complete(keys);
    });
    return done;
  }

  @Override
  public void close() {
    refresh.cancel(false);
  }
}
