package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.backend.BackendSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Flags for the default backend (the one {@code --backend} names). Each is null unless given (as
 * a flag or its environment variable), so that it changes only what it names in a backend the
 * configuration file defines.
 */
@Command(addMethodSubcommands = false)
final class BackendFlags {
  @Option(names = "--lb-policy", paramLabel = "POLICY", defaultValue = "${env:ROSETTA_LB_POLICY}",
      description = "round_robin (every request to the next replica; default) or pick_first (env ROSETTA_LB_POLICY).")
  String lbPolicy;

  @Option(names = "--backend-timeout", paramLabel = "DURATION", defaultValue = "${env:ROSETTA_BACKEND_TIMEOUT}",
      converter = Converters.DurationConverter.class,
      description = "Longest a call to the default backend may take, e.g. 5s; the shorter of this and the request's "
          + "deadline wins (env ROSETTA_BACKEND_TIMEOUT, default none).")
  Duration timeout;

  @Option(names = "--retry-attempts", paramLabel = "N", defaultValue = "${env:ROSETTA_RETRY_ATTEMPTS}",
      description = "Attempts (1-5) for methods bound to HTTP GET only, when the backend answers UNAVAILABLE; "
          + "1 means no retry (env ROSETTA_RETRY_ATTEMPTS, default 1).")
  Integer retryAttempts;

  @Option(names = "--backend-tls", defaultValue = "${env:ROSETTA_BACKEND_TLS}",
      description = "Use TLS to the default backend, trusting the JVM's CA store unless --backend-ca is given "
          + "(env ROSETTA_BACKEND_TLS).")
  Boolean tls;

  @Option(names = "--backend-ca", paramLabel = "PEM", defaultValue = "${env:ROSETTA_BACKEND_CA}",
      description = "CA certificates (PEM) to verify the backend with; implies --backend-tls (env ROSETTA_BACKEND_CA).")
  Path ca;

  @Option(names = "--backend-cert", paramLabel = "PEM", defaultValue = "${env:ROSETTA_BACKEND_CERT}",
      description = "Client certificate chain (PEM) for mutual TLS; needs --backend-key (env ROSETTA_BACKEND_CERT).")
  Path cert;

  @Option(names = "--backend-key", paramLabel = "PEM", defaultValue = "${env:ROSETTA_BACKEND_KEY}",
      description = "Private key (PEM, PKCS#8) of --backend-cert (env ROSETTA_BACKEND_KEY).")
  Path key;

  @Option(names = "--backend-authority", paramLabel = "NAME", defaultValue = "${env:ROSETTA_BACKEND_AUTHORITY}",
      description = "Name to verify the backend's certificate against and send as :authority "
          + "(env ROSETTA_BACKEND_AUTHORITY).")
  String authority;

  /** The file's backends with these flags (and {@code target}, when given) applied to the default one. */
  List<BackendSpec> apply(List<BackendSpec> fromFile, String target) {
    List<BackendSpec> out = new ArrayList<>();
    boolean hasDefault = false;
    for (BackendSpec spec : fromFile) {
      if (spec.isDefault()) {
        hasDefault = true;
        spec = applyTo(target == null ? spec : spec.withTarget(target));
      }
      out.add(spec);
    }
    if (!hasDefault && target != null) {
      out.add(applyTo(BackendSpec.of("default", target, List.of())));
    }
    return out;
  }

  private BackendSpec applyTo(BackendSpec spec) {
    if (lbPolicy != null) {
      spec = spec.withLoadBalancing(BackendSpec.LoadBalancing.parse(lbPolicy));
    }
    if (timeout != null) {
      spec = spec.withTimeout(timeout);
    }
    if (retryAttempts != null) {
      if (retryAttempts < 1 || retryAttempts > 5) {
        throw new IllegalArgumentException("--retry-attempts must be 1 to 5, not " + retryAttempts);
      }
      spec = spec.withRetryAttempts(retryAttempts);
    }
    boolean anyTls = Boolean.TRUE.equals(tls) || ca != null || cert != null || key != null || authority != null;
    if (anyTls) {
      BackendSpec.Tls before = spec.tls() == null ? new BackendSpec.Tls(null, null, null, null) : spec.tls();
      spec = spec.withTls(new BackendSpec.Tls(ca != null ? ca : before.caFile(), cert != null ? cert : before.certFile(),
          key != null ? key : before.keyFile(), authority != null ? authority : before.authority()));
    } else if (Boolean.FALSE.equals(tls)) {
      spec = spec.withTls(null);
    }
    return spec;
  }
}
