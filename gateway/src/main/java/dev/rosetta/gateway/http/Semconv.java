package dev.rosetta.gateway.http;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The OpenTelemetry semantic-convention names the access log and the traces share (HTTP server
 * and RPC client conventions), declared once, with the few conversions both make from a
 * {@link CompletedExchange}. Names of Rosetta's own are under {@code rosetta.}.
 */
public final class Semconv {
  private Semconv() {}

  public static final String HTTP_REQUEST_METHOD = "http.request.method";
  public static final String HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";
  public static final String HTTP_ROUTE = "http.route";
  public static final String HTTP_REQUEST_BODY_SIZE = "http.request.body.size";
  public static final String HTTP_RESPONSE_BODY_SIZE = "http.response.body.size";
  /** The duration metric's name, used for one request's duration in seconds. */
  public static final String HTTP_SERVER_REQUEST_DURATION = "http.server.request.duration";
  public static final String URL_PATH = "url.path";
  public static final String URL_QUERY = "url.query";
  public static final String URL_SCHEME = "url.scheme";
  public static final String NETWORK_PROTOCOL_NAME = "network.protocol.name";
  public static final String NETWORK_PROTOCOL_VERSION = "network.protocol.version";
  public static final String CLIENT_ADDRESS = "client.address";
  public static final String USER_AGENT_ORIGINAL = "user_agent.original";
  public static final String SERVER_ADDRESS = "server.address";
  /** {@code grpc}. */
  public static final String RPC_SYSTEM_NAME = "rpc.system.name";
  /** The fully-qualified method, {@code pkg.Service/Method}, as the RPC conventions name it now. */
  public static final String RPC_METHOD = "rpc.method";
  /** The gRPC code's name ({@code NOT_FOUND}), the RPC conventions' current attribute. */
  public static final String RPC_RESPONSE_STATUS_CODE = "rpc.response.status_code";
  /** The gRPC code's number, the attribute gRPC instrumentations emitted before (and most UIs know). */
  public static final String RPC_GRPC_STATUS_CODE = "rpc.grpc.status_code";
  public static final String ERROR_TYPE = "error.type";
  /** The OpenTelemetry log data model's names for the ids of the trace a line belongs to. */
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  /** The gateway's reason tag ({@link Reasons}) when it decided the outcome itself. */
  public static final String ROSETTA_REASON = "rosetta.reason";
  /** What the client spoke ({@link CompletedExchange#protocol()}: {@code http/1.1}, ...), the metrics' label. */
  public static final String ROSETTA_PROTOCOL = "rosetta.protocol";
  /** The request id ({@code X-Request-Id}). */
  public static final String ROSETTA_REQUEST_ID = "rosetta.request_id";

  /** The path of a request target ({@code /v1/shelves?x=1} → {@code /v1/shelves}). */
  public static String path(String uri) {
    int question = uri.indexOf('?');
    return question < 0 ? uri : uri.substring(0, question);
  }

  /** The query of a request target without its {@code ?}; null when there is none. */
  public static String query(String uri) {
    int question = uri.indexOf('?');
    return question < 0 ? null : uri.substring(question + 1);
  }

  /**
   * {@code network.protocol.version} of a request: {@code 2} on an HTTP/2 connection
   * ({@code connection} is {@link CompletedExchange#HTTP_2}), else the request line's {@code 1.1}
   * or {@code 1.0}. Not from {@link CompletedExchange#protocol()}: an RPC protocol's label
   * ({@code grpc}, {@code connect}) says nothing of the HTTP version under it.
   */
  public static String protocolVersion(String connection, HttpRequest request) {
    if (CompletedExchange.HTTP_2.equals(connection)) {
      return "2";
    }
    return HttpVersion.HTTP_1_0.equals(request.protocolVersion()) ? "1.0" : "1.1";
  }

  /** {@code rpc.method} of a route's gRPC method: {@code pkg.Service/Method}. */
  public static String rpcMethod(dev.rosetta.gateway.route.Route route) {
    return route.method().getService().getFullName() + "/" + route.method().getName();
  }

  /**
   * {@code rpc.system.name} of what a client spoke ({@link CompletedExchange#protocol()}): gRPC
   * and gRPC-Web are {@code grpc}, Connect is {@code connectrpc}; null for REST, which is no RPC
   * system to its client.
   */
  public static String rpcSystemName(String protocol) {
    return switch (protocol == null ? "" : protocol) {
      case GrpcFraming.LABEL, GrpcWebFraming.LABEL -> "grpc";
      case ConnectUnaryFraming.LABEL -> "connectrpc";
      default -> null;
    };
  }

  /** The IP address of {@code client} as text; null when unknown. */
  public static String address(SocketAddress client) {
    if (client instanceof InetSocketAddress inet) {
      return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
    }
    return client == null ? null : client.toString();
  }
}
