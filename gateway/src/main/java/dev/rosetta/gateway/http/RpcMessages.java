package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;

/**
 * Messages and metadata as the RPC protocols carry them, the same for gRPC-Web and Connect:
 * a message is proto (the wire bytes as they are: no conversion) or JSON (through the gateway's
 * codec, with its print options and strictness, like a REST body); an enveloped request body
 * holds exactly one message for the unary and server-streaming methods they serve; metadata
 * goes out as plain headers by {@link MetadataMapper}'s rules. Stateless.
 */
final class RpcMessages {
  /** Response headers a script has no use for, or that browsers expose anyway. */
  private static final Set<String> NOT_EXPOSED = Set.of("content-type", "content-length", "content-encoding",
      "transfer-encoding", "connection", "keep-alive", "vary", "x-request-id", "cache-control", "date");

  private RpcMessages() {}

  /** The request message's wire bytes from a message of the request's codec (read, not released). */
  static byte[] decode(RoutedRequest routed, ByteBuf message, boolean json) throws ExchangeException {
    return json ? RequestMessage.parse(routed, message) : ByteBufUtil.getBytes(message);
  }

  /** A response message in the request's codec: the wire bytes wrapped (no copy), or its JSON in a new buffer. */
  static ByteBuf encode(RoutedRequest routed, ByteBufAllocator alloc, byte[] wire, boolean json) throws ExchangeException {
    return json ? ResponsePrinter.json(routed, alloc, wire) : Unpooled.wrappedBuffer(wire);
  }

  /**
   * The one message of an enveloped request body (read, not released; null for none): exactly one
   * envelope, none of {@code refusedFlags} set, decompressed by {@code coding} when flagged so.
   *
   * @param codingHeader the header that names the coding, for messages
   */
  static byte[] single(RoutedRequest routed, ByteBuf body, ByteBufAllocator alloc, int maxBytes, int refusedFlags,
      String coding, String codingHeader, boolean json) throws ExchangeException {
    ByteBuf in = body == null ? Unpooled.EMPTY_BUFFER : body;
    Envelopes.Envelope envelope = Envelopes.read(in, maxBytes);
    if (envelope == null || envelope.has(refusedFlags) || Envelopes.read(in, maxBytes) != null) {
      String kind = routed.route().method().isServerStreaming() ? "a server-streaming" : "a unary";
      throw new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT, envelope == null
          ? "request body has no message: " + kind + " method takes exactly one"
          : "request body must hold exactly one message envelope for " + kind + " method", Reasons.BAD_REQUEST));
    }
    return message(routed, envelope, alloc, maxBytes, coding, codingHeader, json);
  }

  /**
   * The wire bytes of one envelope's message (read, not released): decompressed by {@code coding}
   * when flagged so, then decoded from the request's codec. The one step of {@link #single} a
   * streamed upload ({@link EnvelopeSplitter}) takes per message.
   */
  static byte[] message(RoutedRequest routed, Envelopes.Envelope envelope, ByteBufAllocator alloc, int maxBytes,
      String coding, String codingHeader, boolean json) throws ExchangeException {
    if (!envelope.has(Envelopes.COMPRESSED)) {
      return decode(routed, envelope.message(), json);
    }
    if (!Compression.isGzip(coding)) {
      throw coding == null || coding.isEmpty() || Compression.IDENTITY.equalsIgnoreCase(coding)
          ? new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT,
              "message flagged compressed without " + codingHeader, Reasons.BAD_REQUEST))
          : Compression.unsupported(codingHeader, coding);
    }
    ByteBuf plain = Compression.gunzip(alloc, envelope.message(), maxBytes);
    try {
      return decode(routed, plain, json);
    } finally {
      plain.release();
    }
  }

  /** Header metadata as response headers of the same names ({@code -bin} values in base64). */
  static void headers(Metadata headers, HttpHeaders out) {
    MetadataMapper.toHeaders(headers, "", out);
  }

  /** Trailer metadata as name and values, in order, by {@link MetadataMapper}'s rules. */
  static Iterable<Map.Entry<String, String>> trailers(Metadata trailers) {
    HttpHeaders out = new DefaultHttpHeaders(false);
    MetadataMapper.toHeaders(trailers, "", out);
    return out;
  }

  /** {@code fixed} (lower-case names), then every other header of {@code response} a script may want, comma-separated. */
  static String exposed(Set<String> fixed, HttpHeaders response) {
    Set<String> names = new LinkedHashSet<>(fixed);
    for (Map.Entry<String, String> header : response) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!NOT_EXPOSED.contains(name) && !name.startsWith("access-control-")) {
        names.add(name);
      }
    }
    return String.join(", ", names);
  }

  /** Whether {@code contentType}'s media type (parameters dropped) is {@code mime}, ignoring case. */
  static boolean isMime(String contentType, String mime) {
    return contentType != null && mime.equalsIgnoreCase(mimeOf(contentType));
  }

  /** The media type of a Content-Type, lower case, without parameters; "" for none. */
  static String mimeOf(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
