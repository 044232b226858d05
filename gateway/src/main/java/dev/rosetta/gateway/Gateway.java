package dev.rosetta.gateway;

import dev.rosetta.gateway.accesslog.AccessLog;
import dev.rosetta.gateway.admin.AdminServer;
import dev.rosetta.gateway.admin.AdminSources;
import dev.rosetta.gateway.backend.BackendOptions;
import dev.rosetta.gateway.backend.BackendRouter;
import dev.rosetta.gateway.backend.WarmUpBackend;
import dev.rosetta.gateway.backend.GrpcMethods;
import dev.rosetta.gateway.bind.BindOptions;
import dev.rosetta.gateway.bind.RequestBinder;
import dev.rosetta.gateway.codec.JsonCodec;
import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.descriptor.DescriptorLoadException;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.descriptor.DescriptorSetLoader;
import dev.rosetta.gateway.descriptor.DescriptorSource;
import dev.rosetta.gateway.http.BodyBudget;
import dev.rosetta.gateway.http.Engine;
import dev.rosetta.gateway.http.ExchangeObserver;
import dev.rosetta.gateway.logging.RateLimitedLog;
import dev.rosetta.gateway.http.PublicPages;
import dev.rosetta.gateway.http.ServerOptions;
import dev.rosetta.gateway.policy.Policies;
import dev.rosetta.gateway.policy.PolicyConfig;
import dev.rosetta.gateway.http.GatewayServer;
import dev.rosetta.gateway.metrics.GatewayMetrics;
import dev.rosetta.gateway.route.RouteException;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.status.ErrorBody;
import dev.rosetta.gateway.reflection.ReflectionLoader;
import dev.rosetta.gateway.reflectionservice.ServerReflection;
import dev.rosetta.gateway.reload.DescriptorWatcher;
import dev.rosetta.gateway.tracing.OtelTracer;
import dev.rosetta.gateway.tracing.Tracing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
  /** How long fetching descriptors through server reflection may take, at start-up or reload. */
  private static final java.time.Duration REFLECTION_TIMEOUT = java.time.Duration.ofSeconds(10);
  /** From the listener's opening to the start of the documentation's making (DocumentationPages). */
  private static final java.time.Duration DOCUMENTATION_DELAY = java.time.Duration.ofSeconds(1);

  private final GatewayConfig config;
  private final EventLoops loops;
  private final BackendRouter backends;
  private final GatewayServer server;
  private final GatewayMetrics metrics;
  /** The edge policies: built and validated here, applied by the front end's admission step. */
  private final Policies policies;
  /** The description of the routes being served, replaced with them at a reload; null when it is not served. */
  private final ServedOpenApi openApi;
  /** Null when tracing is off. */
  private final OtelTracer tracing;
  private AdminServer admin;
  private DescriptorWatcher watcher;
  /** Graceful shutdown has begun: readiness turns false. */
  private volatile boolean draining;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Gateway(GatewayConfig config, EventLoops loops, BackendRouter backends, GatewayServer server,
      GatewayMetrics metrics, ServedOpenApi openApi, Policies policies, OtelTracer tracing) {
    this.tracing = tracing;
    this.policies = policies;
    this.openApi = openApi;
    this.config = config;
    this.loops = loops;
    this.backends = backends;
    this.server = server;
    this.metrics = metrics;
  }

  public static Gateway start(GatewayConfig requested) throws StartupException {
    GatewayConfig config = withConsistentLimits(requested);
    EventLoops loops = EventLoops.create(Runtime.getRuntime().availableProcessors());
    Engine engine;
    try {
      // Backends are built from the first route table (it tells which methods are idempotent).
      engine = buildEngine(config, bodyBudget(config), Engine.newFaultLog(),
          routes -> BackendWiring.create(config, routes, loops.group(), loops.clientChannel()));
    } catch (StartupException e) {
      loops.group().shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
    BackendRouter backends = engine.backends();
    Policies policies;
    try {
      policies = PolicyWiring.start(config, engine.routes(), loops);
    } catch (StartupException e) {
      backends.close();
      loops.group().shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
    GatewayMetrics metrics = new GatewayMetrics(backends::backends);
    metrics.routesLoaded(engine.routes().routes().size());
    // Tracing is an observer too; with tracing off there is none, and no tracer reaches the connections.
    OtelTracer tracing = config.runtime().tracing().enabled()
        ? Tracing.start(config.runtime().tracing(), loops.group(), loops.clientChannel()) : null;
    List<ExchangeObserver> observers = new ArrayList<>(List.of(metrics, new AccessLog(config.operations().accessLog())));
    if (tracing != null) {
      observers.add(tracing);
    }
    ExchangeObserver observer = ExchangeObserver.all(observers);
    ServedOpenApi openApi = config.operations().serveOpenApi()
        ? new ServedOpenApi(() -> PolicyOpenApi.document(engine.routes(), config.openApi(), config.codec(),
            config.policies()))
        : null;
    DocumentationPages docs = openApi != null ? new DocumentationPages(openApi) : null;
    PublicPages pages = docs != null ? docs : PublicPages.NONE;
    GatewayServer server;
    try {
      // The compatibility switch the front end applies itself (the others act in the engine).
      ServerOptions options = config.server().withStrictContentType(config.compat().strictContentType());
      server = GatewayServer.start(engine, options, loops.group(), loops.serverChannel(), observer, pages,
          config.operations().cors(), policies::chainFor);
    } catch (javax.net.ssl.SSLException e) {
      closeQuietly(tracing);
      policies.close();
      backends.close();
      loops.group().shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new StartupException("cannot load the TLS certificate or key: " + e.getMessage(), e);
    } catch (Exception e) {
      closeQuietly(tracing);
      policies.close();
      backends.close();
      loops.group().shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new StartupException("cannot listen on " + config.server().bindAddress() + ":"
          + config.server().port() + ": " + e.getMessage(), e);
    }
    Gateway gateway = new Gateway(config, loops, backends, server, metrics, openApi, policies, tracing);
    if (config.runtime().warmUpConnections() > 0) {
      // Before the admin listener answers /readyz; the listener serves meanwhile.
      server.startWarmUp(config.runtime().warmUpConnections(), spec -> WarmUpBackend.start(spec, loops.group(),
          loops.serverChannel(), loops.clientChannel(), config.backendOptions()));
    }
    gateway.startAdmin();
    gateway.startWatching();
    if (docs != null) {
      // Out of the start and its first requests (the first answer comes well within this here),
      // and ready long before anyone reads the documentation; a request for it begins it sooner.
      loops.group().schedule(docs::begin, DOCUMENTATION_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }
    LOG.info("listening on {} ({}), {} routes, backends {}{}", server.address(), loops.transport(),
        engine.routes().routes().size(),
        backends.backends().stream().map(b -> b.spec().name() + "=" + b.target()).toList(),
        gateway.admin == null ? "" : ", admin on " + gateway.admin.address());
    return gateway;
  }

  private void startAdmin() throws StartupException {
    OperationsOptions ops = config.operations();
    if (!ops.adminEnabled()) {
      return;
    }
    AdminSources sources = new AdminSources(
        () -> server.engine().routes(), backends::backends, metrics, this::reload, () -> draining, server::warmingUp,
        policies::engine);
    try {
      admin = AdminServer.start(ops.adminBindAddress(), ops.adminPort(), loops.group(), loops.serverChannel(), sources);
    } catch (Exception e) {
      close();
      throw new StartupException("cannot listen for admin requests on " + ops.adminBindAddress() + ":"
          + ops.adminPort() + ": " + e.getMessage() + " (--admin-port -1 turns the admin listener off)", e);
    }
  }

  private void startWatching() throws StartupException {
    if (!config.operations().watchDescriptors()) {
      return;
    }
    List<Path> files = new ArrayList<>(config.descriptors().stream().filter(Gateway::isFile).map(Path::of).toList());
    if (config.configFile() != null) {
      files.add(config.configFile()); // its policies: are read again at a reload
    }
    if (files.isEmpty()) {
      return;
    }
    try {
      watcher = DescriptorWatcher.start(files, () -> {
        try {
          reload();
        } catch (StartupException e) {
          // Logged and counted by reload(); the previous routes stay.
        }
      });
    } catch (IOException e) {
      close();
      throw new StartupException("cannot watch the descriptor files " + files + ": " + e.getMessage()
          + " (--no-watch-descriptors turns watching off)", e);
    }
  }

  private static boolean isFile(String location) {
    return !location.startsWith(CLASSPATH) && !location.contains("://");
  }

  /**
   * The gRPC message limit is never below the request body limit: a body the front end accepts
   * must fit into the message it becomes (the CLI applies the same rule to its flags).
   */
  private static GatewayConfig withConsistentLimits(GatewayConfig config) {
    BackendOptions backend = config.backendOptions();
    int body = config.server().maxBodyBytes();
    return backend.maxMessageBytes() >= body ? config
        : config.withBackendOptions(backend.withMaxMessageBytes(body));
  }

  /** Makes (at start-up) or hands back (at a reload) the backends for a route table. */
  @FunctionalInterface
  private interface BackendsFor {
    BackendRouter create(RouteTable routes) throws StartupException;
  }

  /** The request bytes the process holds at once: {@code --body-budget}, or a quarter of the heap or direct memory. */
  private static BodyBudget bodyBudget(GatewayConfig config) {
    long bytes = config.runtime().bodyBudgetBytes();
    return new BodyBudget(bytes > 0 ? bytes
        : BodyBudget.defaultBytes(Runtime.getRuntime().maxMemory(), io.netty.util.internal.PlatformDependent.maxDirectMemory(),
            config.server().maxBodyBytes()));
  }

  /**
   * Descriptors, routes, binder and codec for {@code config}: everything a reload replaces. The body
   * budget and the fault log, like the backends, are the gateway's and are handed to every engine.
   */
  private static Engine buildEngine(GatewayConfig config, BodyBudget budget, RateLimitedLog faults,
      BackendsFor backendsFor) throws StartupException {
    DescriptorRegistry registry = loadRegistry(config.descriptors());
    RouteTable routes;
    try {
      routes = RouteTable.build(registry, config.compat().routes())
          .withEncodedSlashesDecoded(config.openApi().decodeEncodedSlashes());
    } catch (RouteException e) {
      throw new StartupException(e.getMessage(), e);
    }
    routes.conflicts().forEach(conflict -> LOG.warn("{} (--strict-routes refuses to start)", conflict.message()));
    // Server reflection answered from these descriptors (--grpc-reflection), on its RPC paths.
    ServerReflection reflection = config.server().protocols().grpc().reflection()
        ? ServerReflection.of(registry, config.backendOptions().maxMessageBytes()) : null;
    if (reflection != null) {
      routes = routes.withGatewayMethods(ServerReflection.METHODS);
    }
    JsonCodec codec = createCodec(config, registry);
    CompatOptions compat = config.compat();
    return new Engine(
        routes,
        new RequestBinder(codec,
            new BindOptions(config.ignoreUnknownQueryParameters(), compat.strictBody(), compat.caseInsensitiveEnums())),
        codec,
        backendsFor.create(routes),
        new GrpcMethods(),
        new ErrorBody(registry.typeRegistry()),
        budget,
        faults,
        reflection);
  }

  /**
   * Reads the descriptor sets (and the configuration file's {@code policies:}) again and serves
   * the routes they give, with those policies, to every request that starts from now on; requests
   * in flight finish on the table and the policies they began with. Blocking: call it off the
   * event loops. A set or a {@code policies:} section that cannot be used leaves both in place.
   *
   * @return the number of routes now served
   * @throws StartupException naming why the new descriptors or policies were refused
   */
  public synchronized int reload() throws StartupException {
    Engine next;
    PolicyConfig nextPolicies;
    try {
      Engine current = server.engine();
      next = buildEngine(config, current.bodyBudget(), current.faults(), routes -> backends); // backends outlive reloads
      nextPolicies = PolicyWiring.reload(config, policies, next.routes());
    } catch (StartupException e) {
      metrics.reloaded(false, server.engine().routes().routes().size());
      LOG.warn("reload refused, still serving the previous routes and policies: {}", e.getMessage());
      throw e;
    }
    if (openApi != null) {
      openApi.set(PolicyOpenApi.document(next.routes(), config.openApi(), config.codec(), nextPolicies));
    }
    server.swap(next);
    int count = next.routes().routes().size();
    metrics.reloaded(true, count);
    LOG.info("reloaded: {} routes", count);
    return count;
  }

  /** Loads and links the descriptor sets at {@code locations} (files or {@code classpath:} resources). */
  public static DescriptorRegistry loadRegistry(List<String> locations) throws StartupException {
    if (locations.isEmpty()) {
      throw new StartupException("no descriptor set given: pass --descriptor api.pb", null);
    }
    List<DescriptorSource> sources = new ArrayList<>();
    try {
      for (String location : locations) {
        if (location.startsWith(ReflectionLoader.SCHEME)) {
          sources.add(ReflectionLoader.load(location, REFLECTION_TIMEOUT));
          continue;
        }
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
      return Codecs.create(config.codecName(), registry,
          config.codec().withCaseInsensitiveEnums(config.compat().caseInsensitiveEnums()),
          config.backendOptions().maxMessageBytes());
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

  /** The routes being served now. */
  public RouteTable routes() {
    return server.engine().routes();
  }

  /** The edge policies in force (the front end asks them for each route's chain). */
  public Policies policies() {
    return policies;
  }

  /** The admin listener's address; null when it is off. */
  public InetSocketAddress adminAddress() {
    return admin == null ? null : admin.address();
  }

  /**
   * Graceful shutdown (SIGTERM): stop accepting, let requests in flight finish for at most {@code
   * timeout}, then close connections, backend channels and event loops.
   */
  public void drainAndClose(java.time.Duration timeout) {
    draining = true;
    long start = System.nanoTime();
    try {
      boolean clean = server.drain(timeout);
      LOG.info("drained in {} ms{}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
          clean ? "" : "; requests still in flight after the drain timeout were cut");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return; // a second close (a test's, after the drain's) finds the event loops gone
    }
    if (watcher != null) {
      watcher.close();
    }
    if (admin != null) {
      admin.close();
    }
    server.close();
    policies.close();
    backends.close();
    closeQuietly(tracing); // after the calls: their spans are exported, while the loops still run
    loops.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static void closeQuietly(OtelTracer tracing) {
    if (tracing != null) {
      tracing.close();
    }
  }
}
