package dev.rosetta.gateway.http;

import io.grpc.Metadata;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTTP headers ⇄ gRPC metadata.
 *
 * <p>Requests: every header becomes metadata except hop-by-hop headers (RFC 9110 section 7.6.1,
 * plus any named in {@code Connection}), {@code Host}, {@code Content-Length},
 * {@code Content-Type}, {@code Expect}, and reserved {@code grpc-*} names; {@link HeaderRules}
 * narrow that further. {@code Grpc-Metadata-Foo} arrives as {@code foo} (grpc-gateway's
 * convention). A name gRPC cannot carry, or a value with control characters or non-ASCII
 * bytes, is dropped, never forwarded. {@code -bin} values are base64 and forwarded as bytes.
 * {@code X-Forwarded-For} gains the client address and {@code X-Forwarded-Host} the Host.
 *
 * <p>Responses: header metadata becomes {@code Grpc-Metadata-<key>}, trailer metadata
 * {@code Grpc-Trailer-<key>}, binary values in base64, gRPC's own keys left out.
 */
final class MetadataMapper {
  private static final Set<String> NOT_FORWARDED = Set.of(
      "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade", "http2-settings",
      "host", "content-length", "content-type", "expect");
  private static final Set<String> NOT_RETURNED = Set.of(
      "content-type", "grpc-status", "grpc-message", "grpc-status-details-bin",
      "grpc-encoding", "grpc-accept-encoding");
  private static final String METADATA_PREFIX = "grpc-metadata-";
  private static final Metadata.Key<String> FORWARDED_FOR = ascii("x-forwarded-for");
  private static final Metadata.Key<String> FORWARDED_HOST = ascii("x-forwarded-host");

  private final HeaderRules rules;

  MetadataMapper(HeaderRules rules) {
    this.rules = rules;
  }

  Metadata toMetadata(HttpHeaders headers, SocketAddress client) {
    Metadata metadata = new Metadata();
    Set<String> connectionTokens = connectionTokens(headers.get("connection"));
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith(METADATA_PREFIX) && name.length() > METADATA_PREFIX.length()) {
        name = name.substring(METADATA_PREFIX.length());
      } else if (NOT_FORWARDED.contains(name) || connectionTokens.contains(name)) {
        continue;
      }
      if (name.startsWith("grpc-") || !rules.allows(name) || !validKey(name)) {
        continue;
      }
      put(metadata, name, header.getValue());
    }
    String forwardedFor = headers.get("x-forwarded-for");
    String clientIp = client instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress() : null;
    if (clientIp != null) {
      metadata.removeAll(FORWARDED_FOR);
      metadata.put(FORWARDED_FOR, forwardedFor == null || !printableAscii(forwardedFor)
          ? clientIp : forwardedFor + ", " + clientIp);
    }
    String host = headers.get("host");
    if (host != null && !metadata.containsKey(FORWARDED_HOST) && printableAscii(host)) {
      metadata.put(FORWARDED_HOST, host);
    }
    return metadata;
  }

  /** Adds {@code metadata} to {@code out} as {@code prefix + key} headers. */
  static void toHeaders(Metadata metadata, String prefix, HttpHeaders out) {
    if (metadata == null) {
      return;
    }
    for (String key : metadata.keys()) {
      if (NOT_RETURNED.contains(key) || key.startsWith(":")) {
        continue;
      }
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        for (byte[] value : metadata.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
          out.add(prefix + key, Base64.getEncoder().encodeToString(value));
        }
      } else {
        for (String value : metadata.getAll(ascii(key))) {
          if (printableAscii(value)) {
            out.add(prefix + key, value);
          }
        }
      }
    }
  }

  /**
   * Whether {@code name} (lower case) may be set on a backend call by someone other than the
   * client (a policy: forwarded claims, an authorization service's headers): a valid gRPC key,
   * neither gRPC's own ({@code grpc-*}) nor one this mapper never forwards.
   */
  static boolean mayCarry(String name) {
    return validKey(name) && !name.startsWith("grpc-") && !NOT_FORWARDED.contains(name);
  }

  /** The key of {@code name}: bytes for a {@code -bin} name, else ASCII text. */
  static Metadata.Key<?> key(String name) {
    return name.endsWith(Metadata.BINARY_HEADER_SUFFIX) ? Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER)
        : ascii(name);
  }

  /** Adds one header value as metadata: base64 for a {@code -bin} name; dropped when it cannot be carried faithfully. */
  static void put(Metadata metadata, String name, String value) {
    if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
      try {
        metadata.put(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER), Base64.getDecoder().decode(value.trim()));
      } catch (IllegalArgumentException e) {
        // Not base64: dropped, like any value that cannot be forwarded faithfully.
      }
    } else if (printableAscii(value)) {
      metadata.put(ascii(name), value);
    }
  }

  private static Set<String> connectionTokens(String connection) {
    if (connection == null) {
      return Set.of();
    }
    return Set.of(java.util.Arrays.stream(connection.toLowerCase(Locale.ROOT).split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).distinct().toArray(String[]::new));
  }

  /** gRPC metadata keys: lower-case letters, digits, {@code - _ .}. */
  private static boolean validKey(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** Printable ASCII and tab-free: no CR, LF, NUL or other control characters, no non-ASCII. */
  static boolean printableAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static Metadata.Key<String> ascii(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }
}
