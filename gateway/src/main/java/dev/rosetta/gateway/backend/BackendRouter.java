package dev.rosetta.gateway.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which backend serves which gRPC service: an exact service name first, then the longest
 * matching {@code package.*} pattern, then the default backend. Built once; lookups are cached
 * per service name (there are as many as the descriptor sets declare). Thread safe.
 */
public final class BackendRouter implements AutoCloseable {
  private final Map<String, Backend> exact;
  private final List<Map.Entry<String, Backend>> prefixes = new ArrayList<>();
  private final Backend fallback;
  private final List<Backend> all = new ArrayList<>();
  private final Map<String, Backend> cache = new ConcurrentHashMap<>();

  /** Routes by each backend's {@link BackendSpec#services()}; a backend without services is the default. */
  public static BackendRouter of(List<Backend> backends) {
    Map<String, Backend> byName = new java.util.HashMap<>();
    Backend fallback = null;
    for (Backend backend : backends) {
      if (backend.spec().isDefault()) {
        if (fallback != null) {
          throw new IllegalArgumentException("two default backends (without services): '"
              + fallback.spec().name() + "' and '" + backend.spec().name() + "'");
        }
        fallback = backend;
      }
      for (String service : backend.spec().services()) {
        Backend before = byName.putIfAbsent(service, backend);
        if (before != null) {
          throw new IllegalArgumentException("service '" + service + "' is claimed by backends '"
              + before.spec().name() + "' and '" + backend.spec().name() + "'");
        }
      }
    }
    BackendRouter router = new BackendRouter(byName, fallback);
    router.all.clear();
    router.all.addAll(backends);
    return router;
  }

  public BackendRouter(Map<String, Backend> byService, Backend fallback) {
    Map<String, Backend> exactNames = new java.util.HashMap<>();
    byService.forEach((name, backend) -> {
      if (name.endsWith(".*")) {
        prefixes.add(Map.entry(name.substring(0, name.length() - 1), backend));
      } else {
        exactNames.put(name, backend);
      }
      if (!all.contains(backend)) {
        all.add(backend);
      }
    });
    // Longest prefix first: rosetta.books.v1.* wins over rosetta.*.
    prefixes.sort((a, b) -> b.getKey().length() - a.getKey().length());
    this.exact = Map.copyOf(exactNames);
    this.fallback = fallback;
    if (fallback != null && !all.contains(fallback)) {
      all.add(fallback);
    }
  }

  /** The backend for a service's full name, e.g. {@code rosetta.examples.library.v1.LibraryService}; null for none. */
  public Backend backendFor(String serviceFullName) {
    Backend cached = cache.get(serviceFullName);
    if (cached != null) {
      return cached;
    }
    Backend found = lookup(serviceFullName);
    if (found != null) {
      cache.put(serviceFullName, found);
    }
    return found;
  }

  private Backend lookup(String service) {
    Backend backend = exact.get(service);
    if (backend != null) {
      return backend;
    }
    for (Map.Entry<String, Backend> prefix : prefixes) {
      if (service.startsWith(prefix.getKey())) {
        return prefix.getValue();
      }
    }
    return fallback;
  }

  /** The default backend (the one without services); null for none. */
  public Backend defaultBackend() {
    return fallback;
  }

  public List<Backend> backends() {
    return List.copyOf(all);
  }

  @Override
  public void close() {
    all.forEach(Backend::close);
  }
}
