package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.ErrorBody;
import dev.rosetta.gateway.status.GatewayError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/** Builds the gateway's HTTP responses: JSON bodies with their length and type. */
final class Responses {
  static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");

  private Responses() {}

  /** A JSON response owning {@code body}. */
  static FullHttpResponse json(int status, ByteBuf body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    return response;
  }

  /** The JSON {@code google.rpc.Status} response for an error the gateway answers itself. */
  static FullHttpResponse error(ByteBufAllocator alloc, ErrorBody errors, GatewayError error) {
    ByteBuf body = alloc.buffer(128);
    errors.write(error, body);
    return json(error.httpStatus(), body);
  }

  /** A document the gateway serves itself (its bytes are wrapped, not copied). */
  static FullHttpResponse page(PublicPages.Page page) {
    FullHttpResponse response = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.OK, io.netty.buffer.Unpooled.wrappedBuffer(page.body()));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, page.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, page.body().length);
    return response;
  }

  /** 204 to a CORS preflight from an allowed origin (the origin headers are added on the way out). */
  static FullHttpResponse preflight(CorsPolicy cors, String requestedHeaders) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    response.headers()
        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, cors.allowMethods())
        .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, cors.maxAge().toSeconds());
    String headers = cors.allowHeaders(requestedHeaders);
    if (!headers.isEmpty()) {
      response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers);
    }
    return response;
  }

  static FullHttpResponse continue100() {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE);
  }

  /** A CORS preflight the gateway answers: {@code OPTIONS} with {@code Access-Control-Request-Method}, from an allowed origin. */
  static boolean isPreflight(HttpRequest request, boolean corsApplies) {
    return corsApplies && HttpMethod.OPTIONS.equals(request.method())
        && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
  }

  /** A public page the front end serves itself, before any route (the OpenAPI document); null for anything else. */
  static FullHttpResponse publicPage(HttpRequest request, String path, PublicPages pages) {
    if (!HttpMethod.GET.equals(request.method())) {
      return null;
    }
    PublicPages.Page page = pages.find(path);
    return page == null ? null : page(page);
  }
}
