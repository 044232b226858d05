package dev.rosetta.gateway.http;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front end's server TLS context, built from PEM files and rebuilt when they change.
 *
 * <p>New connections get the current context; open ones keep the one they shook hands with. The
 * files are polled (modification time and size) on a daemon thread of its own, never on an event
 * loop, since reading files blocks. A change that does not load (a half-written key, a key that
 * does not match) is logged and the previous context kept, so a botched rotation never takes the
 * listener down. Only TLS 1.3 and 1.2 are offered; ALPN offers {@code h2} then {@code http/1.1}
 * while HTTP/2 is on.
 */
final class TlsContexts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rosetta.gateway.http");
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final TlsOptions options;
  private final boolean http2;
  private final AtomicReference<SslContext> current = new AtomicReference<>();
  private final ScheduledExecutorService poller;
  private volatile List<Object> stamp;

  /**
   * Loads the files; throws when they do not make a TLS context (start-up fails).
   *
   * @param http2 offer {@code h2} by ALPN (before {@code http/1.1})
   */
  TlsContexts(TlsOptions options, boolean http2) throws SSLException {
    this.options = options;
    this.http2 = http2;
    this.stamp = stamp();
    current.set(build(options, http2));
    if (options.reloadInterval().isZero()) {
      poller = null;
    } else {
      poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rosetta-tls-reload");
        t.setDaemon(true);
        return t;
      });
      long every = options.reloadInterval().toMillis();
      poller.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    }
  }

  SslContext current() {
    return current.get();
  }

  static SslContext build(TlsOptions options, boolean http2) throws SSLException {
    SslContextBuilder builder = SslContextBuilder
        .forServer(options.certificate().toFile(), options.privateKey().toFile())
        .sslProvider(SslProvider.JDK)
        .protocols(PROTOCOLS);
    if (http2) {
      // The JDK's ALPN (Java 9+). A client offering neither gets no protocol selected and stays on
      // HTTP/1.1 (AlpnNegotiation's fallback), as one offering no ALPN at all does.
      builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
          ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
    }
    if (options.clientCa() != null) {
      builder.trustManager(options.clientCa().toFile()).clientAuth(ClientAuth.REQUIRE);
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new SSLException(e.getMessage(), e);
    }
  }

  private void reloadIfChanged() {
    List<Object> now = stamp();
    if (now.equals(stamp)) {
      return;
    }
    try {
      current.set(build(options, http2));
      stamp = now;
      LOG.info("TLS certificate reloaded from {}", options.certificate());
    } catch (SSLException | RuntimeException e) {
      // Try again next round: the files may be half written.
      LOG.warn("TLS files changed but do not load, keeping the previous certificate: {}", e.getMessage());
    }
  }

  /** Modification times and sizes of the files: what a change looks like. */
  private List<Object> stamp() {
    List<Object> out = new ArrayList<>();
    for (Path file : new Path[] {options.certificate(), options.privateKey(), options.clientCa()}) {
      if (file == null) {
        continue;
      }
      try {
        FileTime modified = Files.getLastModifiedTime(file);
        out.add(modified);
        out.add(Files.size(file));
      } catch (IOException e) {
        out.add(e.getClass().getName());
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }
}
