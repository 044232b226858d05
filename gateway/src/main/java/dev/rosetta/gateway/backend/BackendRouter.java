package dev.rosetta.gateway.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which backend serves which gRPC service. Today every service goes to one default backend;
 * per-service targets plug in here without the rest of the gateway changing. Immutable.
 */
public final class BackendRouter implements AutoCloseable {
  private final Map<String, Backend> byService;
  private final Backend fallback;

  public BackendRouter(Map<String, Backend> byService, Backend fallback) {
    this.byService = Map.copyOf(byService);
    this.fallback = fallback;
  }

  /** The backend for a service's full name, e.g. {@code rosetta.examples.library.v1.LibraryService}. */
  public Backend backendFor(String serviceFullName) {
    return byService.getOrDefault(serviceFullName, fallback);
  }

  /** Every distinct backend, the fallback last. */
  public List<Backend> all() {
    List<Backend> all = new ArrayList<>();
    for (Backend backend : byService.values()) {
      if (!all.contains(backend)) {
        all.add(backend);
      }
    }
    if (fallback != null && !all.contains(fallback)) {
      all.add(fallback);
    }
    return all;
  }

  @Override
  public void close() {
    all().forEach(Backend::close);
  }
}
