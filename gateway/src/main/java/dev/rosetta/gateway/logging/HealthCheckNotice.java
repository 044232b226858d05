package dev.rosetta.gateway.logging;

import io.grpc.EquivalentAddressGroup;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns grpc-java's {@code SEVERE "Health-check with [...] is disabled. Server returned:
 * UNIMPLEMENTED"} into one INFO line per backend address that says what it means.
 *
 * <p>grpc's client-side health checking (round_robin with {@code health-check: true}, the
 * default) asks every address for {@code grpc.health.v1.Health/Watch}. A server without the
 * health service is common and harmless: grpc then treats the address as healthy while it is
 * connected. But grpc logs it at SEVERE, once per address and per channel (Rosetta keeps one
 * channel per event loop), at every start, the demo's included: an alarm for operators where
 * nothing is wrong. That logger ({@code HealthCheckingLoadBalancerFactory}) logs nothing else
 * (checked against grpc-services 1.85), so this filter sits on it, drops that record and logs
 * its own line the first time an address is reported. Any other record passes unchanged.
 */
final class HealthCheckNotice implements Filter {
  /** The java.util.logging logger grpc-services writes the record on. */
  static final String GRPC_LOGGER = "io.grpc.protobuf.services.HealthCheckingLoadBalancerFactory";
  /** Addresses already reported; bounded, so a target that resolves to ever new addresses cannot grow it. */
  private static final int MAX_REPORTED = 1024;
  /** Named for what it reports; looked up when needed, as this filter is made while logback starts. */
  private static final String LOGGER = "dev.rosetta.gateway.backend.HealthCheck";

  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  @Override
  public boolean isLoggable(LogRecord record) {
    Object[] params = record.getParameters();
    if (record.getMessage() == null || !record.getMessage().startsWith("Health-check with ")
        || params == null || params.length != 2) {
      return true;
    }
    String address = addresses(params[0]);
    if (reported.size() < MAX_REPORTED && reported.add(address)) {
      String code = params[1] instanceof Status status ? status.getCode().toString() : String.valueOf(params[1]);
      Logger log = LoggerFactory.getLogger(LOGGER);
      log.info("backend {} does not serve grpc.health.v1 (answered {}): it counts as healthy while connected; "
          + "set health-check: false on its backend to stop asking", address, code);
    }
    return false;
  }

  /** {@code host:port} of each address grpc names ({@code [[[/127.0.0.1:9090]/{}]]} as grpc prints it). */
  private static String addresses(Object groups) {
    if (!(groups instanceof List<?> list)) {
      return String.valueOf(groups);
    }
    List<String> out = new ArrayList<>();
    for (Object group : list) {
      if (group instanceof EquivalentAddressGroup eag) {
        for (SocketAddress address : eag.getAddresses()) {
          out.add(address instanceof InetSocketAddress inet
              ? inet.getHostString() + ":" + inet.getPort() : String.valueOf(address));
        }
      } else {
        out.add(String.valueOf(group));
      }
    }
    return String.join(",", out);
  }
}
