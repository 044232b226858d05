package dev.rosetta.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import dev.rosetta.examples.library.ExampleBackend;
import dev.rosetta.examples.library.v1.GetShelfRequest;
import dev.rosetta.examples.library.v1.LibraryServiceGrpc;
import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.GatewayConfig;
import dev.rosetta.gateway.http.TlsOptions;
import dev.rosetta.gateway.policy.KeySource;
import dev.rosetta.gateway.policy.LocalLimitSpec;
import dev.rosetta.gateway.policy.PolicyConfig;
import dev.rosetta.gateway.policy.RouteRule;
import dev.rosetta.gateway.testing.Eventually;
import dev.rosetta.gateway.testing.GatewayHarness;
import dev.rosetta.gateway.testing.LibraryGateway;
import dev.rosetta.gateway.testing.TestCertificates;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.reflection.v1.ExtensionRequest;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC server reflection answered by the gateway, asked with grpc-java's generated reflection
 * stubs (v1 and v1alpha) over h2c and TLS, in front of the example library backend: what grpcurl
 * does, down to calling a method with a DynamicMessage built from the reflected descriptors.
 */
class GrpcReflectionEndToEndTest {
  private static final String LIBRARY_FILE = "rosetta/examples/library/v1/library.proto";
  private static final String V1 = "grpc.reflection.v1.ServerReflection";
  private static final String V1ALPHA = "grpc.reflection.v1alpha.ServerReflection";

  @TempDir static Path dir;
  static TestCertificates certs;
  static LibraryGateway library;
  static ManagedChannel h2c;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.create(dir);
    library = LibraryGateway.start(c -> c.withServer(c.server()
        .withTls(new TlsOptions(certs.serverCert(), certs.serverKey(), null, 0, Duration.ZERO))));
    h2c = NettyChannelBuilder.forAddress("127.0.0.1", library.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    h2c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    library.close();
  }

  @Test
  void listServicesNamesTheLibraryServiceAndTheReflectionServices() throws Exception {
    try (Reflector reflector = new Reflector(h2c)) {
      assertThat(reflector.services()).containsExactly(LibraryGateway.SERVICE, V1, V1ALPHA);
      reflector.finish();
    }
  }

  @Test
  void theServicesFileAndItsImportsBuildADescriptorThatCallsTheServiceThroughTheGateway() throws Exception {
    Map<String, FileDescriptorProto> files;
    try (Reflector reflector = new Reflector(h2c)) {
      files = Reflector.files(reflector.symbol(LibraryGateway.SERVICE));
      reflector.finish();
    }
    assertThat(files).containsKeys(LIBRARY_FILE, "google/api/annotations.proto", "google/api/http.proto",
        "google/protobuf/descriptor.proto", "google/protobuf/timestamp.proto");
    Descriptors.MethodDescriptor getShelf = Reflector.build(LIBRARY_FILE, files)
        .findServiceByName("LibraryService").findMethodByName("GetShelf");
    assertThat(getShelf).isNotNull();

    // What grpcurl does next: a call whose messages exist only as the descriptors reflection gave.
    MethodDescriptor<DynamicMessage, DynamicMessage> call = MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(LibraryGateway.SERVICE + "/GetShelf")
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(getShelf.getInputType())))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(getShelf.getOutputType())))
        .build();
    DynamicMessage request = DynamicMessage.newBuilder(getShelf.getInputType())
        .setField(getShelf.getInputType().findFieldByName("name"), "shelves/scifi").build();
    DynamicMessage shelf = ClientCalls.blockingUnaryCall(h2c, call,
        CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), request);
    assertThat(shelf.getField(getShelf.getOutputType().findFieldByName("theme"))).isEqualTo("Science fiction");
  }

  @Test
  void methodsMessagesFieldsAndEnumsNameTheirFileAndAnUnknownNameIsNotFoundWhileTheStreamGoesOn() throws Exception {
    try (Reflector reflector = new Reflector(h2c)) {
      ServerReflectionResponse unknown = reflector.symbol("rosetta.examples.library.v1.Nope");
      assertThat(unknown.getErrorResponse().getErrorCode()).isEqualTo(Status.Code.NOT_FOUND.value());
      assertThat(unknown.getErrorResponse().getErrorMessage()).contains("rosetta.examples.library.v1.Nope");
      assertThat(unknown.getOriginalRequest().getFileContainingSymbol()).isEqualTo("rosetta.examples.library.v1.Nope");
      for (String symbol : List.of(LibraryGateway.SERVICE + ".GetShelf", "rosetta.examples.library.v1.Shelf",
          "rosetta.examples.library.v1.Shelf.theme")) {
        assertThat(Reflector.files(reflector.symbol(symbol)).keySet()).as(symbol).contains(LIBRARY_FILE);
      }
      assertThat(Reflector.files(reflector.symbol("google.api.HttpRule")).keySet()).contains("google/api/http.proto");
      ServerReflectionResponse noFile = reflector.ask(ServerReflectionRequest.newBuilder()
          .setFileByFilename("nope.proto").build());
      assertThat(noFile.getErrorResponse().getErrorCode()).isEqualTo(Status.Code.NOT_FOUND.value());
      reflector.finish();
    }
  }

  @Test
  void importsGoOutOncePerStreamAndTheFileAskedForAlways() throws Exception {
    try (Reflector reflector = new Reflector(h2c)) {
      assertThat(Reflector.files(reflector.symbol(LibraryGateway.SERVICE))).containsKey("google/api/http.proto");
      assertThat(Reflector.files(reflector.symbol("rosetta.examples.library.v1.Shelf")).keySet())
          .containsExactly(LIBRARY_FILE);
      assertThat(Reflector.files(reflector.ask(ServerReflectionRequest.newBuilder()
          .setFileByFilename("google/api/http.proto").build())).keySet()).containsExactly("google/api/http.proto");
      reflector.finish();
    }
    try (Reflector fresh = new Reflector(h2c)) {
      assertThat(Reflector.files(fresh.symbol("rosetta.examples.library.v1.Shelf"))).containsKey("google/api/http.proto");
      fresh.finish();
    }
  }

  @Test
  void extensionsAreFoundByTypeAndNumber() throws Exception {
    int http = com.google.api.AnnotationsProto.HTTP_FIELD_NUMBER;
    try (Reflector reflector = new Reflector(h2c)) {
      ServerReflectionResponse numbers = reflector.ask(ServerReflectionRequest.newBuilder()
          .setAllExtensionNumbersOfType("google.protobuf.MethodOptions").build());
      assertThat(numbers.getAllExtensionNumbersResponse().getBaseTypeName()).isEqualTo("google.protobuf.MethodOptions");
      assertThat(numbers.getAllExtensionNumbersResponse().getExtensionNumberList()).contains(http);
      ServerReflectionResponse file = reflector.ask(ServerReflectionRequest.newBuilder().setFileContainingExtension(
          ExtensionRequest.newBuilder().setContainingType("google.protobuf.MethodOptions").setExtensionNumber(http)).build());
      assertThat(Reflector.files(file)).containsKey("google/api/annotations.proto");
      ServerReflectionResponse none = reflector.ask(ServerReflectionRequest.newBuilder()
          .setAllExtensionNumbersOfType("no.Such").build());
      assertThat(none.getErrorResponse().getErrorCode()).isEqualTo(Status.Code.NOT_FOUND.value());
      reflector.finish();
    }
  }

  @Test
  void v1alphaClientsGetTheSameAnswers() throws Exception {
    var answers = new java.util.concurrent.LinkedBlockingQueue<io.grpc.reflection.v1alpha.ServerReflectionResponse>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(h2c)
        .withDeadlineAfter(20, TimeUnit.SECONDS).serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(io.grpc.reflection.v1alpha.ServerReflectionResponse value) {
            answers.add(value);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol(V1ALPHA).build());
    requests.onCompleted();
    done.get(10, TimeUnit.SECONDS);
    assertThat(answers.poll().getListServicesResponse().getServiceList())
        .extracting(io.grpc.reflection.v1alpha.ServiceResponse::getName).contains(LibraryGateway.SERVICE, V1ALPHA);
    FileDescriptorProto file = FileDescriptorProto.parseFrom(
        answers.poll().getFileDescriptorResponse().getFileDescriptorProto(0));
    assertThat(file.getName()).isEqualTo("grpc/reflection/v1alpha/reflection.proto");
  }

  @Test
  void theTlsListenerAnswersToo() throws Exception {
    ManagedChannel tls = NettyChannelBuilder.forAddress("127.0.0.1", library.gateway.httpsAddress().getPort())
        .sslContext(GrpcSslContexts.forClient().trustManager(certs.ca().toFile()).build()).build();
    try (Reflector reflector = new Reflector(tls)) {
      assertThat(reflector.services()).contains(LibraryGateway.SERVICE);
      reflector.finish();
    } finally {
      tls.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void streamsAreCountedAsGrpcOnTheReflectionRoute() throws Exception {
    try (Reflector reflector = new Reflector(h2c)) {
      reflector.services();
      reflector.finish();
    }
    HttpClient client = HttpClient.newHttpClient();
    String series = "protocol=\"grpc\",reason=\"\",route=\"/" + V1 + "/ServerReflectionInfo\",status=\"200\"";
    Eventually.eventually("the reflection stream in the metrics", Duration.ofSeconds(5), () -> client.send(
        HttpRequest.newBuilder(library.admin("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
        .body().contains(series));
  }

  @Test
  void turnedOffTheReflectionMethodsAreUnimplementedOrPassedThroughToTheDefaultBackend() throws Exception {
    // The gateway's own words, then the backend's (grpc-java's): the call reached it.
    assertThat(reflectionOff(false)).isEqualTo(Status.Code.UNIMPLEMENTED + ": no method of the loaded services at /"
        + V1 + "/ServerReflectionInfo");
    assertThat(reflectionOff(true)).startsWith(Status.Code.UNIMPLEMENTED + ": Method not found: " + V1);
  }

  /** How a reflection stream to a gateway with reflection off fails: {@code CODE: description}. */
  private static String reflectionOff(boolean passthrough) throws Exception {
    try (LibraryGateway off = LibraryGateway.start(c -> c.withServer(c.server().withProtocols(c.server().protocols()
        .withGrpc(c.server().protocols().grpc().withReflection(false).withPassthroughUnknown(passthrough)))))) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", off.port()).usePlaintext().build();
      try (Reflector reflector = new Reflector(channel)) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(reflector::services);
        assertThat(failure).hasRootCauseInstanceOf(StatusRuntimeException.class);
        Status status = Status.fromThrowable(failure);
        return status.getCode() + ": " + status.getDescription();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aRoutePolicyMatchingTheReflectionServiceGuardsIt() throws Exception {
    PolicyConfig policies = new PolicyConfig(List.of(), List.of(new LocalLimitSpec("one", 1, Duration.ofMinutes(1), 1,
        KeySource.parse("client-address"), 100, "r.yaml:3")), null, null, List.of(new RouteRule("r.yaml:5",
        List.of("grpc.reflection.*"), List.of(), List.of(), List.of(), null, null, List.of("one"), null, null)));
    try (LibraryGateway guarded = LibraryGateway.start(c -> c.withPolicies(policies))) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", guarded.port()).usePlaintext().build();
      try {
        try (Reflector first = new Reflector(channel)) {
          assertThat(first.services()).contains(LibraryGateway.SERVICE);
          first.finish();
        }
        try (Reflector second = new Reflector(channel)) {
          assertThatThrownBy(second::services).rootCause().satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
              .isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        }
        // The library's own methods are not under the rule.
        assertThat(LibraryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
            .getShelf(GetShelfRequest.newBuilder().setName("shelves/scifi").build()).getName()).isEqualTo("shelves/scifi");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void afterAReloadNewStreamsAnswerFromTheNewDescriptorsAndAnOpenStreamKeepsItsOwn() throws Exception {
    Path descriptors = dir.resolve("reloaded.pb");
    byte[] libraryOnly;
    try (var in = GrpcReflectionEndToEndTest.class.getClassLoader().getResourceAsStream(ExampleBackend.DESCRIPTOR_RESOURCE)) {
      libraryOnly = in.readAllBytes();
    }
    Files.write(descriptors, libraryOnly);
    try (ExampleBackend backend = ExampleBackend.start(new InetSocketAddress("127.0.0.1", 0));
        Gateway gateway = Gateway.start(GatewayHarness.onLoopback(
            GatewayConfig.of(List.of(descriptors.toString()), "127.0.0.1:" + backend.port())))) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", gateway.address().getPort())
          .usePlaintext().build();
      try (Reflector before = new Reflector(channel)) {
        assertThat(before.services()).doesNotContain("test.reload.Extra");

        Files.write(descriptors, FileDescriptorSet.parseFrom(libraryOnly).toBuilder().addFile(extraFile())
            .build().toByteArray());
        gateway.reload();

        try (Reflector after = new Reflector(channel)) {
          assertThat(after.services()).contains("test.reload.Extra", LibraryGateway.SERVICE);
          assertThat(Reflector.files(after.symbol("test.reload.Extra.Ping"))).containsKey("test/reload/extra.proto");
          after.finish();
        }
        assertThat(before.services()).doesNotContain("test.reload.Extra");
        before.finish();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** A file with one more service, {@code test.reload.Extra}. */
  private static FileDescriptorProto extraFile() {
    return FileDescriptorProto.newBuilder().setName("test/reload/extra.proto").setPackage("test.reload")
        .setSyntax("proto3")
        .addMessageType(DescriptorProto.newBuilder().setName("Ping"))
        .addService(ServiceDescriptorProto.newBuilder().setName("Extra").addMethod(MethodDescriptorProto.newBuilder()
            .setName("Ping").setInputType(".test.reload.Ping").setOutputType(".test.reload.Ping")))
        .build();
  }
}
