package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.testing.GatewayHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code policies:} section that does not fit the routes stops the command with the file and line. */
class PolicyStartupTest {
  @TempDir Path dir;

  @Test
  void aRuleThatSelectsNoRouteStopsTheGatewayNamingItsLine() throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, """
        policies:
          rate-limits:
            - {name: per-client, requests: 10}
          routes:
            - match: {template: "/e2e/nowhere"}
              rate-limits: [per-client]
        """);
    StringWriter err = new StringWriter();

    int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "--config", file.toString(),
        "--descriptor", GatewayHarness.TEST_DESCRIPTORS.toString(), "--backend", "127.0.0.1:1", "--port", "0",
        "--admin-port", "-1", "--bind", "127.0.0.1");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("rosetta: " + file + ":5: policies.routes: this rule selects no route "
        + "(`rosetta routes` lists them, with their methods and templates)");
  }
}
