package dev.rosetta.gateway.codec;

import java.util.Arrays;

/**
 * The keys of the map (or Struct) objects being parsed, to refuse a key repeated verbatim (after
 * unescaping; {@code "1"} and {@code "01"} of an int key are two keys, as for the reference). A
 * stack: each map object marks, adds its keys, and releases. Not thread safe.
 */
final class MapKeys {
  private byte[] arena = new byte[256];
  private int arenaTop;
  private int[] offsets = new int[32];
  private int[] lengths = new int[32];
  private int[] hashes = new int[32];
  private int count;

  void reset() {
    arenaTop = 0;
    count = 0;
  }

  int mark() {
    return count;
  }

  void release(int mark) {
    if (mark < count) {
      arenaTop = offsets[mark];
    }
    count = mark;
  }

  /** Adds a key of the map object marked at {@code mark}; false when that object already has it. */
  boolean add(byte[] b, int off, int len, int mark) {
    int h = 1;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + b[i];
    }
    for (int i = mark; i < count; i++) {
      if (hashes[i] == h && lengths[i] == len
          && Arrays.equals(arena, offsets[i], offsets[i] + len, b, off, off + len)) {
        return false;
      }
    }
    if (count == hashes.length) {
      offsets = Arrays.copyOf(offsets, count * 2);
      lengths = Arrays.copyOf(lengths, count * 2);
      hashes = Arrays.copyOf(hashes, count * 2);
    }
    if (arenaTop + len > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaTop + len));
    }
    System.arraycopy(b, off, arena, arenaTop, len);
    offsets[count] = arenaTop;
    lengths[count] = len;
    hashes[count] = h;
    arenaTop += len;
    count++;
    return true;
  }
}
