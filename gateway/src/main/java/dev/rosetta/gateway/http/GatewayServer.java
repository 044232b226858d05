package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.backend.WarmUpBackend;
import dev.rosetta.gateway.policy.PolicyChain;
import dev.rosetta.gateway.route.Route;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener (HTTP/1.1 and h2c), and the HTTPS one (HTTP/1.1 and h2 by ALPN) when TLS is
 * configured with a port of its own. Connections run on the gateway's shared event loop group (the
 * one the backend channels use too) and serve whatever {@link Engine} is current: {@link #swap}
 * replaces it for requests that start afterwards, while requests in flight finish on the one they
 * began with.
 *
 * <p>Connections are accepted on a thread of their own ({@link Acceptor}), with the accept
 * backlog the kernel allows ({@code net.core.somaxconn}): a burst of new connections is taken in
 * promptly however busy the request loops are.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  private final AtomicReference<Engine> engine;
  private final Channel channel;
  private final Channel httpsChannel;
  private final TlsContexts tls;
  private final Drain drain;
  private final Acceptor acceptor;
  /** What a {@link WarmUp}'s private listener is built from: the public listener's own. */
  private final ServerOptions options;
  private final EventLoopGroup group;
  private final Class<? extends ServerChannel> channelType;
  private final CorsPolicy cors;
  /** The warm-up running now; null before one starts. */
  private volatile WarmUp warmUp;

  private GatewayServer(AtomicReference<Engine> engine, Channel channel, Channel httpsChannel, TlsContexts tls,
      Drain drain, Acceptor acceptor, ServerOptions options, EventLoopGroup group,
      Class<? extends ServerChannel> channelType, CorsPolicy cors) {
    this.engine = engine;
    this.channel = channel;
    this.httpsChannel = httpsChannel;
    this.tls = tls;
    this.drain = drain;
    this.acceptor = acceptor;
    this.options = options;
    this.group = group;
    this.channelType = channelType;
    this.cors = cors;
  }

  /** Binds and starts serving; throws when the address cannot be bound or the TLS files do not load. */
  public static GatewayServer start(
      Engine engine, ServerOptions options, EventLoopGroup group, Class<? extends ServerChannel> channelType)
      throws InterruptedException, SSLException {
    return start(engine, options, group, channelType, ExchangeObserver.NONE, PublicPages.NONE, CorsPolicy.OFF,
        route -> null);
  }

  /**
   * As {@link #start(Engine, ServerOptions, EventLoopGroup, Class)}, telling {@code observer} of
   * every exchange, serving {@code pages} ahead of the routes, answering CORS by {@code cors} and
   * admitting requests by the edge {@code policies}: the chain guarding a route now (a policy
   * reload changes it; null for none).
   */
  public static GatewayServer start(
      Engine engine, ServerOptions options, EventLoopGroup group, Class<? extends ServerChannel> channelType,
      ExchangeObserver observer, PublicPages pages, CorsPolicy cors, Function<Route, PolicyChain> policies)
      throws InterruptedException, SSLException {
    AtomicReference<Engine> current = new AtomicReference<>(engine);
    Drain drain = new Drain();
    TlsContexts tls = options.tls() == null ? null
        : new TlsContexts(options.tls(), options.protocols().http2().enabled());
    // One limit across both listeners: it protects the process, not a port.
    ConnectionLimiter limiter = new ConnectionLimiter(options.limits().maxConnections(), current::get);
    boolean separate = tls != null && options.tls().separateListener();
    Acceptor acceptor = Acceptor.forChannel(channelType);
    Channel main = null;
    try {
      main = acceptor.bind(group, channelType, options.bindAddress(), options.port(), new GatewayInitializer(
          current::get, options, limiter, separate ? null : tls, observer, pages, cors, drain, policies));
      Channel https = separate ? acceptor.bind(group, channelType, options.bindAddress(), options.tls().httpsPort(),
          new GatewayInitializer(current::get, options, limiter, tls, observer, pages, cors, drain, policies)) : null;
      return new GatewayServer(current, main, https, tls, drain, acceptor, options, group, channelType, cors);
    } catch (InterruptedException | RuntimeException e) {
      if (main != null) {
        main.close().syncUninterruptibly();
      }
      acceptor.close();
      if (tls != null) {
        tls.close();
      }
      throw e;
    }
  }

  /**
   * Starts {@link #warmUp}, its calls answered by a backend from {@code backends} (given the spec of
   * the real backend it stands in for); a warm-up that cannot start costs speed, not service: it is
   * logged, and {@link #warmingUp} stays false. Call once, before readiness is asked.
   */
  public void startWarmUp(int connections, Function<BackendSpec, WarmUpBackend> backends) {
    try {
      warmUp(connections, backends);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("warm-up not started: {}", e.toString());
    }
  }

  /** True while a warm-up runs: readiness waits for it. */
  public boolean warmingUp() {
    WarmUp running = warmUp;
    return running != null && !running.done().isDone();
  }

  /**
   * Opens {@code connections} connections to a private loopback listener with this listener's
   * pipeline, each sending a request for one of the current routes, so that the first storm of
   * real ones finds the connection and request paths compiled ({@link WarmUp}). Their calls go to
   * a backend from {@code backends}, configured as the route's real one and closed when the warm-up
   * ends, and no metric or log line counts them. Without a route it can call (or when that backend
   * does not start), the requests go to a path no route serves and are answered 404. The future
   * completes when it is done; call once.
   */
  CompletableFuture<WarmUp.Result> warmUp(int connections, Function<BackendSpec, WarmUpBackend> backends)
      throws InterruptedException {
    Engine current = engine.get();
    WarmUpRequest request = WarmUpRequest.of(current.routes());
    WarmUpBackend backend = null;
    if (request.routed()) {
      try {
        backend = backends.apply(specFor(request.route(), current));
      } catch (RuntimeException e) {
        LOG.warn("warm-up backend not started, the warm-up runs the connection path only: {}", e.toString());
        request = WarmUpRequest.unrouted();
      }
    }
    Engine warming = backend != null ? current.callingOnly(backend.backend()) : current.withoutRoutes();
    // Limits, timeouts and codecs as configured; its own connection count and drain, so that the
    // warm-up neither takes the public listeners' connections nor holds their shutdown. Its count
    // has no limit: the warm-up keeps itself within --max-connections (WarmUp.waveWithin), and a
    // connection it closed may still be counted when its next one opens.
    GatewayInitializer initializer = new GatewayInitializer(() -> warming, options,
        new ConnectionLimiter(0, () -> warming), null, ExchangeObserver.NONE, PublicPages.NONE, cors, new Drain(),
        route -> null);
    WarmUp started;
    try {
      started = WarmUp.start(acceptor, group, channelType, initializer, connections, request,
          options.limits().maxConnections(), backend);
    } catch (InterruptedException | RuntimeException e) {
      if (backend != null) {
        backend.close();
      }
      throw e;
    }
    warmUp = started;
    return started.done();
  }

  /**
   * The spec of the backend that serves {@code route}, for the warm-up's stand-in (which replaces
   * its target); the defaults when none does.
   */
  private static BackendSpec specFor(Route route, Engine engine) {
    Backend real = engine.backends().backendFor(route.method().getService().getFullName());
    return real != null ? real.spec() : BackendSpec.of("warm-up", "127.0.0.1:1", List.of());
  }

  /** The bound address of the main listener (its port is the real one when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** The bound address of the separate HTTPS listener, or null when there is none. */
  public InetSocketAddress httpsAddress() {
    return httpsChannel == null ? null : (InetSocketAddress) httpsChannel.localAddress();
  }

  public Engine engine() {
    return engine.get();
  }

  /** Serves {@code next} to every request that starts from now on. */
  public void swap(Engine next) {
    engine.set(next);
  }

  /**
   * Graceful shutdown: stops accepting connections, lets exchanges in flight finish (answering
   * further HTTP/1.1 requests on open connections with {@code Connection: close}, sending GOAWAY
   * on HTTP/2 connections) for at most {@code timeout}, then closes every connection. Blocks; call it from a shutdown thread, never an
   * event loop. Returns true when no exchange had to be cut.
   */
  public boolean drain(java.time.Duration timeout) throws InterruptedException {
    stopListening();
    return drain.run(timeout);
  }

  /**
   * Closes the listeners (once: after a drain, {@link #close} finds them closed), then their thread.
   * A warm-up still running stops opening connections and is waited for (its backend runs on the
   * event loops, which the gateway stops next).
   */
  private void stopListening() {
    WarmUp running = warmUp;
    if (running != null) {
      running.stop();
    }
    for (Channel listener : new Channel[] {channel, httpsChannel}) {
      if (listener != null && listener.isOpen()) {
        listener.close().syncUninterruptibly();
      }
    }
    acceptor.close();
  }

  /** Exchanges in flight right now. */
  public int inFlight() {
    return drain.inFlight();
  }

  /**
   * Stops at once: no more connections, and the open ones closed, so that no backend call is left
   * for the channels' shutdown to wait for (after {@link #drain} there are none left to close).
   */
  @Override
  public void close() {
    stopListening();
    drain.closeAll();
    if (tls != null) {
      tls.close();
    }
  }
}
