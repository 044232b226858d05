package dev.rosetta.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the configuration file, read with its marks so that every error names the
 * file, the line and the full key ({@code backends[1].tls.ca-file}). Typed getters return null
 * for absent keys and throw {@link ConfigException} for values of the wrong type.
 */
final class Section {
  private final String file;
  private final String path;
  private final Node node;
  private final Map<String, Node> entries = new LinkedHashMap<>();
  private final Map<String, Integer> keyLines = new LinkedHashMap<>();

  Section(String file, String path, Node node) throws ConfigException {
    this.file = file;
    this.path = path;
    this.node = node;
    if (!(node instanceof MappingNode mapping)) {
      throw error(node, path, "expected a mapping of keys to values");
    }
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw error(tuple.getKeyNode(), path, "keys must be plain names");
      }
      if (entries.put(key.getValue(), tuple.getValueNode()) != null) {
        throw error(key, key(key.getValue()), "duplicate key");
      }
      keyLines.put(key.getValue(), key.getStartMark().getLine() + 1);
    }
  }

  /** Fails on the first key not in {@code known}. */
  void allowOnly(Set<String> known) throws ConfigException {
    for (String key : entries.keySet()) {
      if (!known.contains(key)) {
        throw new ConfigException(file, keyLines.get(key), key(key), "unknown key; known keys here: " + new TreeSet<>(known));
      }
    }
  }

  /** The keys, in file order (for mappings whose keys are names the user chooses). */
  Set<String> keys() {
    return java.util.Collections.unmodifiableSet(entries.keySet());
  }

  boolean has(String key) {
    return entries.containsKey(key) && !isNull(entries.get(key));
  }

  boolean isScalar(String key) {
    return entries.get(key) instanceof ScalarNode;
  }

  int line() {
    return node.getStartMark().getLine() + 1;
  }

  /** {@code file:line} of this mapping, for errors found after reading (a rule that selects no route). */
  String where() {
    return file + ":" + line();
  }

  String key(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  String string(String key) throws ConfigException {
    Node value = entries.get(key);
    if (value == null || isNull(value)) {
      return null;
    }
    if (!(value instanceof ScalarNode scalar)) {
      throw error(value, key(key), "expected a single value, not a " + kind(value));
    }
    return scalar.getValue();
  }

  Integer integer(String key) throws ConfigException {
    String value = string(key);
    try {
      return value == null ? null : Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw error(entries.get(key), key(key), "expected a whole number, got '" + value + "'");
    }
  }

  Boolean bool(String key) throws ConfigException {
    String value = string(key);
    if (value == null) {
      return null;
    }
    if (value.equals("true") || value.equals("false")) {
      return Boolean.valueOf(value);
    }
    throw error(entries.get(key), key(key), "expected true or false, got '" + value + "'");
  }

  Duration duration(String key) throws ConfigException {
    String value = string(key);
    try {
      return value == null ? null : Values.duration(value);
    } catch (IllegalArgumentException e) {
      throw error(entries.get(key), key(key), e.getMessage());
    }
  }

  Integer size(String key) throws ConfigException {
    String value = string(key);
    try {
      return value == null ? null : Values.size(value);
    } catch (IllegalArgumentException e) {
      throw error(entries.get(key), key(key), e.getMessage());
    }
  }

  /** A list of plain values; a single value counts as a list of one. */
  List<String> strings(String key) throws ConfigException {
    Node value = entries.get(key);
    if (value == null || isNull(value)) {
      return null;
    }
    if (value instanceof ScalarNode scalar) {
      return List.of(scalar.getValue());
    }
    if (!(value instanceof SequenceNode sequence)) {
      throw error(value, key(key), "expected a list of values, not a " + kind(value));
    }
    List<String> out = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      if (!(item instanceof ScalarNode scalar)) {
        throw error(item, key(key), "expected a list of plain values, found a " + kind(item));
      }
      out.add(scalar.getValue());
    }
    return out;
  }

  Section section(String key) throws ConfigException {
    Node value = entries.get(key);
    return value == null || isNull(value) ? null : new Section(file, key(key), value);
  }

  List<Section> sections(String key) throws ConfigException {
    Node value = entries.get(key);
    if (value == null || isNull(value)) {
      return List.of();
    }
    if (!(value instanceof SequenceNode sequence)) {
      throw error(value, key(key), "expected a list, not a " + kind(value));
    }
    List<Section> out = new ArrayList<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      out.add(new Section(file, key(key) + "[" + i + "]", sequence.getValue().get(i)));
    }
    return out;
  }

  ConfigException error(String key, String problem) {
    Node value = entries.get(key);
    return value == null ? new ConfigException(file, line(), key(key), problem) : error(value, key(key), problem);
  }

  private ConfigException error(Node at, String key, String problem) {
    return new ConfigException(file, at.getStartMark().getLine() + 1, key, problem);
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  private static String kind(Node node) {
    return node instanceof MappingNode ? "mapping" : node instanceof SequenceNode ? "list" : "single value";
  }
}
