package dev.rosetta.gateway.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * The keys of the map (or Struct) objects being parsed, to refuse a key repeated verbatim (after
 * unescaping; {@code "1"} and {@code "01"} of an int key are two keys, as for the reference). A
 * stack: each map object marks, adds its keys, and releases. Not thread safe.
 *
 * <p>Checking a key costs time bounded by its length (times log n at worst), not by the number of
 * keys before it: a 16 MiB body holds some 200,000 keys, and comparing each with every earlier one
 * took 3 to 34 s on an event loop (37 to 83 s for 131,072 keys sharing one hash code). A map
 * object's first {@link #SMALL} keys are copied to a shared arena and scanned, with no allocation;
 * past that the map's keys move to a hash set of their own. Its elements are {@link Comparable},
 * so keys chosen to share one hash code (the hash is a public formula) cost log n per key in
 * HashMap's tree bins rather than n.
 */
final class MapKeys {
  /**
   * Keys a map object holds in the arena before they move to a set. Measured through the fast
   * codec on maps of 2 to 256 keys: a set from the 9th key made maps of 9 to 64 keys some 20 to 30
   * ns a key slower than the scan; from the 33rd, the difference was lost in the noise of a shared
   * machine at every size.
   */
  static final int SMALL = 32;

  private byte[] arena = new byte[256];
  private int arenaTop;
  private int[] offsets = new int[32];
  private int[] lengths = new int[32];
  private int[] hashes = new int[32];
  private int count;
  /** The open map objects past SMALL keys, innermost last. */
  private final List<Large> large = new ArrayList<>();

  void reset() {
    arenaTop = 0;
    count = 0;
    releaseLarge(0);
  }

  int mark() {
    return count;
  }

  void release(int mark) {
    if (mark < count) {
      arenaTop = offsets[mark];
    }
    count = mark;
    releaseLarge(mark);
  }

  /** Adds a key of the map object marked at {@code mark}; false when that object already has it. */
  boolean add(byte[] b, int off, int len, int mark) {
    int h = 1;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + b[i];
    }
    if (!large.isEmpty() && large.get(large.size() - 1).mark == mark) {
      // Only the innermost open map object takes keys: an enclosing one resumes after release.
      return large.get(large.size() - 1).keys.add(new Key(Arrays.copyOfRange(b, off, off + len), h));
    }
    for (int i = mark; i < count; i++) {
      if (hashes[i] == h && lengths[i] == len
          && Arrays.equals(arena, offsets[i], offsets[i] + len, b, off, off + len)) {
        return false;
      }
    }
    if (count - mark == SMALL) {
      toSet(mark).add(new Key(Arrays.copyOfRange(b, off, off + len), h));
      return true;
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

  /**
   * Moves the keys of the map object at {@code mark} (the innermost) into a new set. They stay in
   * the arena too, where nothing reads them until the object is released: {@link #count} stops
   * growing, so an object nested in this one marks just above them.
   */
  private HashSet<Key> toSet(int mark) {
    HashSet<Key> keys = new HashSet<>();
    for (int i = mark; i < count; i++) {
      keys.add(new Key(Arrays.copyOfRange(arena, offsets[i], offsets[i] + lengths[i]), hashes[i]));
    }
    large.add(new Large(mark, keys));
    return keys;
  }

  /** Drops the sets of the map objects marked at or above {@code mark}. */
  private void releaseLarge(int mark) {
    while (!large.isEmpty() && large.get(large.size() - 1).mark >= mark) {
      large.remove(large.size() - 1);
    }
  }

  private record Large(int mark, HashSet<Key> keys) {}

  /** A key's bytes, ordered so that HashMap can keep colliding keys in a tree. */
  private static final class Key implements Comparable<Key> {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes, int hash) {
      this.bytes = bytes;
      this.hash = hash;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int compareTo(Key o) {
      return Arrays.compare(bytes, o.bytes);
    }
  }
}
