package dev.rosetta.gateway.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file's {@code http2:}, {@code compression:} and {@code grpc:} sections (docs/configuration.md), as the
 * flags they stand for: each key is checked for its type here, so that a wrong value names the
 * file's line, and then parsed by the flag's own converter.
 */
final class ProtocolSection {
  private enum Kind { BOOLEAN, INTEGER, SIZE, DURATION }

  private record Key(String flag, Kind kind) {}

  private static final Map<String, Key> HTTP2 = ordered(List.of(
      Map.entry("enabled", new Key("--http2", Kind.BOOLEAN)),
      Map.entry("max-concurrent-streams", new Key("--http2-max-streams", Kind.INTEGER)),
      Map.entry("max-header-list-size", new Key("--http2-max-header-list-size", Kind.SIZE)),
      Map.entry("max-frame-size", new Key("--http2-max-frame-size", Kind.SIZE)),
      Map.entry("stream-window", new Key("--http2-stream-window", Kind.SIZE)),
      Map.entry("connection-window", new Key("--http2-connection-window", Kind.SIZE)),
      Map.entry("max-resets", new Key("--http2-max-resets", Kind.INTEGER)),
      Map.entry("send-timeout", new Key("--http2-send-timeout", Kind.DURATION))));
  private static final Map<String, Key> COMPRESSION = ordered(List.of(
      Map.entry("responses", new Key("--compression", Kind.BOOLEAN)),
      Map.entry("min-size", new Key("--compression-min-size", Kind.SIZE)),
      Map.entry("requests", new Key("--request-decompression", Kind.BOOLEAN)),
      Map.entry("max-ratio", new Key("--max-decompression-ratio", Kind.INTEGER))));

  private static final Map<String, Key> GRPC = ordered(List.of(
      Map.entry("passthrough-unknown", new Key("--grpc-passthrough-unknown", Kind.BOOLEAN)),
      Map.entry("reflection", new Key("--grpc-reflection", Kind.BOOLEAN))));

  private ProtocolSection() {}

  /** Adds the flags of {@code top}'s {@code http2}, {@code compression} and {@code grpc} sections to {@code flags}. */
  static void read(Section top, Map<String, List<String>> flags) throws ConfigException {
    read(top.section("http2"), HTTP2, flags);
    read(top.section("compression"), COMPRESSION, flags);
    read(top.section("grpc"), GRPC, flags);
  }

  private static void read(Section section, Map<String, Key> keys, Map<String, List<String>> flags)
      throws ConfigException {
    if (section == null) {
      return;
    }
    section.allowOnly(keys.keySet());
    for (Map.Entry<String, Key> entry : keys.entrySet()) {
      String name = entry.getKey();
      Object value = switch (entry.getValue().kind()) {
        case BOOLEAN -> section.bool(name);
        case INTEGER -> section.integer(name);
        case SIZE -> section.size(name) == null ? null : section.string(name);
        case DURATION -> section.duration(name) == null ? null : section.string(name);
      };
      if (value != null) {
        flags.put(entry.getValue().flag(), List.of(value.toString()));
      }
    }
  }

  /** In the order of docs/configuration.md, so that errors come in file order. */
  private static Map<String, Key> ordered(List<Map.Entry<String, Key>> entries) {
    Map<String, Key> map = new LinkedHashMap<>();
    entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
    return map;
  }
}
