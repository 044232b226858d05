package dev.rosetta.gateway.testing;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.rosetta.gateway.backend.BackendRouter;
import dev.rosetta.gateway.backend.GrpcMethods;
import dev.rosetta.gateway.bind.RequestBinder;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.codec.CodecOptions;
import dev.rosetta.gateway.codec.Codecs;
import dev.rosetta.gateway.codec.JsonCodec;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.descriptor.DescriptorSetLoader;
import dev.rosetta.gateway.http.Engine;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.status.ErrorBody;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The engine of the test descriptors, built as {@code Gateway} builds one, for tests that serve it
 * with parts of their own: a codec wrapped to fail, backends of their choice.
 */
public final class TestEngines {
  private TestEngines() {}

  /** @param codec wraps the fast codec (identity for the codec as it is) */
  public static Engine of(BackendRouter backends, UnaryOperator<JsonCodec> codec) throws Exception {
    DescriptorRegistry registry = DescriptorRegistry.build(List.of(DescriptorSetLoader.read(GatewayHarness.TEST_DESCRIPTORS)));
    JsonCodec json = codec.apply(Codecs.create(Codecs.FAST, registry, CodecOptions.DEFAULTS));
    return new Engine(RouteTable.build(registry), new RequestBinder(json, false), json, backends, new GrpcMethods(),
        new ErrorBody(registry.typeRegistry()));
  }

  /** A JSON codec whose parsing throws, as a bug would; printing works. */
  public record ThrowingParser(JsonCodec codec) implements JsonCodec {
    @Override
    public byte[] parse(Descriptor type, ByteBuf json) {
      throw new IllegalStateException("a bug in the codec");
    }

    @Override
    public byte[] parseField(FieldDescriptor field, ByteBuf json) {
      throw new IllegalStateException("a bug in the codec");
    }

    @Override
    public void print(Descriptor type, byte[] wire, ByteBuf out) throws CodecException {
      codec.print(type, wire, out);
    }

    @Override
    public void printField(FieldDescriptor field, byte[] containingWire, ByteBuf out) throws CodecException {
      codec.printField(field, containingWire, out);
    }
  }
}
