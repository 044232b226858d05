package dev.rosetta.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.ArrayDeque;

/**
 * Netty's response encoder, told by {@link RequestDecoder} which request each response answers,
 * as {@code HttpServerCodec} does for its own pair: the answer to a {@code HEAD} keeps its
 * headers (Content-Length included) but sends no body (RFC 9110 section 9.3.2), and a 2xx to a
 * {@code CONNECT} has no Transfer-Encoding. Without this, a HEAD answered with a JSON error would
 * put the body where a keep-alive client expects the next response. Sits after
 * {@link RequestDecoder}; the two replace {@code HttpServerCodec} so that the decoder can be our
 * own, and {@code WebSocketServerHandshaker} finds them by their Netty classes.
 */
final class ResponseEncoder extends HttpResponseEncoder {
  /** The methods of requests decoded and not yet answered, oldest first (pipelining). */
  private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(4);
  private HttpMethod answering;

  void requested(HttpMethod method) {
    methods.add(method);
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpResponse msg) {
    if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      // 100 Continue and 101 come before the final response to the same request.
      return super.isContentAlwaysEmpty(msg);
    }
    // A response written with no request decoded (a 408 for a head still arriving) pairs with none.
    answering = methods.poll();
    return HttpMethod.HEAD.equals(answering) || super.isContentAlwaysEmpty(msg);
  }

  @Override
  protected void sanitizeHeadersBeforeEncode(HttpResponse msg, boolean isAlwaysEmpty) {
    if (!isAlwaysEmpty && HttpMethod.CONNECT.equals(answering) && msg.status().codeClass() == HttpStatusClass.SUCCESS) {
      msg.headers().remove(HttpHeaderNames.TRANSFER_ENCODING); // RFC 9110 section 9.3.6
      return;
    }
    super.sanitizeHeadersBeforeEncode(msg, isAlwaysEmpty);
  }
}
