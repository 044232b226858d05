package dev.rosetta.gateway.http;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import java.util.function.Consumer;

/**
 * The compression handlers of one HTTP/2 stream ({@link RequestDecompressor} for a body with a
 * {@code Content-Encoding}, {@link ResponseCompressor} for a request with an
 * {@code Accept-Encoding}), made only when its request calls for them. An HTTP/2 stream has no
 * pipeline of its own ({@link Http2Streams}), so the handlers HTTP/1.1 keeps in its connection's
 * pipeline run here on an {@link EmbeddedChannel}, the way Netty's own HTTP/2 compressor runs its
 * zlib codec: what goes in comes out at once, on the caller's thread. A stream that needs neither
 * (most API calls: h2load, grpc-gateway's clients and many SDKs send no Accept-Encoding) costs
 * nothing.
 *
 * <p>One per stream, confined to the connection's event loop; {@link #close} releases what the
 * handlers still hold.
 */
final class StreamCompression implements AutoCloseable {
  private final EmbeddedChannel handlers;

  private StreamCompression(EmbeddedChannel handlers) {
    this.handlers = handlers;
  }

  /** The handlers {@code request} calls for, or null when it calls for none. */
  static StreamCompression forRequest(HttpRequest request, ProtocolOptions.Compression compression,
      Dispatcher dispatcher) {
    HttpHeaders headers = request.headers();
    boolean compress = compression.responses() && headers.contains(HttpHeaderNames.ACCEPT_ENCODING);
    String coding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
    boolean decompress = compression.requests() && coding != null
        && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(coding);
    if (!compress && !decompress) {
      return null;
    }
    EmbeddedChannel handlers = new EmbeddedChannel();
    if (decompress) {
      handlers.pipeline().addLast("decompress", new RequestDecompressor(compression.maxRatio(), dispatcher));
    }
    if (compress) {
      handlers.pipeline().addLast("compress", new ResponseCompressor(compression.minResponseSize()));
    }
    return new StreamCompression(handlers);
  }

  /** A part of the request (the head first: the compressor pairs the response with it), decoded into {@code out}. */
  void inbound(HttpObject msg, Consumer<Object> out) {
    handlers.writeInbound(msg);
    for (Object decoded; (decoded = handlers.readInbound()) != null; ) {
      out.accept(decoded);
    }
  }

  /** A part of the response, encoded into {@code out}. */
  void outbound(HttpObject msg, Consumer<Object> out) {
    handlers.writeOutbound(msg);
    for (Object encoded; (encoded = handlers.readOutbound()) != null; ) {
      out.accept(encoded);
    }
  }

  @Override
  public void close() {
    handlers.finishAndReleaseAll();
  }
}
