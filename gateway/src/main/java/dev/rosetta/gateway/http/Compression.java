package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Message compression for the RPC protocols: {@code gzip} and {@code identity}, the codings
 * every Connect and gRPC-Web client has. Inflating is bounded (a small compressed body must not
 * become a large one: a "zip bomb" is refused at the limit, 413, before it is held whole);
 * deflating is only worth it for messages of {@link #MIN_BYTES} or more. In memory, on the event
 * loop; stateless.
 */
final class Compression {
  static final String GZIP = "gzip";
  static final String IDENTITY = "identity";
  /** What the gateway names when a client asks for another coding. */
  static final String SUPPORTED = "gzip, identity";
  /**
   * Smaller responses go out uncompressed whatever the client accepts: below about a kilobyte
   * gzip saves a few hundred bytes at most, for more CPU than the rest of the exchange.
   */
  static final int MIN_BYTES = 1024;

  private Compression() {}

  /** Whether the gateway reads {@code coding} (null, empty, identity or gzip). */
  static boolean supported(String coding) {
    return coding == null || coding.isEmpty() || IDENTITY.equalsIgnoreCase(coding) || GZIP.equalsIgnoreCase(coding);
  }

  static boolean isGzip(String coding) {
    return coding != null && GZIP.equalsIgnoreCase(coding.trim());
  }

  /**
   * Whether an {@code Accept-Encoding}-style list (Connect's ordered subset, or HTTP's with
   * quality values) accepts gzip; {@code gzip;q=0} refuses it.
   */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String item : acceptEncoding.split(",")) {
      String[] parts = item.split(";");
      if (!parts[0].trim().equalsIgnoreCase(GZIP)) {
        continue;
      }
      for (int i = 1; i < parts.length; i++) {
        String param = parts[i].trim().toLowerCase(Locale.ROOT);
        if (param.startsWith("q=") && param.substring(2).trim().matches("0(\\.0*)?")) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** 501 UNIMPLEMENTED for a coding the gateway does not read, naming the ones it does (Connect's rule). */
  static ExchangeException unsupported(String header, String coding) {
    return new ExchangeException(GatewayError.of(Status.Code.UNIMPLEMENTED, "unsupported " + header + " \"" + coding
        + "\": the gateway reads " + SUPPORTED, Reasons.UNSUPPORTED_ENCODING));
  }

  /**
   * A new buffer with the gunzipped bytes of {@code in} (read, not released).
   *
   * @throws ExchangeException 400 for data that is not gzip, 413 past {@code maxBytes}
   */
  static ByteBuf gunzip(ByteBufAllocator alloc, ByteBuf in, int maxBytes) throws ExchangeException {
    ByteBuf out = alloc.buffer(Math.min(maxBytes, Math.max(256, in.readableBytes() * 4)));
    try (InputStream gzip = new GZIPInputStream(new ByteBufInputStream(in), 4096)) {
      byte[] piece = new byte[8192];
      for (int n; (n = gzip.read(piece)) > 0; ) {
        if ((long) out.readableBytes() + n > maxBytes) {
          throw new ExchangeException(new GatewayError(413, Status.Code.RESOURCE_EXHAUSTED,
              "decompressed request message is larger than the limit of " + maxBytes + " bytes", Reasons.BODY_TOO_LARGE));
        }
        out.writeBytes(piece, 0, n);
      }
      return out;
    } catch (IOException e) {
      out.release();
      throw new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT,
          "request message is not valid gzip: " + e.getMessage(), Reasons.BAD_REQUEST));
    } catch (ExchangeException | RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /** A new buffer with {@code in} (read, not released) gzipped. */
  static ByteBuf gzip(ByteBufAllocator alloc, ByteBuf in) {
    ByteBuf out = alloc.buffer(in.readableBytes() / 2 + 64);
    try (OutputStream gzip = new GZIPOutputStream(new ByteBufOutputStream(out), 4096)) {
      in.readBytes(gzip, in.readableBytes());
      gzip.close();
      return out;
    } catch (IOException | RuntimeException e) {
      out.release();
      throw new IllegalStateException("gzip into memory failed", e);
    }
  }
}
