package dev.rosetta.gateway.backend;

import java.util.Map;

/**
 * The calls one endpoint of a backend answered since start-up (or since it came back after
 * being idle, see {@link EndpointCalls}).
 *
 * @param address {@code host:port}, or {@code none} (calls that reached no endpoint) or
 *     {@code other} (addresses beyond the bound)
 * @param callsByCode gRPC code name ({@code OK}, {@code UNAVAILABLE}, ...) to calls; only codes seen
 */
public record EndpointStats(String address, Map<String, Long> callsByCode) {
  public EndpointStats {
    callsByCode = Map.copyOf(callsByCode);
  }

  public long total() {
    return callsByCode.values().stream().mapToLong(Long::longValue).sum();
  }
}
