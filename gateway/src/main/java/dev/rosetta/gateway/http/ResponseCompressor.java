package dev.rosetta.gateway.http;

import io.netty.handler.codec.compression.CompressionOptions;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Locale;

/**
 * Compresses responses by the request's {@code Accept-Encoding}: Netty's compressor, limited to
 * gzip and deflate (no codec that needs a native library), to text-like types, and to whole
 * responses of at least {@code --compression-min-size}; streamed responses are compressed whatever
 * their size. Each chunk written is flushed out of the compressor (Netty's zlib encoder deflates
 * with SYNC_FLUSH), so a Server-Sent Event or an NDJSON line is never held back for the next.
 * Responses that could be compressed say {@code Vary: Accept-Encoding}, compressed or not, for caches.
 *
 * <p>Sits just before the connection's handler ({@link Http1ConnectionHandler}, one per
 * connection), or in an HTTP/2 stream's {@link StreamCompression}, one per stream: it pairs each
 * response with the request read before it. Answers that pair with no request (a 408 for a head still arriving) are
 * written from before it ({@link ConnectionTimeouts}).
 */
final class ResponseCompressor extends HttpContentCompressor {
  private static final CompressionOptions[] GZIP_AND_DEFLATE = {
      StandardCompressionOptions.gzip(), StandardCompressionOptions.deflate()};

  /**
   * Pipelined HTTP/1.1 requests queue their Accept-Encoding here until answered; what one socket
   * read decodes bounds them ({@link PendingReads}), not Netty's default of 128.
   */
  private static final int PIPELINE_DEPTH = Integer.MAX_VALUE;

  private final int minResponseSize;

  ResponseCompressor(int minResponseSize) {
    super(minResponseSize, PIPELINE_DEPTH, GZIP_AND_DEFLATE);
    this.minResponseSize = minResponseSize;
  }

  /** Null (sent as it is) for a type not worth compressing, or a whole response under the threshold. */
  @Override
  protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
    if (!worthCompressing(response, minResponseSize)) {
      return null;
    }
    if (!response.headers().containsValue(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING, true)) {
      response.headers().add(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
    }
    return super.beginEncode(response, acceptEncoding);
  }

  /** A compressible type, and a streamed response or a whole one of at least {@code minResponseSize} bytes. */
  static boolean worthCompressing(HttpResponse response, int minResponseSize) {
    return compressible(response.headers().get(HttpHeaderNames.CONTENT_TYPE))
        && !(response instanceof HttpContent whole && whole.content().readableBytes() < minResponseSize);
  }

  /**
   * Text-like media types, where compression pays: JSON (and {@code +json}), NDJSON, Server-Sent
   * Events, any {@code text/*}, XML, YAML, JavaScript. Images, archives and other binary
   * {@code google.api.HttpBody} content are mostly compressed already.
   */
  static boolean compressible(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    if (mime.startsWith("application/grpc") || mime.startsWith("application/connect+")) {
      return false; // gRPC-Web's and Connect's streams compress their messages themselves, by their own headers
    }
    return mime.startsWith("text/")
        || mime.equals("application/json") || mime.endsWith("+json")
        || mime.equals(Exchanges.NDJSON)
        || mime.equals("application/xml") || mime.endsWith("+xml")
        || mime.equals("application/yaml") || mime.equals("application/javascript");
  }
}
