package dev.rosetta.gateway.fuzz;

import com.google.protobuf.Descriptors.Descriptor;
import dev.rosetta.gateway.bind.RequestBinder;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.codec.JsonCodec;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.descriptor.DescriptorSetLoader;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.testing.GatewayHarness;
import java.util.List;

/** The test protos' registry, routes, codecs and binder, built once for every fuzz target. */
final class FuzzFixture {
  static final DescriptorRegistry REGISTRY;
  static final RouteTable ROUTES;
  static final JsonCodec FAST;
  static final JsonCodec REFERENCE;
  static final RequestBinder BINDER;
  static final Descriptor ECHO;

  static {
    try {
      REGISTRY = DescriptorRegistry.build(List.of(DescriptorSetLoader.read(GatewayHarness.TEST_DESCRIPTORS)));
      ROUTES = RouteTable.build(REGISTRY);
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
    FAST = Codecs.create(Codecs.FAST, REGISTRY, CodecOptions.DEFAULTS);
    REFERENCE = Codecs.create(Codecs.REFERENCE, REGISTRY, CodecOptions.DEFAULTS);
    BINDER = new RequestBinder(FAST, false);
    ECHO = dev.rosetta.gateway.e2e.v1.EchoMessage.getDescriptor();
  }

  private FuzzFixture() {}
}
