package dev.rosetta.gateway.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON object keys (UTF-8 bytes) to field plans, looked up straight from the input buffer so that
 * no String is made per key. Open addressing, built once per message plan; immutable afterwards.
 *
 * <p>Filled like JsonFormat's field name map: for each field in declaration order the proto name,
 * then the JSON name (a later put of the same key overwrites). The value records which spelling
 * matched, because JsonFormat (through Gson's object model) treats a repeated identical key
 * differently from a field given under both of its names.
 */
final class NameTable {
  private final byte[][] keys;
  private final FieldPlan[] fields;
  private final boolean[] jsonSpelling;
  private final int mask;

  NameTable(FieldPlan[] declarationOrder) {
    int size = Integer.highestOneBit(Math.max(4, declarationOrder.length * 4) - 1) << 1;
    keys = new byte[size][];
    fields = new FieldPlan[size];
    jsonSpelling = new boolean[size];
    mask = size - 1;
    for (FieldPlan field : declarationOrder) {
      put(field.descriptor.getName().getBytes(StandardCharsets.UTF_8), field, false);
      put(field.descriptor.getJsonName().getBytes(StandardCharsets.UTF_8), field, true);
    }
  }

  private void put(byte[] key, FieldPlan field, boolean json) {
    int slot = hash(key, 0, key.length) & mask;
    while (keys[slot] != null && !Arrays.equals(keys[slot], key)) {
      slot = (slot + 1) & mask;
    }
    if (keys[slot] != null && json && fields[slot] == field) {
      return; // proto name and JSON name are the same: one spelling
    }
    keys[slot] = key;
    fields[slot] = field;
    jsonSpelling[slot] = json;
  }

  /** The slot of {@code buf[off, off+len)}, or -1 when no field has that name. */
  int find(byte[] buf, int off, int len) {
    int slot = hash(buf, off, len) & mask;
    while (true) {
      byte[] key = keys[slot];
      if (key == null) {
        return -1;
      }
      if (key.length == len && Arrays.equals(key, 0, len, buf, off, off + len)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  FieldPlan field(int slot) {
    return fields[slot];
  }

  /** 1 for the JSON-name spelling, 2 for the proto-name spelling (bits of a "seen" mask). */
  int spelling(int slot) {
    return jsonSpelling[slot] ? 1 : 2;
  }

  private static int hash(byte[] buf, int off, int len) {
    int h = 0x811c9dc5;
    for (int i = off; i < off + len; i++) {
      h = (h ^ buf[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
