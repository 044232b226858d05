package dev.rosetta.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rosetta.gateway.RuntimeOptions;
import dev.rosetta.gateway.config.ConfigException;
import dev.rosetta.gateway.tracing.TracingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Tracing, the body budget and the warm-up from flags, from OpenTelemetry's variables and from the configuration file. */
class RuntimeFlagsTest {
  @TempDir Path dir;

  private static RuntimeOptions parse(String... args) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.options.runtime.toOptions();
  }

  @Test
  void tracingIsOffAndTheBudgetIsTheDefaultUnlessAsked() {
    RuntimeOptions options = parse("--descriptor=a.pb", "--backend=b:1");
    assertThat(options.tracing().enabled()).isFalse();
    assertThat(options.bodyBudgetBytes()).isZero();
    assertThat(options.warmUpConnections()).as("no warm-up unless asked").isZero();
  }

  @Test
  void theWarmUpIsAskedForByFlagAndACountOutOfRangeIsRefused() {
    assertThat(parse("--descriptor=a.pb", "--backend=b:1", "--warm-up-connections=2000").warmUpConnections())
        .isEqualTo(2000);
    assertThatThrownBy(() -> parse("--descriptor=a.pb", "--backend=b:1", "--warm-up-connections=-1"))
        .hasMessageContaining("warm-up connections must be between 0 and 100000, not -1");
    assertThatThrownBy(() -> parse("--descriptor=a.pb", "--backend=b:1", "--warm-up-connections=3000000"))
        .hasMessageContaining("warm-up connections must be between 0 and 100000, not 3000000");
    String fromEnv = new CommandLine(new Main()).setInterpolateVariables(false).getCommandSpec()
        .findOption("--warm-up-connections").defaultValue();
    assertThat(fromEnv).startsWith("${env:ROSETTA_WARM_UP_CONNECTIONS");
  }

  @Test
  void flagsGiveEveryTracingSettingAndTheBudget() {
    RuntimeOptions options = parse("--descriptor=a.pb", "--backend=b:1", "--tracing",
        "--otlp-endpoint=http://jaeger:4318", "--otlp-protocol=http/protobuf", "--trace-sample-ratio=0.25",
        "--service-name=books-gateway", "--resource-attribute=deployment.environment=prod,team=books",
        "--otlp-header=x-api-key=s%3Dcret", "--body-budget=64MiB");
    TracingOptions tracing = options.tracing();
    assertThat(tracing.enabled()).isTrue();
    assertThat(tracing.endpoint()).isEqualTo("http://jaeger:4318");
    assertThat(tracing.protocol()).isEqualTo(TracingOptions.HTTP_PROTOBUF);
    assertThat(tracing.sampleRatio()).isEqualTo(0.25);
    assertThat(tracing.serviceName()).isEqualTo("books-gateway");
    assertThat(tracing.resourceAttributes()).containsExactlyInAnyOrderEntriesOf(
        Map.of("deployment.environment", "prod", "team", "books"));
    assertThat(tracing.headers()).containsExactlyEntriesOf(Map.of("x-api-key", "s=cret"));
    assertThat(options.bodyBudgetBytes()).isEqualTo(64L << 20);
  }

  @Test
  void theEndpointDefaultsToTheCollectorPortOfTheProtocol() {
    assertThat(parse("--descriptor=a.pb", "--backend=b:1").tracing().endpoint()).isEqualTo("http://localhost:4317");
    assertThat(parse("--descriptor=a.pb", "--backend=b:1", "--otlp-protocol=http/protobuf").tracing().endpoint())
        .isEqualTo("http://localhost:4318");
  }

  @Test
  void valuesThatAreNoneAreNamed() {
    assertThatThrownBy(() -> parse("--descriptor=a.pb", "--backend=b:1", "--otlp-protocol=thrift"))
        .hasMessageContaining("grpc or http/protobuf, not \"thrift\"");
    assertThatThrownBy(() -> parse("--descriptor=a.pb", "--backend=b:1", "--trace-sample-ratio=2"))
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> parse("--descriptor=a.pb", "--backend=b:1", "--otlp-endpoint=jaeger:4317"))
        .hasMessageContaining("http:// or https:// URL");
    assertThatThrownBy(() -> parse("--descriptor=a.pb", "--backend=b:1", "--resource-attribute=novalue"))
        .hasMessageContaining("\"novalue\" is not key=value");
  }

  @Test
  void theConfigurationFilesTracingSectionAndBudgetBecomeTheSameFlags() throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, """
        listener:
          body-budget: 32MiB
          warm-up-connections: 1500
        tracing:
          enabled: true
          endpoint: http://otel-collector:4317
          sample-ratio: 0.1
          service-name: books-gateway
          resource-attributes: {deployment.environment: prod}
          headers: {x-api-key: secret}
        """);
    ConfigMerge.Merged merged = ConfigMerge.merge(
        new String[] {"--config", file.toString(), "--descriptor=a.pb", "--backend=b:1", "--service-name=flag-wins"},
        Map.of());
    RuntimeOptions options = parse(merged.args());
    assertThat(options.bodyBudgetBytes()).isEqualTo(32L << 20);
    assertThat(options.warmUpConnections()).isEqualTo(1500);
    assertThat(options.tracing().enabled()).isTrue();
    assertThat(options.tracing().endpoint()).isEqualTo("http://otel-collector:4317");
    assertThat(options.tracing().sampleRatio()).isEqualTo(0.1);
    assertThat(options.tracing().serviceName()).isEqualTo("flag-wins");
    assertThat(options.tracing().resourceAttributes()).containsExactlyEntriesOf(Map.of("deployment.environment", "prod"));
    assertThat(options.tracing().headers()).containsExactlyEntriesOf(Map.of("x-api-key", "secret"));
  }

  @Test
  void aTracingKeyTheFileDoesNotKnowStopsStartUpNamingIt() throws Exception {
    Path file = dir.resolve("rosetta.yaml");
    Files.writeString(file, "tracing:\n  sampler: always_on\n");
    assertThatThrownBy(() -> ConfigMerge.merge(new String[] {"--config", file.toString()}, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sampler");
  }

  @Test
  void anEnvironmentVariableOfOpenTelemetrySetsItsFlag() {
    // Read without interpolation (as ConfigMerge reads them): the defaults name the variables.
    CommandLine cli = new CommandLine(new Main()).setInterpolateVariables(false);
    String otlp = cli.getCommandSpec().findOption("--otlp-endpoint").defaultValue();
    assertThat(otlp).isEqualTo("${env:OTEL_EXPORTER_OTLP_ENDPOINT}");
    assertThat(cli.getCommandSpec().findOption("--trace-sample-ratio").defaultValue()).startsWith("${env:OTEL_TRACES_SAMPLER_ARG");
    assertThat(cli.getCommandSpec().findOption("--service-name").defaultValue()).startsWith("${env:OTEL_SERVICE_NAME");
    assertThat(cli.getCommandSpec().findOption("--resource-attribute").defaultValue()).isEqualTo("${env:OTEL_RESOURCE_ATTRIBUTES}");
    assertThat(cli.getCommandSpec().findOption("--otlp-protocol").defaultValue()).startsWith("${env:OTEL_EXPORTER_OTLP_PROTOCOL");
  }
}
