package dev.rosetta.gateway.backend;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend target (for instance {@code localhost:9090}) and its long-lived gRPC channels.
 *
 * <p>There is one channel per event loop of the gateway's shared group, each pinned to its loop
 * with a direct executor: a request read on loop N calls the backend through loop N's channel, so
 * the HTTP read, the gRPC call, the response and the HTTP write all run on one thread, with no
 * hand-off. Thread safe; channels are created at start-up and closed by {@link #close}.
 */
public final class Backend implements AutoCloseable {
  private final String target;
  private final Map<EventExecutor, ManagedChannel> byLoop = new IdentityHashMap<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  public Backend(
      String target,
      EventLoopGroup group,
      Class<? extends Channel> channelType,
      BackendOptions options) {
    this.target = target;
    for (EventExecutor executor : group) {
      ManagedChannel channel = NettyChannelBuilder.forTarget(target)
          .eventLoopGroup((EventLoop) executor)
          .channelType(channelType)
          .directExecutor()
          .usePlaintext()
          .maxInboundMessageSize(options.maxMessageBytes())
          .flowControlWindow(options.flowControlWindowBytes())
          .build();
      byLoop.put(executor, channel);
      channels.add(channel);
    }
  }

  public String target() {
    return target;
  }

  /** The channel pinned to {@code loop}; any channel when the caller runs elsewhere. */
  public io.grpc.Channel channelFor(EventExecutor loop) {
    ManagedChannel channel = byLoop.get(loop);
    if (channel != null) {
      return channel;
    }
    return channels.get(Math.floorMod(next.getAndIncrement(), channels.size()));
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

  /** Stops new calls and waits up to {@code timeoutMillis} for running ones, then cuts them. */
  public void close(long timeoutMillis) {
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
  }

  @Override
  public void close() {
    close(5_000);
  }
}
