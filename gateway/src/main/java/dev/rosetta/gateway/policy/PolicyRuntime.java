package dev.rosetta.gateway.policy;

import dev.rosetta.gateway.backend.BackendOptions;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.util.function.LongSupplier;

/**
 * What the policies run on, handed over by the composition root: the gateway's event loops (the
 * authorization and rate-limit services get one channel per loop, as backends do), the channel
 * type, the message limits toward gRPC services, and the clock buckets count with.
 *
 * @param nanoClock {@link System#nanoTime} outside tests
 */
public record PolicyRuntime(EventLoopGroup group, Class<? extends Channel> channelType, BackendOptions backendOptions,
    LongSupplier nanoClock) {}
