package dev.rosetta.bench.grpc;

import dev.rosetta.bench.grpc.v1.StreamRequest;
import io.grpc.MethodDescriptor;
import java.util.Arrays;

/**
 * What one call of the load sends, and what a right answer is: every message equal to
 * {@code expected}, {@code messages} of them. A unary echo of a payload of N bytes expects its
 * own request back; a stream expects {@code count} payloads of the asked size.
 */
record CallShape(String name, MethodDescriptor<byte[], byte[]> method, byte[] request, byte[] expected, int messages) {
  static CallShape unary(int size) {
    byte[] request = BenchMethods.payload(size);
    return new CallShape("unary " + size + " B", BenchMethods.ECHO, request, request, 1);
  }

  static CallShape stream(int count, int size) {
    byte[] request = StreamRequest.newBuilder().setCount(count).setSize(size).build().toByteArray();
    return new CallShape("stream of " + count + " x " + size + " B", BenchMethods.STREAM, request,
        BenchMethods.payload(size), count);
  }

  boolean isUnary() {
    return method.getType() == MethodDescriptor.MethodType.UNARY;
  }

  boolean isExpected(byte[] message) {
    return Arrays.equals(message, expected);
  }
}
