package dev.rosetta.gateway.backend;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolverProvider;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend (a {@link BackendSpec}: a target such as {@code dns:///books:9090}, its options)
 * and its long-lived gRPC channels.
 *
 * <p>There is one channel per event loop of the gateway's shared group, each pinned to its loop
 * with a direct executor: a request read on loop N calls the backend through loop N's channel, so
 * the HTTP read, the gRPC call, the response and the HTTP write all run on one thread, with no
 * hand-off. Each channel resolves the target itself and balances every call over all addresses
 * (round_robin by default), so one HTTP client connection still reaches every replica. An
 * {@code xds:///} target's channels share one xDS client ({@link XdsTarget}) and take their
 * endpoints, balancing, retries and timeouts from the control plane. Calls are counted per
 * endpoint address ({@link EndpointCalls}). Thread safe; channels are created, and start to
 * connect, at start-up and are closed by {@link #close}.
 */
public final class Backend implements AutoCloseable {
  private final int maxMessageBytes;
  private final BackendSpec spec;
  private final Map<EventExecutor, io.grpc.Channel> byLoop = new IdentityHashMap<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<io.grpc.Channel> intercepted = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final ScheduledFuture<?> reconnect;
  private final EndpointCalls endpoints = new EndpointCalls();
  /** The xDS client of an {@code xds:///} target; null for other targets. */
  private final XdsTarget xds;

  /** A plaintext round_robin backend with default options, for a bare target. */
  public Backend(String target, EventLoopGroup group, Class<? extends Channel> channelType, BackendOptions options) {
    this(BackendSpec.of("default", target, List.of()), Set.of(), group, channelType, options);
  }

  /**
   * @param idempotentMethods full method names ({@code pkg.Service/Method}) that may be retried
   *     when {@code spec} asks for retries
   */
  @SuppressWarnings("deprecation") // nameResolverFactory: the only per-channel way to add resolvers in 1.85
  public Backend(
      BackendSpec spec,
      Set<String> idempotentMethods,
      EventLoopGroup group,
      Class<? extends Channel> channelType,
      BackendOptions options) {
    this.spec = spec;
    String uri = BackendTarget.toUri(spec.target());
    ChannelCredentials credentials = BackendCredentials.of(spec.tls());
    this.xds = uri.startsWith("xds:") ? XdsTarget.start(spec, options.xds()) : null;
    // The resolver for this channel only, so that static:/// and the refreshing dns:/// never
    // touch grpc's process-wide default registry. (grpc 1.85 turns the factory into a registry
    // of one scheme, so each target gets the provider of its own scheme; others use the default.)
    NameResolverProvider resolver = uri.startsWith(StaticResolverProvider.SCHEME + ":")
        ? new StaticResolverProvider()
        : uri.startsWith("dns:") ? new RefreshingDnsResolverProvider(spec.dnsRefreshInterval()) : null;
    Map<String, Object> serviceConfig = ServiceConfigs.of(spec, idempotentMethods);
    this.maxMessageBytes = options.maxMessageBytes();
    // The first interceptor in the list runs last, next to the channel.
    List<ClientInterceptor> interceptors = new ArrayList<>(List.of(new MaxOutbound(options.maxMessageBytes()), endpoints));
    if (xds != null && !spec.timeout().isZero()) {
      interceptors.add(new BackendTimeout(spec.timeout()));
    }
    for (EventExecutor executor : group) {
      NettyChannelBuilder builder = NettyChannelBuilder.forTarget(uri, credentials)
          .eventLoopGroup((EventLoop) executor)
          .channelType(channelType)
          .directExecutor()
          .maxInboundMessageSize(options.maxMessageBytes())
          .flowControlWindow(options.flowControlWindowBytes());
      if (xds != null) {
        // Service config, balancing and retries come from the control plane; retries stay
        // enabled so that its retry policies (and grpc's transparent retries) apply.
        xds.configure(builder);
      } else {
        builder.defaultServiceConfig(serviceConfig).disableServiceConfigLookUp();
        if (resolver != null) {
          builder.nameResolverFactory(resolver);
        }
        if (!ServiceConfigs.retries(spec, idempotentMethods)) {
          // Without a retry policy grpc-java would still wrap every call in a RetriableStream
          // (buffering the request for a retry that never comes): 6-9% of the Java samples per
          // small request in the load benchmark's profile.
          builder.disableRetry();
        }
      }
      if (!spec.keepAlive().isZero()) {
        builder.keepAliveTime(spec.keepAlive().toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTimeout(spec.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
      if (spec.tls() != null && spec.tls().authority() != null) {
        builder.overrideAuthority(spec.tls().authority());
      }
      ManagedChannel channel = builder.build();
      // Connect now rather than at the first request or probe: name resolution, the TCP and
      // HTTP/2 handshakes (and for xds:/// the subscription to the control plane) run on the
      // event loops while the rest of the gateway starts, so the first request does not wait
      // for them (issue 16). Asked from the channel's own event loop: grpc leaves idle mode on
      // the caller's thread, and for an address it resolves at once it also creates the
      // transport there, which took a tenth of the main thread's start-up.
      executor.execute(() -> channel.getState(true));
      channels.add(channel);
      io.grpc.Channel limited = ClientInterceptors.intercept(channel, interceptors);
      intercepted.add(limited);
      byLoop.put(executor, limited);
    }
    // grpc's reconnect backoff grows to two minutes; a replica that is back should get requests
    // within reconnectInterval instead, so lost addresses are retried at least that often.
    long every = Math.max(100, spec.reconnectInterval().toMillis());
    reconnect = group.next().scheduleAtFixedRate(
        () -> channels.forEach(ManagedChannel::resetConnectBackoff), every, every, TimeUnit.MILLISECONDS);
  }

  public BackendSpec spec() {
    return spec;
  }

  /** The largest gRPC message sent to or accepted from this backend. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  public String target() {
    return spec.target();
  }

  /**
   * Starts a call of {@code method} on the channel pinned to {@code loop}, its callbacks delivered
   * on {@code loop} (see {@link BackendCall}), and asks for {@code initialResponses} messages.
   */
  public BackendCall start(EventExecutor loop, MethodDescriptor<byte[], byte[]> method, CallOptions options,
      io.grpc.Metadata headers, BackendCall.Listener listener, int initialResponses) {
    return BackendCall.start(channelFor(loop), method, options, headers, listener, initialResponses, loop,
        maxMessageBytes);
  }

  /**
   * As {@link #start}, for a call with one request message: sends it and half-closes. The message
   * is checked against the limit before the call starts, so one that cannot go opens no stream.
   */
  public BackendCall startWithMessage(EventExecutor loop, MethodDescriptor<byte[], byte[]> method,
      CallOptions options, io.grpc.Metadata headers, BackendCall.Listener listener, int initialResponses,
      byte[] message) throws MessageTooLargeException {
    BackendCall.checkSize(message, maxMessageBytes);
    BackendCall call = start(loop, method, options, headers, listener, initialResponses);
    call.send(message);
    call.halfClose();
    return call;
  }

  /**
   * The channel pinned to {@code loop} for a typed call of a service the gateway itself talks to
   * (ext_authz, the rate-limit service): balanced and delivered on {@code loop} like a backend
   * call, without the byte-level message-size check that {@link #start} applies to proxied
   * messages. Proxied calls go through {@link #start}.
   */
  public io.grpc.Channel channelForTypedCalls(EventExecutor loop) {
    return channelFor(loop);
  }

  /** The channel pinned to {@code loop}; any channel when the caller runs elsewhere. */
  private io.grpc.Channel channelFor(EventExecutor loop) {
    io.grpc.Channel channel = byLoop.get(loop);
    if (channel != null) {
      return channel;
    }
    return intercepted.get(Math.floorMod(next.getAndIncrement(), intercepted.size()));
  }

  /**
   * How reachable the target is: {@code READY} when any of its channels is connected, else the
   * state of the first. Asks idle channels to connect, so a readiness probe also warms them up.
   */
  public ConnectivityState state() {
    ConnectivityState first = null;
    for (ManagedChannel channel : channels) {
      ConnectivityState state = channel.getState(true);
      if (state == ConnectivityState.READY) {
        return state;
      }
      if (first == null) {
        first = state;
      }
    }
    return first;
  }

  /** Calls by endpoint address and code since start-up, bounded (see {@link EndpointCalls}). */
  public List<EndpointStats> endpoints() {
    return endpoints.snapshot();
  }

  /**
   * What the control plane has sent an {@code xds:///} target; null for other targets. Blocks up to
   * two seconds: call it off the event loops.
   */
  public XdsView xds() {
    return xds == null ? null : xds.view();
  }

  /** Stops new calls and waits up to {@code timeoutMillis} for running ones, then cuts them. */
  public void close(long timeoutMillis) {
    reconnect.cancel(false);
    channels.forEach(ManagedChannel::shutdown);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    for (ManagedChannel channel : channels) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !channel.awaitTermination(left, TimeUnit.NANOSECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    if (xds != null) {
      xds.close(); // after the channels: their balancers use the xDS client until they stop
    }
  }

  @Override
  public void close() {
    close(5_000);
  }

  /** Applies the message size limit to requests too (grpc-java has no channel-wide outbound limit). */
  private static final class MaxOutbound implements ClientInterceptor {
    private final int maxBytes;

    MaxOutbound(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, io.grpc.Channel next) {
      return next.newCall(method, options.withMaxOutboundMessageSize(maxBytes));
    }
  }
}
