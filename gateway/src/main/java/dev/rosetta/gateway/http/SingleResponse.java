package dev.rosetta.gateway.http;

import dev.rosetta.gateway.bind.ResponseBody;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.route.Route;
import dev.rosetta.gateway.status.GatewayError;
import dev.rosetta.gateway.status.HttpStatusMapping;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The one response of a call whose response side is not streamed (unary and client streaming):
 * the JSON message (or a raw HttpBody), or the status as a JSON error with its mapped HTTP status.
 */
final class SingleResponse {
  private final ExchangeContext x;
  /** For messages: "a unary call", "a client-streaming call". */
  private final String callKind;
  private Metadata headers;
  private byte[] response;
  private boolean extra;

  SingleResponse(ExchangeContext x, String callKind) {
    this.x = x;
    this.callKind = callKind;
  }

  void onHeaders(Metadata headers) {
    this.headers = headers;
  }

  void onMessage(byte[] message) {
    extra |= response != null;
    response = message;
  }

  /** Answers the client through the exchange handler. */
  void complete(Status status, Metadata trailers) {
    x.owner().backendClosed(status.getCode());
    if (status.isOk() && (response == null || extra)) {
      status = Status.INTERNAL.withDescription(response == null
          ? "backend closed the call without a response" : "backend sent more than one response to " + callKind);
    }
    if (!status.isOk()) {
      x.owner().respond(x.ctx(), error(x, status, headers, trailers), status.getCode());
      return;
    }
    if (HttpBodyResponse.isRaw(x.route())) {
      completeRaw(trailers);
      return;
    }
    ByteBuf out = x.ctx().alloc().buffer(Math.max(64, response.length * 2));
    try {
      ResponseBody.print(x.engine().codec(), x.route(), response, out);
    } catch (CodecException | RuntimeException e) {
      out.release();
      // Logged once, by respondError; the cause goes to the debug log only.
      x.owner().log().debug("{} {}: cannot convert the backend response", x.request().method(), x.request().uri(), e);
      x.owner().respondError(x.ctx(), GatewayError.of(Status.Code.INTERNAL,
          "cannot convert the backend response to JSON", "response_conversion"), x.request());
      return;
    }
    FullHttpResponse http = Responses.json(200, out);
    MetadataMapper.toHeaders(headers, "Grpc-Metadata-", http.headers());
    MetadataMapper.toHeaders(trailers, "Grpc-Trailer-", http.headers());
    x.owner().respond(x.ctx(), http, Status.Code.OK);
  }

  private void completeRaw(Metadata trailers) {
    FullHttpResponse http;
    try {
      http = HttpBodyResponse.of(response);
    } catch (InvalidProtocolBufferException e) {
      x.owner().log().debug("{} {}: backend sent a malformed HttpBody", x.request().method(), x.request().uri(), e);
      x.owner().respondError(x.ctx(), GatewayError.of(Status.Code.INTERNAL,
          "cannot read the backend's HttpBody response", "response_conversion"), x.request());
      return;
    }
    MetadataMapper.toHeaders(headers, "Grpc-Metadata-", http.headers());
    MetadataMapper.toHeaders(trailers, "Grpc-Trailer-", http.headers());
    x.owner().respond(x.ctx(), http, Status.Code.OK);
  }

  /** The JSON google.rpc.Status response for a failed call, logged. */
  static FullHttpResponse error(ExchangeContext x, Status status, Metadata headers, Metadata trailers) {
    ByteBuf out = x.ctx().alloc().buffer(128);
    x.engine().errors().write(status, trailers, out);
    FullHttpResponse http = Responses.json(HttpStatusMapping.httpStatus(status.getCode()), out);
    MetadataMapper.toHeaders(headers, "Grpc-Metadata-", http.headers());
    MetadataMapper.toHeaders(trailers, "Grpc-Trailer-", http.headers());
    x.owner().log().info("{} {} -> {} {} [backend_status]: {}", x.request().method(), x.request().uri(),
        http.status().code(), status.getCode(), status.getDescription());
    return http;
  }
}
