package dev.rosetta.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Settings;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The HTTP/2 side of {@code Upgrade: h2c} (RFC 7540 section 3.2) for {@link H2cUpgrade}: reads
 * the client's settings from its {@code HTTP2-Settings} header, and after the 101 puts the
 * connection's HTTP/2 handlers in place with those settings applied, as if the client had sent
 * them in a SETTINGS frame. A header that is missing, repeated or malformed declines the upgrade,
 * and the request is served on HTTP/1.1.
 */
final class H2cUpgradeCodec implements HttpServerUpgradeHandler.UpgradeCodec {
  private final Http2Initializer http2;
  private Http2Settings settings;

  H2cUpgradeCodec(Http2Initializer http2) {
    this.http2 = http2;
  }

  @Override
  public Collection<CharSequence> requiredUpgradeHeaders() {
    return List.of(Http2CodecUtil.HTTP_UPGRADE_SETTINGS_HEADER);
  }

  @Override
  public boolean prepareUpgradeResponse(ChannelHandlerContext ctx, FullHttpRequest request, HttpHeaders headers) {
    List<String> values = request.headers().getAll(Http2CodecUtil.HTTP_UPGRADE_SETTINGS_HEADER);
    if (values.size() != 1) {
      return false;
    }
    try {
      settings = decode(values.get(0));
      return true;
    } catch (IllegalArgumentException e) {
      return false; // the request goes on over HTTP/1.1
    }
  }

  /** A SETTINGS frame's payload in base64url (RFC 7540 section 3.2.1): six bytes a setting. */
  static Http2Settings decode(String header) {
    byte[] payload = Base64.getUrlDecoder().decode(header.trim());
    if (payload.length % 6 != 0) {
      throw new IllegalArgumentException("HTTP2-Settings is not a whole number of settings");
    }
    Http2Settings out = new Http2Settings();
    for (int i = 0; i < payload.length; i += 6) {
      char id = (char) (((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff));
      long value = ((payload[i + 2] & 0xffL) << 24) | ((payload[i + 3] & 0xffL) << 16)
          | ((payload[i + 4] & 0xffL) << 8) | (payload[i + 5] & 0xffL);
      out.put(id, Long.valueOf(value)); // refuses a value out of its range
    }
    return out;
  }

  @Override
  public void upgradeTo(ChannelHandlerContext ctx, FullHttpRequest request) {
    Http2Codec codec = new Http2Codec(http2).upgradedWith(settings);
    ctx.pipeline().addAfter(ctx.name(), "h2", codec);
    ctx.pipeline().addAfter("h2", "h2-connection", http2.lifecycle(codec));
  }
}
