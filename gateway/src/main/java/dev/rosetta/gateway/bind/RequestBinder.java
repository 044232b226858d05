package dev.rosetta.gateway.bind;

import dev.rosetta.gateway.codec.JsonCodec;
import dev.rosetta.gateway.route.RouteMatch;
import io.netty.buffer.ByteBuf;

/** Placeholder until the binder lands. */
public final class RequestBinder {
  private final JsonCodec codec;

  public RequestBinder(JsonCodec codec, boolean ignoreUnknownQueryParameters) {
    this.codec = codec;
  }

  public byte[] bind(RouteMatch match, String rawQuery, ByteBuf body) throws BindException {
    try {
      return body == null ? new byte[0] : codec.parse(match.route().method().getInputType(), body);
    } catch (dev.rosetta.gateway.codec.CodecException e) {
      throw new BindException(e.getMessage());
    }
  }
}
