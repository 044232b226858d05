package dev.rosetta.gateway;

import dev.rosetta.gateway.backend.Backend;
import dev.rosetta.gateway.backend.BackendRouter;
import dev.rosetta.gateway.backend.GrpcMethods;
import dev.rosetta.gateway.bind.RequestBinder;
import dev.rosetta.gateway.codec.JsonCodec;
import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.descriptor.DescriptorLoadException;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.descriptor.DescriptorSetLoader;
import dev.rosetta.gateway.descriptor.DescriptorSource;
import dev.rosetta.gateway.http.Engine;
import dev.rosetta.gateway.http.GatewayServer;
import dev.rosetta.gateway.route.RouteException;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.status.ErrorBody;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the composition root that turns a {@link GatewayConfig} into descriptors,
 * routes, codec, backends and the HTTP listener, all wired through constructors here and nowhere
 * else. Start-up fails with a {@link StartupException} naming what is wrong.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final String CLASSPATH = "classpath:";

  private final EventLoops loops;
  private final BackendRouter backends;
  private final GatewayServer server;
  private final RouteTable routes;

  private Gateway(EventLoops loops, BackendRouter backends, GatewayServer server, RouteTable routes) {
    this.loops = loops;
    this.backends = backends;
    this.server = server;
    this.routes = routes;
  }

  public static Gateway start(GatewayConfig config) throws StartupException {
    DescriptorRegistry registry = loadRegistry(config.descriptors());
    RouteTable routes;
    try {
      routes = RouteTable.build(registry);
    } catch (RouteException e) {
      throw new StartupException(e.getMessage(), e);
    }
    JsonCodec codec = createCodec(config, registry);
    EventLoops loops = EventLoops.create(Runtime.getRuntime().availableProcessors());
    Backend backend = new Backend(config.backend(), loops.group(), loops.clientChannel(), config.backendOptions());
    BackendRouter backends = new BackendRouter(Map.of(), backend);
    Engine engine = new Engine(
        routes,
        new RequestBinder(codec, config.ignoreUnknownQueryParameters()),
        codec,
        backends,
        new GrpcMethods(),
        new ErrorBody(registry.typeRegistry()));
    GatewayServer server;
    try {
      server = GatewayServer.start(engine, config.server(), loops.group(), loops.serverChannel());
    } catch (javax.net.ssl.SSLException e) {
      backends.close();
      loops.group().shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new StartupException("cannot load the TLS certificate or key: " + e.getMessage(), e);
    } catch (Exception e) {
      backends.close();
      loops.group().shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new StartupException("cannot listen on " + config.server().bindAddress() + ":"
          + config.server().port() + ": " + e.getMessage(), e);
    }
    LOG.info("listening on {} ({}), {} routes, backend {}", server.address(), loops.transport(),
        routes.routes().size(), config.backend());
    return new Gateway(loops, backends, server, routes);
  }

  static DescriptorRegistry loadRegistry(List<String> locations) throws StartupException {
    if (locations.isEmpty()) {
      throw new StartupException("no descriptor set given: pass --descriptor api.pb", null);
    }
    List<DescriptorSource> sources = new ArrayList<>();
    try {
      for (String location : locations) {
        sources.add(location.startsWith(CLASSPATH)
            ? DescriptorSetLoader.readResource(Gateway.class.getClassLoader(), location.substring(CLASSPATH.length()))
            : DescriptorSetLoader.read(Path.of(location)));
      }
      return DescriptorRegistry.build(sources);
    } catch (DescriptorLoadException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  private static JsonCodec createCodec(GatewayConfig config, DescriptorRegistry registry) throws StartupException {
    try {
      return Codecs.create(config.codecName(), registry, config.codec());
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  public InetSocketAddress address() {
    return server.address();
  }

  /** The separate HTTPS listener's address, or null when there is none. */
  public InetSocketAddress httpsAddress() {
    return server.httpsAddress();
  }

  public RouteTable routes() {
    return routes;
  }

  @Override
  public void close() {
    server.close();
    backends.close();
    loops.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
