package dev.rosetta.gateway.config;

import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.openapi.OpenApiOptions;
import dev.rosetta.gateway.policy.PolicyConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The YAML configuration file ({@code --config rosetta.yaml}); every key is described in
 * docs/configuration.md. Read as a node tree (never bound to objects), so that an unknown key or
 * a value of the wrong type stops start-up with the file, line and key named.
 *
 * <p>Settings that also exist as flags come back as flag values ({@code --port=8080}), so the
 * command line applies them with the same parsers, and a flag or environment variable given
 * explicitly wins over the file. Backends come back as {@link BackendSpec}s.
 */
public final class ConfigFile {
  /** File key → flag, for the settings that are also flags. */
  private static final Map<String, String> LISTENER = Map.of(
      "bind", "--bind", "port", "--port", "max-body-size", "--max-body-size", "timeout", "--timeout",
      "body-budget", "--body-budget", "warm-up-connections", "--warm-up-connections");
  private static final Map<String, String> JSON = Map.of(
      "codec", "--codec",
      "preserve-proto-field-names", "--preserve-proto-field-names",
      "emit-defaults", "--emit-defaults",
      "enums-as-ints", "--enums-as-ints",
      "ignore-unknown-fields", "--ignore-unknown-fields",
      "ignore-unknown-query-parameters", "--ignore-unknown-query-parameters");
  /** The compatibility switches (docs/migrating.md), all true/false. */
  private static final Map<String, String> COMPATIBILITY = Map.of(
      "strict-routes", "--strict-routes",
      "strict-body", "--strict-body",
      "strict-content-type", "--strict-content-type",
      "case-insensitive-enums", "--case-insensitive-enums",
      "auto-routes", "--auto-routes");
  private static final Set<String> TOP = Set.of(
      "descriptors", "listener", "json", "headers", "backends", "drain-timeout", "max-message-size", "xds",
      "openapi", "policies", "logging", "compatibility", "tracing", "http2", "compression", "grpc");
  private static final Set<String> BOOLEANS = Set.of("preserve-proto-field-names", "emit-defaults", "enums-as-ints",
      "ignore-unknown-fields", "ignore-unknown-query-parameters");

  /**
   * What the file says.
   *
   * @param flags flag name → values, in file order (lists give several values)
   * @param backends the backends; one without services is the default
   * @param openApi the {@code openapi:} section ({@link OpenApiOptions#DEFAULTS} without one)
   * @param policies the edge policies ({@code policies:}); {@link PolicyConfig#NONE} without it
   */
  public record Contents(Map<String, List<String>> flags, List<BackendSpec> backends, OpenApiOptions openApi,
      PolicyConfig policies) {
    /** What a configuration without a file gives: nothing. */
    public static final Contents EMPTY = new Contents(Map.of(), List.of(), OpenApiOptions.DEFAULTS, PolicyConfig.NONE);
  }

  private ConfigFile() {}

  public static Contents load(Path path) throws ConfigException {
    String file = path.toString();
    Node root;
    try (Reader reader = Files.newBufferedReader(path)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      root = new Yaml(options).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigException(file, line, "", "not valid YAML: " + e.getProblem());
    } catch (IOException | YAMLException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    if (root == null) {
      return Contents.EMPTY;
    }
    return read(new Section(file, "", root), path.toAbsolutePath().getParent());
  }

  /**
   * @param dir the file's directory: relative paths in the file (descriptor sets, TLS files) are
   *     resolved against it, as users of include-like settings expect, not against the working
   *     directory of whoever starts the gateway (flags keep the working directory)
   */
  static Contents read(Section top, Path dir) throws ConfigException {
    top.allowOnly(TOP);
    Map<String, List<String>> flags = new LinkedHashMap<>();
    List<String> descriptors = top.strings("descriptors");
    if (descriptors != null) {
      flags.put("--descriptor", descriptors.stream().map(d -> isFile(d) ? dir.resolve(d).toString() : d).toList());
    }
    Section listener = top.section("listener");
    if (listener != null) {
      listener.allowOnly(LISTENER.keySet());
      putIfPresent(flags, "--bind", listener.string("bind"));
      Integer port = listener.integer("port");
      putIfPresent(flags, "--port", port == null ? null : port.toString());
      listener.size("max-body-size");
      putIfPresent(flags, "--max-body-size", listener.string("max-body-size"));
      listener.duration("timeout");
      putIfPresent(flags, "--timeout", listener.string("timeout"));
      listener.size("body-budget");
      putIfPresent(flags, "--body-budget", listener.string("body-budget"));
      Integer warmUp = listener.integer("warm-up-connections");
      putIfPresent(flags, "--warm-up-connections", warmUp == null ? null : warmUp.toString());
    }
    Section json = top.section("json");
    if (json != null) {
      json.allowOnly(JSON.keySet());
      for (Map.Entry<String, String> key : JSON.entrySet()) {
        String value = BOOLEANS.contains(key.getKey())
            ? (json.bool(key.getKey()) == null ? null : json.bool(key.getKey()).toString())
            : json.string(key.getKey());
        putIfPresent(flags, key.getValue(), value);
      }
    }
    Section headers = top.section("headers");
    if (headers != null) {
      headers.allowOnly(Set.of("forward", "drop"));
      List<String> forward = headers.strings("forward");
      if (forward != null) {
        flags.put("--forward-header", forward);
      }
      List<String> drop = headers.strings("drop");
      if (drop != null) {
        flags.put("--drop-header", drop);
      }
    }
    Section logging = top.section("logging");
    if (logging != null) {
      logging.allowOnly(Set.of("format", "levels"));
      putIfPresent(flags, "--log-format", logging.string("format"));
      Section levels = logging.section("levels");
      if (levels != null) {
        List<String> specs = new ArrayList<>();
        for (String logger : levels.keys()) {
          specs.add(logger + "=" + levels.string(logger));
        }
        flags.put("--log-level", specs);
      }
    }
    Section compatibility = top.section("compatibility");
    if (compatibility != null) {
      compatibility.allowOnly(COMPATIBILITY.keySet());
      for (Map.Entry<String, String> key : COMPATIBILITY.entrySet()) {
        Boolean value = compatibility.bool(key.getKey());
        putIfPresent(flags, key.getValue(), value == null ? null : value.toString());
      }
    }
    Section tracing = top.section("tracing");
    if (tracing != null) {
      TracingSection.read(tracing, flags);
    }
    top.duration("drain-timeout");
    putIfPresent(flags, "--drain-timeout", top.string("drain-timeout"));
    top.size("max-message-size");
    putIfPresent(flags, "--max-message-size", top.string("max-message-size"));
    Section xds = top.section("xds");
    if (xds != null) {
      xds.allowOnly(Set.of("bootstrap"));
      String bootstrap = xds.string("bootstrap");
      putIfPresent(flags, "--xds-bootstrap", bootstrap == null ? null : dir.resolve(bootstrap).toString());
    }
    ProtocolSection.read(top, flags);
    List<BackendSpec> backends = new ArrayList<>();
    List<Section> sections = top.sections("backends");
    for (int i = 0; i < sections.size(); i++) {
      backends.add(BackendSection.read(sections.get(i), i, dir));
    }
    Section openApi = top.section("openapi");
    Section policies = top.section("policies");
    return new Contents(flags, backends, openApi == null ? OpenApiOptions.DEFAULTS : OpenApiSection.read(openApi),
        policies == null ? PolicyConfig.NONE : PolicySection.read(policies, dir));
  }

  /** A descriptor location that names a file: not {@code classpath:...} nor {@code reflection://...}. */
  private static boolean isFile(String location) {
    return !location.startsWith("classpath:") && !location.contains("://");
  }

  private static void putIfPresent(Map<String, List<String>> flags, String flag, String value) {
    if (value != null) {
      flags.put(flag, List.of(value));
    }
  }
}
