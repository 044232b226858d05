package dev.rosetta.gateway.http;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * The compression handlers of one HTTP/2 stream: {@link RequestDecompressor} for a body with a
 * {@code Content-Encoding}, {@link ResponseCompressor} for a response worth compressing to a
 * request with an {@code Accept-Encoding}. An HTTP/2 stream has no pipeline of its own
 * ({@link Http2Streams}), so the handlers HTTP/1.1 keeps in its connection's pipeline run here,
 * each on an {@link EmbeddedChannel} (the way Netty's own HTTP/2 compressor runs its zlib codec):
 * what goes in comes out at once, on the caller's thread.
 *
 * <p>Made only when they are needed, since an {@code EmbeddedChannel} costs about what the
 * request does: the decompressor at the request's head, the compressor at the response's head
 * and only when it would compress ({@link ResponseCompressor#worthCompressing}), which most API
 * answers to browsers and Go clients (they always send {@code Accept-Encoding}) are not, being
 * under {@code --compression-min-size}. A stream that needs neither costs nothing.
 *
 * <p>One per stream, confined to the connection's event loop; {@link #close} releases what the
 * handlers still hold.
 */
final class StreamCompression implements AutoCloseable {
  private final ProtocolOptions.Compression options;
  /** Null unless the request's body is coded. */
  private final EmbeddedChannel decoder;
  /** The request's head as the compressor needs it (method, target, Accept-Encoding); null when it has none. */
  private final HttpRequest acceptsEncoding;
  /** Made at the head of a response worth compressing; while null, the response's parts go out as they are. */
  private EmbeddedChannel encoder;

  private StreamCompression(ProtocolOptions.Compression options, EmbeddedChannel decoder,
      HttpRequest acceptsEncoding) {
    this.options = options;
    this.decoder = decoder;
    this.acceptsEncoding = acceptsEncoding;
  }

  /** What {@code request} may need, or null when it can need neither handler. */
  static StreamCompression forRequest(HttpRequest request, ProtocolOptions.Compression compression,
      Dispatcher dispatcher) {
    HttpHeaders headers = request.headers();
    String accept = compression.responses() ? headers.get(HttpHeaderNames.ACCEPT_ENCODING) : null;
    String coding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
    boolean decompress = compression.requests() && coding != null
        && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(coding);
    if (accept == null && !decompress) {
      return null;
    }
    HttpRequest acceptsEncoding = null;
    if (accept != null) {
      acceptsEncoding = new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri());
      acceptsEncoding.headers().set(HttpHeaderNames.ACCEPT_ENCODING, accept);
    }
    return new StreamCompression(compression,
        decompress ? new EmbeddedChannel(new RequestDecompressor(compression.maxRatio(), dispatcher)) : null,
        acceptsEncoding);
  }

  /** A part of the request, decoded into {@code out} (as it is when the body is not coded). */
  void inbound(HttpObject msg, Consumer<Object> out) {
    if (decoder == null) {
      out.accept(msg);
      return;
    }
    decoder.writeInbound(msg);
    for (Object decoded; (decoded = decoder.readInbound()) != null; ) {
      out.accept(decoded);
    }
  }

  /** A part of the response, encoded into {@code out} (as it is when the response is not compressed). */
  void outbound(HttpObject msg, Consumer<Object> out) {
    if (encoder == null && acceptsEncoding != null && msg instanceof HttpResponse head && head.status().code() >= 200
        && ResponseCompressor.worthCompressing(head, options.minResponseSize())) {
      encoder = new EmbeddedChannel(new ResponseCompressor(options.minResponseSize()));
      encoder.writeInbound(acceptsEncoding); // the compressor pairs the response with it
      ReferenceCountUtil.release(encoder.readInbound());
    }
    if (encoder == null) {
      out.accept(msg);
      return;
    }
    encoder.writeOutbound(msg);
    for (Object encoded; (encoded = encoder.readOutbound()) != null; ) {
      out.accept(encoded);
    }
  }

  @Override
  public void close() {
    if (decoder != null) {
      try {
        decoder.finishAndReleaseAll();
      } catch (RuntimeException corrupt) {
        // The decoder's last try at what is left of a body already refused as corrupt: answered.
      }
    }
    if (encoder != null) {
      encoder.finishAndReleaseAll();
    }
  }
}
