package dev.rosetta.examples.library;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Makes the backend's metadata observable from the far side of a gateway. Every response
 * carries the header {@code x-library-server: rosetta-example}. A request with
 * {@code x-echo-metadata: true} also gets each of its text headers back as a response header
 * prefixed {@code echo-} (so {@code x-request-id} returns as {@code echo-x-request-id}), and
 * the trailer {@code x-library-trailer: done}. Binary ({@code -bin}) headers are not echoed.
 *
 * <p>Headers are sent before an error too, rather than a trailers-only response, so a test can
 * check header forwarding on failed calls the same way as on successful ones.
 */
final class MetadataEchoInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> SERVER =
      Metadata.Key.of("x-library-server", Metadata.ASCII_STRING_MARSHALLER);
  static final String SERVER_VALUE = "rosetta-example";
  static final Metadata.Key<String> ECHO =
      Metadata.Key.of("x-echo-metadata", Metadata.ASCII_STRING_MARSHALLER);
  static final String ECHO_PREFIX = "echo-";
  static final Metadata.Key<String> TRAILER =
      Metadata.Key.of("x-library-trailer", Metadata.ASCII_STRING_MARSHALLER);
  static final String TRAILER_VALUE = "done";

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Metadata echoed = "true".equalsIgnoreCase(headers.get(ECHO)) ? echoed(headers) : null;
    return next.startCall(new EchoingCall<>(call, echoed), headers);
  }

  private static Metadata echoed(Metadata headers) {
    Metadata echoed = new Metadata();
    for (String name : headers.keys()) {
      if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        continue;
      }
      Metadata.Key<String> from = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
      Metadata.Key<String> to =
          Metadata.Key.of(ECHO_PREFIX + name, Metadata.ASCII_STRING_MARSHALLER);
      for (String value : headers.getAll(from)) {
        echoed.put(to, value);
      }
    }
    return echoed;
  }

  /** Not thread safe, like the ServerCall it wraps: grpc-java calls it from one thread at a time. */
  private static final class EchoingCall<ReqT, RespT>
      extends SimpleForwardingServerCall<ReqT, RespT> {
    private final Metadata echoed; // null unless echo was asked for
    private boolean headersSent;

    EchoingCall(ServerCall<ReqT, RespT> call, Metadata echoed) {
      super(call);
      this.echoed = echoed;
    }

    @Override
    public void sendHeaders(Metadata headers) {
      headers.put(SERVER, SERVER_VALUE);
      if (echoed != null) {
        headers.merge(echoed);
      }
      headersSent = true;
      super.sendHeaders(headers);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (!headersSent) {
        sendHeaders(new Metadata());
      }
      if (echoed != null) {
        trailers.put(TRAILER, TRAILER_VALUE);
      }
      super.close(status, trailers);
    }
  }
}
