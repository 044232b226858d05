package dev.rosetta.gateway.codec;

import java.util.Arrays;

/**
 * A growable protobuf wire buffer the parser writes into. A nested message's length is not known
 * until its JSON object ends, so {@link #beginLength()} reserves one byte and {@link #endLength}
 * back-patches it, moving the content right only when the length needs more than one byte: each
 * byte moves at most once per nesting level, never quadratically. Not thread safe: one per call.
 *
 * <p><b>Bounded</b>: the buffer starts at the size the caller expects ({@link #reset(int)}: the
 * JSON's length, which bounds the wire size of most documents) and never grows past
 * {@link #limit}, the largest message a backend takes; a document whose wire form would pass it
 * fails with {@link MessageLimitException} as soon as it does. Doubling without that bound made a
 * 16 MiB body hold ~48 MiB of heap for a moment (a 16 MiB array, the 8 MiB one it was copied
 * from, and the JSON), so two such bodies at once ran the shipped 96 MiB heap out.
 */
final class WireWriter {
  byte[] buf = new byte[256];
  int pos;
  /** The largest wire size allowed; {@link Integer#MAX_VALUE} for none. */
  int limit = Integer.MAX_VALUE;

  void reset() {
    pos = 0;
  }

  /** Starts a document expected to take about {@code expected} bytes, bounded by {@link #limit}. */
  void reset(int expected) {
    pos = 0;
    int size = (int) Math.min((long) expected + 16, limit);
    if (buf.length < size) {
      buf = new byte[size];
    }
  }

  void ensure(int more) {
    if (pos + more > buf.length) {
      grow(more);
    }
  }

  private void grow(int more) {
    long needed = (long) pos + more;
    if (needed > limit) {
      throw new MessageLimitException(limit);
    }
    buf = Arrays.copyOf(buf, (int) Math.min(Math.max(buf.length * 2L, needed), limit));
  }

  void tag(int tag) {
    varint32(tag);
  }

  /** An unsigned 32-bit varint (tags and lengths). */
  void varint32(int v) {
    ensure(5);
    while ((v & ~0x7F) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  void varint64(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  void fixed32(int v) {
    ensure(4);
    buf[pos++] = (byte) v;
    buf[pos++] = (byte) (v >> 8);
    buf[pos++] = (byte) (v >> 16);
    buf[pos++] = (byte) (v >> 24);
  }

  void fixed64(long v) {
    fixed32((int) v);
    fixed32((int) (v >>> 32));
  }

  void bytes(byte[] src, int off, int len) {
    varint32(len);
    ensure(len);
    System.arraycopy(src, off, buf, pos, len);
    pos += len;
  }

  /** Reserves a one-byte length; returns where the content starts. */
  int beginLength() {
    ensure(1);
    pos++;
    return pos;
  }

  void endLength(int start) {
    int len = pos - start;
    if (len < 0x80) {
      buf[start - 1] = (byte) len;
      return;
    }
    int extra = varintSize(len) - 1;
    ensure(extra);
    System.arraycopy(buf, start, buf, start + extra, len);
    int p = start - 1;
    int v = len;
    while ((v & ~0x7F) != 0) {
      buf[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[p] = (byte) v;
    pos += extra;
  }

  static int varintSize(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      n++;
      v >>>= 7;
    }
    return n;
  }

  /**
   * The bytes written. A buffer filled exactly is handed over as it is (and replaced by a small
   * one), so a document sized right costs no second copy.
   */
  byte[] toByteArray() {
    if (pos == buf.length && pos > 256) {
      byte[] whole = buf;
      buf = new byte[256];
      return whole;
    }
    return Arrays.copyOf(buf, pos);
  }
}
