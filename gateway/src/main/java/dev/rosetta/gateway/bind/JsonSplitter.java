package dev.rosetta.gateway.bind;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Cuts a streamed request body into its JSON elements as the bytes arrive, without parsing them:
 * it only tracks nesting depth and strings, so it finds where each element ends and hands that
 * element's bytes on while the rest of the body is still on the wire. Two framings:
 *
 * <pre>
 * ARRAY   [ element , element , ... ]          (application/json; RFC 8259 whitespace anywhere)
 *    or   element element ...                  (application/json, grpc-gateway's framing)
 * LINES   element \n element \n ...            (application/x-ndjson; any whitespace separates)
 * </pre>
 *
 * <p>An {@code application/json} body is an array when its first non-blank byte is {@code [};
 * otherwise it is JSON values one after another, as grpc-gateway's client streams send them (Go's
 * {@code json.Decoder} reads concatenated values: objects need no separator, {@code {..}{..}}, and
 * newlines or spaces between them are fine). Messages are JSON objects, so the two cannot be
 * confused (well-known types with an array form aside). A body with no value at all (empty, or only whitespace) is a stream of no message.
 *
 * <p>Memory is bounded by {@code maxElementBytes}: an element that ends inside the chunk it
 * started in is handed on as a slice of that chunk; only an element split across chunks is
 * copied, into one buffer that never grows past the limit. The element's JSON is not validated
 * here (the codec does that when it parses it). Not thread safe: one per request.
 */
public final class JsonSplitter implements AutoCloseable {
  /** How elements are laid out in the body. */
  public enum Framing { ARRAY, LINES }

  /**
   * Takes one complete element; its readable bytes are valid only during the call. What it throws
   * ({@code E}: binding the element, sending it on) passes through the splitter unchanged.
   */
  public interface Sink<E extends Exception> {
    void element(ByteBuf json) throws E;
  }

  private enum State { START, BEFORE, IN, AFTER, DONE }

  /** LINES once an ARRAY body turned out to be values one after another (no '[' first). */
  private Framing framing;
  private final int maxElementBytes;
  private final ByteBufAllocator alloc;
  private ByteBuf partial;
  private byte[] scratch = new byte[8192];
  private State state;
  private int depth;
  private boolean inString;
  private boolean escape;
  private boolean bare;
  private boolean afterComma;
  private long elements;

  public JsonSplitter(Framing framing, int maxElementBytes, ByteBufAllocator alloc) {
    this.framing = framing;
    this.maxElementBytes = maxElementBytes;
    this.alloc = alloc;
    this.state = framing == Framing.ARRAY ? State.START : State.BEFORE;
  }

  /** Elements completed so far. */
  public long elements() {
    return elements;
  }

  /** Scans the readable bytes of {@code chunk} (left unread, not released) and emits complete elements. */
  public <E extends Exception> void feed(ByteBuf chunk, Sink<E> sink) throws BindException, E {
    int end = chunk.writerIndex();
    int i = chunk.readerIndex();
    int start = i;
    // Scan a byte[] rather than calling getByte per byte: far faster, and one access for leak tracking.
    byte[] bytes;
    int offset;
    if (chunk.hasArray()) {
      bytes = chunk.array();
      offset = chunk.arrayOffset();
    } else {
      if (scratch.length < end - i) {
        scratch = new byte[Math.max(end - i, scratch.length * 2)];
      }
      chunk.getBytes(i, scratch, 0, end - i);
      bytes = scratch;
      offset = -i;
    }
    while (i < end) {
      byte b = bytes[i + offset];
      switch (state) {
        case START -> {
          if (b == '[') {
            state = State.BEFORE;
            i++;
          } else if (isSpace(b)) {
            i++;
          } else {
            framing = Framing.LINES; // values one after another; this byte starts the first
            state = State.BEFORE;
          }
        }
        case BEFORE -> {
          if (isSpace(b)) {
            i++;
          } else if (framing == Framing.ARRAY && b == ']' && !afterComma) {
            state = State.DONE;
            i++;
          } else if (b == ',' || b == ']' || b == '}') {
            throw new BindException("expected a message in the request stream, found " + describe(b));
          } else {
            state = State.IN;
            start = i;
            depth = b == '{' || b == '[' ? 1 : 0;
            inString = b == '"';
            bare = depth == 0 && !inString;
            escape = false;
            i++;
          }
        }
        case IN -> {
          if (inString) {
            if (escape) {
              escape = false;
            } else if (b == '\\') {
              escape = true;
            } else if (b == '"') {
              inString = false;
              if (depth == 0) {
                complete(chunk, start, i + 1, sink);
              }
            }
            i++;
          } else if (bare) {
            if (isSpace(b) || b == ',' || b == ']' || b == '}') {
              complete(chunk, start, i, sink); // the delimiter belongs to the framing
            } else {
              i++;
            }
          } else {
            if (b == '"') {
              inString = true;
            } else if (b == '{' || b == '[') {
              depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
              complete(chunk, start, i + 1, sink);
            }
            i++;
          }
        }
        case AFTER -> {
          if (isSpace(b)) {
            i++;
          } else if (b == ',') {
            state = State.BEFORE;
            afterComma = true;
            i++;
          } else if (b == ']') {
            state = State.DONE;
            i++;
          } else {
            throw new BindException("expected ',' or ']' after message " + elements + " of the request stream, found "
                + describe(b));
          }
        }
        case DONE -> {
          if (!isSpace(b)) {
            throw new BindException("unexpected " + describe(b) + " after the end of the request array");
          }
          i++;
        }
      }
    }
    if (state == State.IN) {
      append(chunk, start, end);
    }
  }

  /** The body ended: checks that it ended between elements (and after the array's ']'). */
  public <E extends Exception> void finish(Sink<E> sink) throws BindException, E {
    if (state == State.IN && bare && framing == Framing.LINES) {
      emit(partial, sink); // a last bare value (a number, true...) needs no newline after it
      state = State.BEFORE;
      return;
    }
    if (state == State.IN) {
      throw new BindException("request body ended inside message " + (elements + 1) + " of the stream");
    }
    if (framing == Framing.ARRAY && state != State.DONE && state != State.START) {
      throw new BindException("request body ended before the closing ']' of the message array");
    }
  }

  private <E extends Exception> void complete(ByteBuf chunk, int start, int endExclusive, Sink<E> sink)
      throws BindException, E {
    state = framing == Framing.ARRAY ? State.AFTER : State.BEFORE;
    afterComma = false;
    if (partial != null && partial.isReadable()) {
      append(chunk, start, endExclusive);
      emit(partial, sink);
    } else {
      checkSize(endExclusive - start);
      elements++;
      deliver(chunk.slice(start, endExclusive - start), sink);
    }
  }

  private <E extends Exception> void emit(ByteBuf element, Sink<E> sink) throws BindException, E {
    elements++;
    try {
      deliver(element, sink);
    } finally {
      element.clear();
    }
  }

  /** Hands an element on; a message it does not bind to says which message of the stream it is. */
  private <E extends Exception> void deliver(ByteBuf element, Sink<E> sink) throws BindException, E {
    try {
      sink.element(element);
    } catch (Exception e) {
      if (e instanceof BindException bind) {
        throw new BindException("message " + elements + " of the request stream: " + bind.getMessage());
      }
      throw e; // precisely E, or unchecked
    }
  }


  private void append(ByteBuf chunk, int start, int endExclusive) throws BindException {
    int length = endExclusive - start;
    int held = partial == null ? 0 : partial.readableBytes();
    checkSize((long) held + length);
    if (partial == null) {
      partial = alloc.heapBuffer(Math.min(maxElementBytes, Math.max(256, length)), maxElementBytes);
    }
    partial.writeBytes(chunk, start, length);
  }

  private void checkSize(long bytes) throws BindException {
    if (bytes > maxElementBytes) {
      throw new BindException("message " + (elements + 1) + " of the request stream is larger than the limit of "
          + maxElementBytes + " bytes");
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private static String describe(byte b) {
    return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
  }

  @Override
  public void close() {
    if (partial != null) {
      partial.release();
      partial = null;
    }
  }
}
