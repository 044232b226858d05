package dev.rosetta.gateway.e2e;

import static dev.rosetta.gateway.e2e.ClientErrorMessagesEndToEndTest.assertNoLibraryWording;
import static dev.rosetta.gateway.e2e.ClientErrorMessagesEndToEndTest.parseMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.backend.BackendSpec;
import dev.rosetta.gateway.testing.AnyEchoBackend;
import dev.rosetta.gateway.testing.EchoBackend;
import dev.rosetta.gateway.testing.Eventually;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.StreamHarness;
import dev.rosetta.gateway.testing.WebSocketRecorder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * What a client reads when the backend call fails on the gateway's side of the wire, or the
 * backend misbehaves (issue 12, point 9): the backend's target and the cause instead of grpc-java's
 * {@code io exception} and transport details, in a unary answer, a stream's answer, an error
 * inside a stream and a WebSocket close frame alike. Real parts only: a closed port, a slow
 * backend, a backend whose health service says NOT_SERVING, a raw gRPC server that breaks the
 * unary contract. The rest of the client-visible messages are in
 * {@link ClientErrorMessagesEndToEndTest}.
 */
class BackendFailureMessagesEndToEndTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static HttpResponse<String> send(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertAnswer(HttpResponse<String> response, int status, String message) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(parseMessage(response.body())).isEqualTo(message);
    assertNoLibraryWording(message);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aRefusedConnectionNamesTheTargetInUnaryAndStreamAnswersAndTheWebSocketClose() throws Exception {
    String target = "127.0.0.1:" + closedPort();
    GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), target);
    try (Gateway gateway = Gateway.start(GatewayHarness.onLoopback(config))) {
      int port = gateway.address().getPort();
      String refused = "backend " + target + " is unavailable: connection refused";
      assertAnswer(send(port, "/e2e/echo/x"), 503, refused);
      assertAnswer(send(port, "/stream/count?count=2"), 503, refused);
      WebSocketRecorder socket = new WebSocketRecorder(CLIENT, URI.create("ws://127.0.0.1:" + port + "/stream/count?count=2"));
      assertThat(socket.closed.get(20, TimeUnit.SECONDS)).isEqualTo("4014 " + refused);
    }
  }

  @Test
  void theGatewaysDeadlineSaysTheBackendDidNotAnswerInTime() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start()) {
      assertAnswer(send(harness.port(), "/e2e/sleep/3000", "Grpc-Timeout", "100m"), 504,
          "backend " + harness.backend.target() + " did not answer within the deadline");
    }
  }

  @Test
  void aDeadlinePassedInsideAStreamIsItsLastElementWithTheSameWords() throws Exception {
    try (StreamHarness streams = StreamHarness.start(c -> c)) {
      HttpResponse<String> response = send(streams.port(), "/stream/count?count=10&delay_millis=300",
          "Grpc-Timeout", "1000m");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).startsWith("[{\"n\":\"1\"},").endsWith(",{\"error\":{\"code\":4,\"message\":\"backend "
          + streams.backend.target() + " did not answer within the deadline\",\"details\":[]}}]");
    }
  }

  @Test
  void aBackendWhoseHealthServiceSaysNotServingHasNoHealthyReplica() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start()) {
      assertThat(harness.get("/e2e/echo/x").statusCode()).isEqualTo(200);
      harness.backend.setServing(false);
      HttpResponse<String>[] last = new HttpResponse[1];
      Eventually.eventually("the gateway sees NOT_SERVING", Duration.ofSeconds(15), () -> {
        last[0] = harness.get("/e2e/echo/x");
        return last[0].statusCode() == 503;
      });
      assertAnswer(last[0], 503, "backend " + harness.backend.target()
          + " is unavailable: no healthy replica (every address fails its health check)");
    }
  }

  @Test
  void aServiceNoBackendServesIs501() throws Exception {
    try (EchoBackend echo = EchoBackend.start()) {
      GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()), null)
          .withBackends(List.of(BackendSpec.of("streams", echo.target(), List.of("rosetta.test.stream.v1.StreamService"))));
      try (Gateway gateway = Gateway.start(GatewayHarness.onLoopback(config))) {
        assertAnswer(send(gateway.address().getPort(), "/e2e/echo/x"), 501,
            "no backend serves rosetta.test.e2e.v1.EchoService");
      }
    }
  }

  @Test
  void aBackendThatBreaksTheUnaryContractOrSendsWhatIsNotItsTypeIs500() throws Exception {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(service("rosetta.test.e2e.v1.EchoService",
            method("Echo", (request, out) -> out.onCompleted()),
            method("EchoNames", (request, out) -> {
              out.onNext(new byte[0]);
              out.onNext(new byte[0]);
              out.onCompleted();
            }),
            method("EchoNested", (request, out) -> {
              out.onNext(new byte[] {(byte) 0xff, (byte) 0xff}); // not a message of any type
              out.onCompleted();
            })))
        .addService(service("rosetta.test.stream.v1.StreamService",
            method("Echo", (request, out) -> {
              out.onNext(new byte[] {(byte) 0xff, (byte) 0xff});
              out.onCompleted();
            })))
        .build()
        .start();
    try {
      GatewayConfig config = GatewayConfig.of(List.of(GatewayHarness.TEST_DESCRIPTORS.toString()),
          "127.0.0.1:" + server.getPort());
      try (Gateway gateway = Gateway.start(GatewayHarness.onLoopback(config))) {
        int port = gateway.address().getPort();
        assertAnswer(post(port, "/e2e/echo", "application/json", "{}"), 500, "backend closed the call without a response");
        assertAnswer(send(port, "/e2e/names"), 500, "backend sent more than one response to a unary call");
        assertAnswer(send(port, "/e2e/nested/x"), 500, "cannot convert the backend response to JSON");
        assertAnswer(post(port, "/stream/echo", "text/plain", "hi"), 500, "cannot read the backend's HttpBody response");
      }
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<String> post(int port, String path, String type, String body) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A method of the raw server: served as a bidirectional stream of bytes, so it may answer anything. */
  private record RawMethod(String name, BiConsumer<byte[], StreamObserver<byte[]>> answer) {}

  private static RawMethod method(String name, BiConsumer<byte[], StreamObserver<byte[]>> answer) {
    return new RawMethod(name, answer);
  }

  private static ServerServiceDefinition service(String service, RawMethod... methods) {
    ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(service);
    for (RawMethod method : methods) {
      definition.addMethod(MethodDescriptor.<byte[], byte[]>newBuilder()
              .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
              .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method.name()))
              .setRequestMarshaller(AnyEchoBackend.BYTES).setResponseMarshaller(AnyEchoBackend.BYTES).build(),
          ServerCalls.asyncBidiStreamingCall(out -> new StreamObserver<byte[]>() {
            @Override
            public void onNext(byte[] request) {
              method.answer().accept(request, out);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          }));
    }
    return definition.build();
  }
}
