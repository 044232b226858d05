package dev.rosetta.gateway.http;

import com.google.api.HttpBody;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.gateway.bind.RawBody;
import dev.rosetta.gateway.route.Route;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A single {@code google.api.HttpBody} response, sent as it is: its {@code data} as the body, its
 * {@code content_type} as the Content-Type ({@code application/octet-stream} when empty). Its
 * {@code extensions} have no place in an HTTP response and are dropped.
 */
final class HttpBodyResponse {
  private HttpBodyResponse() {}

  /** Whether the route's response is a raw HttpBody rather than JSON. */
  static boolean isRaw(Route route) {
    return route.responseBodyField() == null && RawBody.isHttpBody(route.method().getOutputType());
  }

  static FullHttpResponse of(byte[] wire) throws InvalidProtocolBufferException {
    HttpBody body = HttpBody.parseFrom(wire);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(body.getData().asReadOnlyByteBuffer()));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE,
            body.getContentType().isEmpty() ? "application/octet-stream" : body.getContentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.getData().size());
    return response;
  }
}
