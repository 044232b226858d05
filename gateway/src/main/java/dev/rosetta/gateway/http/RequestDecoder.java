package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Netty's request decoder, made to refuse obsolete line folding (RFC 9112 section 5.2: a header
 * line starting with SP or HT continues the previous one). Netty joins the lines with a space,
 * which the RFC allows; a gateway in front of other parsers should not, because a proxy that
 * reads a folded head differently from the next hop is how requests get smuggled. A request
 * whose head has a fold gets a failed decoder result, so {@link Http1ConnectionHandler} answers 400 and
 * closes the connection as for any malformed head. Sits first among the HTTP handlers, with
 * {@link ResponseEncoder} after it.
 *
 * <p>The decoder keeps no trace of folds, so the head is scanned here, before Netty parses it:
 * each byte of a request head once, across as many reads as it arrives in, and nothing of the
 * body. The scan position is kept relative to the decoder's reader index ({@link #ahead}),
 * because the cumulation buffer is compacted between reads.
 */
final class RequestDecoder extends HttpRequestDecoder {
  // Scanner states.
  private static final int BEFORE_REQUEST_LINE = 0; // CR, LF or whitespace before the request line
  private static final int REQUEST_LINE = 1;
  private static final int LINE_START = 2; // first byte of a header line, or of the empty line
  private static final int NAME = 3; // in a header field name
  private static final int VALUE = 4; // past the colon
  private static final int EMPTY_LINE_CR = 5; // a CR at a line start: the head ends at its LF
  /** The head's end (or a fold) was found; nothing more is scanned until the message ends. */
  private static final int DONE = 6;
  /** The decoder failed: it discards all input from now on, and so does the scan. */
  private static final int STOPPED = 7;

  private static final int NAME_CAPACITY = 64;

  private final HeadScanner scanner = new HeadScanner();
  /** Bytes scanned past the decoder's reader index, for the current message's head. */
  private int ahead;
  /** The requests decoded, for {@link ResponseEncoder} (null when used without one). */
  private final ResponseEncoder responses;

  RequestDecoder(HttpDecoderConfig config, ResponseEncoder responses) {
    super(config);
    this.responses = responses;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    int start = buffer.readerIndex();
    int state = scanner.state;
    if (state < DONE) {
      int from = start + ahead;
      int length = buffer.writerIndex() - from;
      if (length > 0) {
        int stop = buffer.forEachByte(from, length, scanner);
        ahead = (stop < 0 ? buffer.writerIndex() : stop + 1) - start;
      }
    }
    int before = out.size();
    super.decode(ctx, buffer, out);
    ahead -= buffer.readerIndex() - start;
    for (int i = before, size = out.size(); i < size; i++) {
      Object message = out.get(i);
      if (message instanceof HttpRequest request) {
        onRequest(request);
      }
      if (message instanceof HttpObject object && object.decoderResult().isFailure()) {
        scanner.state = STOPPED;
      } else if (message instanceof LastHttpContent && scanner.state != STOPPED) {
        scanner.reset();
        ahead = 0;
      }
    }
  }

  private void onRequest(HttpRequest request) {
    if (responses != null) {
      responses.requested(request.method());
    }
    // The fold is named even when the decoder failed on it (Netty refuses a fold on the first
    // line as a bad name, a fold after an empty value as a bad value); only 414 and 431 stay.
    if (scanner.foldedName >= 0 && !(request.decoderResult().cause() instanceof TooLongFrameException)) {
      String where = scanner.foldedName == 0 ? "right after the request line"
          : "in header '" + scanner.foldedName() + "'";
      request.setDecoderResult(DecoderResult.failure(new RequestHeadException(400, "malformed HTTP request: "
          + "obsolete line folding (a line starting with a space or tab) " + where + " is not accepted")));
    }
  }

  /**
   * The head's grammar, as far as folding needs it (RFC 9112 sections 2.2, 5.2): CR or LF before
   * the request line are skipped; a line is a header line until the empty one; a header line
   * starting with SP or HT is a fold. Remembers the name of the last header field (up to
   * {@value #NAME_CAPACITY} bytes) so the error can name the folded one.
   */
  private static final class HeadScanner implements ByteProcessor {
    int state = BEFORE_REQUEST_LINE;
    /** The length of the folded header's name; -1 while no fold was seen. */
    int foldedName = -1;
    private final byte[] name = new byte[NAME_CAPACITY];
    private int nameLength;

    void reset() {
      state = BEFORE_REQUEST_LINE;
      foldedName = -1;
      nameLength = 0;
    }

    String foldedName() {
      return new String(name, 0, foldedName, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean process(byte b) {
      switch (state) {
        case BEFORE_REQUEST_LINE:
          if (b != '\r' && b != '\n' && b != ' ' && b != '\t') {
            state = REQUEST_LINE;
          }
          return true;
        case REQUEST_LINE, VALUE:
          if (b == '\n') {
            state = LINE_START;
          }
          return true;
        case LINE_START:
          if (b == ' ' || b == '\t') {
            // A fold on the first line after the request line continues nothing; RFC 9112
            // section 2.2 lets us refuse it too.
            foldedName = nameLength;
            state = DONE;
            return false;
          }
          if (b == '\r' || b == '\n') {
            state = b == '\r' ? EMPTY_LINE_CR : DONE;
            return b == '\r';
          }
          nameLength = 0;
          state = NAME;
          return name(b);
        case NAME:
          return name(b);
        case EMPTY_LINE_CR:
          // A bare CR is the decoder's to refuse; the head ends either way.
          state = DONE;
          return false;
        default:
          return false;
      }
    }

    private boolean name(byte b) {
      if (b == ':') {
        state = VALUE;
      } else if (b == '\n') {
        state = LINE_START;
      } else if (nameLength < NAME_CAPACITY) {
        name[nameLength++] = b;
      }
      return true;
    }
  }
}
