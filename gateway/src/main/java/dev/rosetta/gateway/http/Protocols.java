package dev.rosetta.gateway.http;

import dev.rosetta.gateway.route.RouteLookup;
import dev.rosetta.gateway.route.RouteMatch;
import dev.rosetta.gateway.route.RouteTable;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The one place that decides which protocol a request speaks (docs/protocols.md), from its head
 * alone, in this order:
 *
 * <ol>
 *   <li>{@code Content-Type: application/grpc-web}, {@code -text}, {@code +proto}, {@code +json}:
 *       gRPC-Web, on the RPC path {@code /package.Service/Method}.
 *   <li>{@code application/grpc}, {@code application/grpc+...}: native gRPC over HTTP/2, every RPC
 *       shape (over HTTP/1.1: 415); with {@code --grpc-passthrough-unknown}, a method no
 *       descriptor set holds goes to the default backend ({@link GrpcPassthrough}).
 *   <li>{@code application/connect+proto}, {@code +json}: a Connect stream, on the RPC path.
 *   <li>A REST route for the method and path (or a WebSocket upgrade): REST. So REST keeps
 *       precedence wherever a path could be both, but for an auto route ({@code --auto-routes})
 *       when the request carries Connect's signal ({@code Connect-Protocol-Version}, or
 *       {@code application/proto}): that is Connect's.
 *   <li>No REST route, and the path is the RPC path of a loaded method: a Connect unary call, a
 *       {@code POST} of {@code application/json} or {@code application/proto}, or the {@code GET}
 *       form; a {@code POST} of another type with {@code Connect-Protocol-Version} is Connect's 415.
 *   <li>Anything else: REST's answer (404, 405, 400).
 * </ol>
 *
 * The content types of steps 1-3 are never a REST body (a REST route takes JSON, NDJSON, or any
 * type only for a {@code google.api.HttpBody} body), so deciding on them first costs REST
 * nothing; for every other request the REST lookup comes first and the RPC path is looked up
 * only when it finds nothing. Stateless.
 */
final class Protocols {
  private static final String CONNECT_VERSION = "connect-protocol-version";

  /** What a request speaks. */
  sealed interface Selection {}

  /** REST: the route lookup of the method and path, or of a WebSocket upgrade. */
  record Rest(RouteLookup lookup, boolean upgrade) implements Selection {}

  /**
   * An RPC protocol: its framing, the method at the RPC path (null when none is loaded there),
   * and an error to answer at once in the protocol's form (null when the request may go on).
   */
  record Rpc(RpcFraming framing, RouteMatch procedure, GatewayError refused) implements Selection {}

  /** A protocol recognized but not served (here or at all), answered with {@code error} as REST errors are. */
  record Refused(String label, GatewayError error) implements Selection {}

  private Protocols() {}

  /** A request over HTTP/1.1 without passing unknown gRPC methods through (tests; the dispatcher says both). */
  static Selection select(HttpRequest request, String path, RouteTable routes) {
    return select(request, path, routes, false, false);
  }

  /**
   * @param http2 the request came on an HTTP/2 stream (native gRPC and Connect's bidirectional
   *     streams need one)
   * @param grpcPassthrough {@code --grpc-passthrough-unknown}: a native gRPC call of a method no
   *     descriptor set holds goes to the default backend instead of {@code UNIMPLEMENTED}
   */
  static Selection select(HttpRequest request, String path, RouteTable routes, boolean http2,
      boolean grpcPassthrough) {
    String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    // Most requests (REST GETs) have no Content-Type: one null check, and the decision is REST's.
    String mime = contentType == null ? "" : RpcMessages.mimeOf(contentType);
    if (mime.startsWith("application/grpc")) {
      return grpc(mime, request, path, routes, http2, grpcPassthrough);
    }
    if (mime.startsWith("application/connect+")) {
      ConnectStreamFraming framing = ConnectStreamFraming.of(mime, request);
      if (framing == null) {
        return new Refused(ConnectUnaryFraming.LABEL, unsupportedCodec(contentType, "application/connect+proto or application/connect+json"));
      }
      RouteMatch procedure = routes.procedure(path);
      if (!http2 && procedure != null && procedure.route().method().isClientStreaming()
          && procedure.route().method().isServerStreaming()) {
        // Connect's rule (connect-go answers the same 505): full duplex needs HTTP/2; a client that
        // negotiated HTTP/1.1 would wait for answers that cannot come while it uploads.
        return new Refused(ConnectUnaryFraming.LABEL, new GatewayError(505, Status.Code.UNIMPLEMENTED,
            procedure.route().method().getFullName() + " is a bidirectional-streaming method: Connect serves it "
                + "over HTTP/2 only", Reasons.PROTOCOL_NOT_SERVED));
      }
      return rpc(framing, request, procedure);
    }
    boolean upgrade = WebSocketUpgrade.isUpgrade(request);
    RouteLookup lookup = upgrade ? WebSocketUpgrade.lookup(routes, path) : routes.match(request.method().name(), path);
    if (upgrade || lookup instanceof RouteLookup.Found found && !connectSignal(found, mime, request)) {
      return new Rest(lookup, upgrade);
    }
    RouteMatch procedure = routes.procedure(path);
    if (procedure == null) {
      return new Rest(lookup, false);
    }
    if (HttpMethod.GET.equals(request.method())) {
      var method = procedure.route().method();
      boolean allowed = ConnectUnaryFraming.allowsGet(method) && !method.isClientStreaming() && !method.isServerStreaming();
      return new Rpc(ConnectUnaryFraming.get(request), procedure, allowed ? null
          : new GatewayError(405, Status.Code.UNIMPLEMENTED, method.getFullName() + " is not a unary method with "
              + "idempotency_level = NO_SIDE_EFFECTS: call it with POST", Reasons.METHOD_NOT_ALLOWED));
    }
    if (HttpMethod.POST.equals(request.method()) && ConnectUnaryFraming.isCodec(mime)) {
      return rpc(ConnectUnaryFraming.post(mime, request), request, procedure);
    }
    if (HttpMethod.POST.equals(request.method()) && request.headers().contains(CONNECT_VERSION)) {
      return new Rpc(ConnectUnaryFraming.errorsOnly(), procedure,
          unsupportedCodec(contentType, "application/json or application/proto"));
    }
    return new Rest(lookup, false);
  }

  /**
   * Whether a request the REST routes matched by an auto route ({@code --auto-routes}) says it is
   * a Connect call: {@code Connect-Protocol-Version}, or an {@code application/proto} body REST
   * cannot read. Connect's client sends the header on every call, so it gets Connect's answers
   * (its error form) rather than REST's on the same path; a rule written for the path stays REST's.
   */
  private static boolean connectSignal(RouteLookup.Found found, String mime, HttpRequest request) {
    return found.match().route().isAutoRoute()
        && (request.headers().contains(CONNECT_VERSION) || mime.equals("application/proto"));
  }

  private static Selection grpc(String mime, HttpRequest request, String path, RouteTable routes, boolean http2,
      boolean passthrough) {
    if (mime.startsWith("application/grpc-web")) {
      GrpcWebFraming framing = GrpcWebFraming.of(mime, request);
      return framing == null
          ? new Refused(GrpcWebFraming.LABEL, unsupportedCodec(mime, "application/grpc-web(-text)(+proto), or application/grpc-web+json"))
          : rpc(framing, request, routes.procedure(path));
    }
    if (mime.equals("application/grpc") || mime.startsWith("application/grpc+")) {
      if (!http2) {
        // gRPC's trailers and full-duplex streams need HTTP/2; REST's form, since the client is no gRPC stack.
        return new Refused(GrpcFraming.LABEL, new GatewayError(415, Status.Code.UNIMPLEMENTED, "native gRPC (" + mime
            + ") needs HTTP/2 (h2 or h2c): call over HTTP/2, or use gRPC-Web, Connect or the method's REST route",
            Reasons.PROTOCOL_NOT_SERVED));
      }
      GrpcFraming framing = GrpcFraming.of(mime, request);
      if (framing == null) {
        return new Refused(GrpcFraming.LABEL, unsupportedCodec(mime, "application/grpc(+proto) or application/grpc+json"));
      }
      RouteMatch procedure = routes.procedure(path);
      String unknown = procedure == null && passthrough && !framing.json() ? GrpcPassthrough.methodName(path) : null;
      return unknown == null ? rpc(framing, request, procedure)
          : rpc(framing.passthrough(unknown), request, GrpcPassthrough.MATCH);
    }
    return new Rest(routes.match(request.method().name(), path), false);
  }

  /** An RPC request on the RPC path of {@code procedure} (null: none loaded), with the checks every protocol shares. */
  private static Rpc rpc(RpcFraming framing, HttpRequest request, RouteMatch procedure) {
    String version = request.headers().get(CONNECT_VERSION);
    if (framing instanceof ConnectUnaryFraming || framing instanceof ConnectStreamFraming) {
      if (version != null && !version.trim().equals("1")) {
        return new Rpc(framing, procedure, GatewayError.of(Status.Code.INVALID_ARGUMENT,
            "unsupported Connect-Protocol-Version \"" + version + "\": the gateway speaks 1", Reasons.BAD_REQUEST));
      }
    }
    if (procedure == null) {
      return new Rpc(framing, null, GatewayError.of(Status.Code.UNIMPLEMENTED,
          "no method of the loaded services at " + request.uri(), Reasons.NO_METHOD));
    }
    if (!HttpMethod.POST.equals(request.method())) {
      return new Rpc(framing, procedure, new GatewayError(405, Status.Code.UNIMPLEMENTED,
          "method " + request.method() + " is not allowed: " + framing.label() + " calls are POSTs", Reasons.METHOD_NOT_ALLOWED));
    }
    var method = procedure.route().method();
    if (method.isClientStreaming() && !(framing instanceof GrpcFraming || framing instanceof ConnectStreamFraming)) {
      return new Rpc(framing, procedure, GatewayError.of(Status.Code.UNIMPLEMENTED, method.getFullName()
          + " is a " + (method.isServerStreaming() ? "bidirectional" : "client") + "-streaming method: "
          + framing.label() + " serves unary and server-streaming methods (docs/protocols.md)", Reasons.PROTOCOL_NOT_SERVED));
    }
    if (method.isServerStreaming() && !(framing instanceof StreamingRpcFraming)) {
      return new Rpc(framing, procedure, new GatewayError(415, Status.Code.INVALID_ARGUMENT, method.getFullName()
          + " is a server-streaming method: call it with application/connect+json or application/connect+proto",
          Reasons.UNSUPPORTED_MEDIA_TYPE));
    }
    return new Rpc(framing, procedure, null);
  }

  private static GatewayError unsupportedCodec(String contentType, String expected) {
    return new GatewayError(415, Status.Code.INVALID_ARGUMENT,
        "unsupported Content-Type \"" + contentType + "\": send " + expected, Reasons.UNSUPPORTED_MEDIA_TYPE);
  }
}
