package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.BackendSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The stateful parts policies use, kept across reloads: each provider's key cache, each limit's
 * buckets, the channels to the authorization and rate-limit services. A reload that leaves a
 * part's settings as they were keeps the part (keys stay cached, buckets keep their counts,
 * channels stay connected); parts no longer configured are closed after a grace period, so that
 * requests that began on the previous settings finish on them. Touched by the composition root
 * only (start, reload, close: serialized by {@link Policies}); the parts themselves are thread safe.
 */
final class PolicyResources implements AutoCloseable {
  /** Longer than any admission can take (every remote call is bounded by its own timeout). */
  static final Duration GRACE = Duration.ofSeconds(30);

  private record JwksKey(String provider, JwksSpec jwks) {}

  private record LimitKey(String name, long requests, Duration per, long burst, KeySource key, int maxKeys) {
    static LimitKey of(LocalLimitSpec s) {
      return new LimitKey(s.name(), s.requests(), s.per(), s.burst(), s.key(), s.maxKeys());
    }
  }

  private final PolicyRuntime runtime;
  /** Made with the first JWT provider: a gateway without one starts no thread for keys. */
  private JwksFetcher fetcher;
  private Map<JwksKey, JwksCache> caches = new HashMap<>();
  private Map<LimitKey, TokenBuckets> buckets = new HashMap<>();
  private Map<BackendSpec, Backend> services = new HashMap<>();
  /** Parts waiting out their grace period; closed at once by {@link #close}. */
  private final List<AutoCloseable> retiring = new java.util.concurrent.CopyOnWriteArrayList<>();

  PolicyResources(PolicyRuntime runtime) {
    this.runtime = runtime;
  }

  /** The live parts {@code config} needs, made or kept; what it no longer needs closes after {@link #GRACE}. */
  Parts retain(PolicyConfig config) {
    Map<JwksKey, JwksCache> nextCaches = new HashMap<>();
    Map<String, JwksCache> byProvider = new HashMap<>();
    for (JwtProviderSpec provider : config.jwtProviders()) {
      JwksKey key = new JwksKey(provider.name(), provider.jwks());
      JwksCache cache = caches.containsKey(key) ? caches.get(key)
          : new JwksCache(provider, fetcher(), runtime.nanoClock());
      nextCaches.put(key, cache);
      byProvider.put(provider.name(), cache);
    }
    Map<LimitKey, TokenBuckets> nextBuckets = new HashMap<>();
    Map<String, TokenBuckets> byLimit = new HashMap<>();
    for (LocalLimitSpec limit : config.rateLimits()) {
      LimitKey key = LimitKey.of(limit);
      TokenBuckets table = buckets.containsKey(key) ? buckets.get(key) : new TokenBuckets(limit, runtime.nanoClock());
      nextBuckets.put(key, table);
      byLimit.put(limit.name(), table);
    }
    Map<BackendSpec, Backend> nextServices = new HashMap<>();
    Backend authz = config.authz() == null ? null : service(config.authz().service(), nextServices);
    Backend rls = config.globalRateLimit() == null ? null : service(config.globalRateLimit().service(), nextServices);

    List<AutoCloseable> stale = new ArrayList<>();
    caches.forEach((k, v) -> {
      if (!nextCaches.containsKey(k)) {
        stale.add(v);
      }
    });
    services.forEach((k, v) -> {
      if (!nextServices.containsKey(k)) {
        stale.add(v);
      }
    });
    caches = nextCaches;
    buckets = nextBuckets;
    services = nextServices;
    if (!stale.isEmpty()) {
      retiring.addAll(stale);
      fetcher().later(GRACE, () -> {
        retiring.removeAll(stale);
        closeAll(stale);
      });
    }
    return new Parts(byProvider, byLimit, authz, rls);
  }

  private JwksFetcher fetcher() {
    if (fetcher == null) {
      fetcher = new JwksFetcher();
    }
    return fetcher;
  }

  private Backend service(BackendSpec spec, Map<BackendSpec, Backend> next) {
    Backend backend = next.get(spec);
    if (backend == null) {
      backend = services.containsKey(spec) ? services.get(spec)
          : new Backend(spec, Set.of(), runtime.group(), runtime.channelType(), runtime.backendOptions());
      next.put(spec, backend);
    }
    return backend;
  }

  /** The parts one configuration uses, by the names its rules use. */
  record Parts(Map<String, JwksCache> keys, Map<String, TokenBuckets> buckets, Backend authz, Backend rateLimitService) {}

  private static void closeAll(List<AutoCloseable> parts) {
    for (AutoCloseable part : parts) {
      try {
        if (part instanceof Backend backend) {
          backend.close(TimeUnit.SECONDS.toMillis(1));
        } else {
          part.close();
        }
      } catch (Exception e) {
        // Closing is best effort: nothing uses the part any more.
      }
    }
  }

  @Override
  public void close() {
    List<AutoCloseable> all = new ArrayList<>(caches.values());
    all.addAll(services.values());
    all.addAll(retiring);
    retiring.clear();
    if (fetcher != null) {
      fetcher.close();
    }
    closeAll(all);
  }
}
