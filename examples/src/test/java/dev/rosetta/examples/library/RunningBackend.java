package dev.rosetta.examples.library;

import dev.rosetta.examples.library.v1.LibraryServiceGrpc;
import dev.rosetta.examples.library.v1.LibraryServiceGrpc.LibraryServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A freshly seeded backend on a loopback port, and a plaintext channel to it. */
final class RunningBackend implements AutoCloseable {
  final ExampleBackend backend;
  final ManagedChannel channel;
  final LibraryServiceBlockingStub stub;

  private RunningBackend(ExampleBackend backend) {
    this.backend = backend;
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", backend.port())
        .usePlaintext()
        .build();
    this.stub = LibraryServiceGrpc.newBlockingStub(channel);
  }

  static RunningBackend start() {
    try {
      return new RunningBackend(ExampleBackend.start(new InetSocketAddress("127.0.0.1", 0)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      backend.close();
    }
  }
}
