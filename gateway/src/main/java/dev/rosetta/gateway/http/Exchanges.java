package dev.rosetta.gateway.http;

import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.rosetta.gateway.route.Route;
import io.netty.util.AsciiString;

/** Picks the exchange for a route's RPC shape, and the body rules that follow from the shape. */
final class Exchanges {
  static final String NDJSON = "application/x-ndjson";

  private Exchanges() {}

  /** The exchange for {@code routed}'s RPC shape, answering through {@code conn}; not yet started. */
  static Exchange create(RoutedRequest routed, ExchangeConnection conn, ServerOptions options) {
    MethodDescriptor method = routed.route().method();
    if (method.isClientStreaming()) {
      return new ClientStreamExchange(routed, conn, options);
    }
    if (method.isServerStreaming()) {
      return new ServerStreamExchange(routed, conn, options);
    }
    return new UnaryExchange(routed, conn, options.maxBodyBytes());
  }

  static boolean isStreaming(Route route) {
    return route.method().isClientStreaming() || route.method().isServerStreaming();
  }

  static boolean isNdjson(CharSequence contentType) {
    if (contentType == null) {
      return false;
    }
    String mime = contentType.toString();
    int semicolon = mime.indexOf(';');
    return AsciiString.contentEqualsIgnoreCase((semicolon < 0 ? mime : mime.substring(0, semicolon)).trim(), NDJSON);
  }
}
