package dev.rosetta.gateway.http;

import io.netty.buffer.ByteBufAllocator;

/** Lets hardening tests see what the front end's TLS context enables. */
public final class TlsTestAccess {
  private TlsTestAccess() {}

  public static String[] enabledProtocols(TlsOptions options) throws Exception {
    return TlsContexts.build(options, true).newEngine(ByteBufAllocator.DEFAULT).getEnabledProtocols();
  }
}
