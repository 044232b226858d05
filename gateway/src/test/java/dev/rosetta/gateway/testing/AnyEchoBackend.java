package dev.rosetta.gateway.testing;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpc.HandlerRegistry;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A real grpc-java server on an ephemeral loopback port that echoes, as raw bytes, the requests
 * of every method of the services it is given: a unary or server-streaming call gets its request
 * back, a bidirectional one each message as it comes, a client-streaming one its last message.
 * For rules built in a test (descriptor sets written in code), whose methods take and return the
 * same message type, without a generated service to implement.
 */
public final class AnyEchoBackend implements AutoCloseable {
  private final Server server;

  private AnyEchoBackend(Server server) {
    this.server = server;
  }

  public static AnyEchoBackend start(ServiceDescriptor... services) throws IOException {
    HandlerRegistry registry = new HandlerRegistry() {
      @Override
      public ServerMethodDefinition<?, ?> lookupMethod(String fullName, String authority) {
        for (ServiceDescriptor service : services) {
          for (MethodDescriptor method : service.getMethods()) {
            if ((service.getFullName() + "/" + method.getName()).equals(fullName)) {
              return definition(fullName, method.isClientStreaming() && !method.isServerStreaming());
            }
          }
        }
        return null;
      }
    };
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .fallbackHandlerRegistry(registry)
        .build()
        .start();
    return new AnyEchoBackend(server);
  }

  public String target() {
    return "127.0.0.1:" + server.getPort();
  }

  private static ServerMethodDefinition<byte[], byte[]> definition(String fullName, boolean lastOnly) {
    io.grpc.MethodDescriptor<byte[], byte[]> method = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
        .setFullMethodName(fullName)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
    return ServerMethodDefinition.create(method, ServerCalls.<byte[], byte[]>asyncBidiStreamingCall(responses -> new StreamObserver<byte[]>() {
      private byte[] last;

      @Override
      public void onNext(byte[] message) {
        if (lastOnly) {
          last = message;
        } else {
          responses.onNext(message);
        }
      }

      @Override
      public void onError(Throwable t) {
        // the client went away
      }

      @Override
      public void onCompleted() {
        if (lastOnly) {
          responses.onNext(last == null ? new byte[0] : last);
        }
        responses.onCompleted();
      }
    }));
  }

  /** Messages as their bytes, unparsed: for raw gRPC servers in tests. */
  public static final io.grpc.MethodDescriptor.Marshaller<byte[]> BYTES = new io.grpc.MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  };

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
