package dev.rosetta.gateway;

import dev.rosetta.gateway.accesslog.AccessLog;
import dev.rosetta.gateway.http.CorsPolicy;

/**
 * The operator-facing settings: the admin listener and the access log. Immutable.
 *
 * @param adminBindAddress address of the admin listener; loopback by default, so health, metrics
 *     and reload are not exposed where the public port is
 * @param adminPort port of the admin listener; 0 picks a free one, a negative one disables it
 * @param accessLog how each exchange is logged on {@code rosetta.access}
 * @param watchDescriptors reload when a descriptor set file changes
 * @param serveOpenApi serve {@code /openapi.json} and {@code /openapi.yaml} on the public port
 * @param cors which browser origins may call the public port; {@link CorsPolicy#OFF} by default
 */
public record OperationsOptions(String adminBindAddress, int adminPort, AccessLog.Format accessLog,
    boolean watchDescriptors, boolean serveOpenApi, CorsPolicy cors) {
  /** The port the command line listens on for admin requests unless told otherwise (Envoy's admin port). */
  public static final int DEFAULT_ADMIN_PORT = 9901;

  /**
   * No admin listener and no access log: what an embedded gateway (and a test) gets unless it
   * asks. The command line turns the admin listener on by default.
   */
  public static OperationsOptions defaults() {
    return new OperationsOptions("127.0.0.1", -1, AccessLog.Format.OFF, false, false, CorsPolicy.OFF);
  }

  public boolean adminEnabled() {
    return adminPort >= 0;
  }

  public OperationsOptions withAdminPort(int port) {
    return new OperationsOptions(adminBindAddress, port, accessLog, watchDescriptors, serveOpenApi, cors);
  }

  public OperationsOptions withAccessLog(AccessLog.Format format) {
    return new OperationsOptions(adminBindAddress, adminPort, format, watchDescriptors, serveOpenApi, cors);
  }

  public OperationsOptions withWatchDescriptors(boolean watch) {
    return new OperationsOptions(adminBindAddress, adminPort, accessLog, watch, serveOpenApi, cors);
  }

  public OperationsOptions withCors(CorsPolicy policy) {
    return new OperationsOptions(adminBindAddress, adminPort, accessLog, watchDescriptors, serveOpenApi, policy);
  }

  public OperationsOptions withServeOpenApi(boolean serve) {
    return new OperationsOptions(adminBindAddress, adminPort, accessLog, watchDescriptors, serve, cors);
  }
}
