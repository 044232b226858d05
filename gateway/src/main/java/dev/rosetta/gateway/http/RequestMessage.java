package dev.rosetta.gateway.http;

import dev.rosetta.gateway.bind.BindException;
import dev.rosetta.gateway.codec.CodecException;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;

/**
 * Binds a request message (path variables, query parameters and a body or one element of a
 * streamed body) for every exchange kind, with one rule for failures: what does not fit the
 * request type is the client's 400; anything else thrown while binding is the gateway's own fault,
 * logged at WARN and answered 500. Stateless; runs on the event loop.
 */
final class RequestMessage {
  private RequestMessage() {}

  /**
   * The wire bytes of the request message of {@code routed} with {@code body} (unread and
   * unreleased; null for none) as the body.
   *
   * @param contentType the body's, for an {@code google.api.HttpBody} body; null means JSON
   */
  static byte[] bind(RoutedRequest routed, ByteBuf body, String contentType) throws ExchangeException {
    try {
      return routed.engine().binder().bind(routed.match(), routed.rawQuery(), body, contentType);
    } catch (BindException e) {
      throw badRequest(e);
    } catch (RuntimeException e) {
      ExchangeLog.fault(routed.request(), "binding " + routed.route() + " failed", e);
      throw new ExchangeException(GatewayError.of(Status.Code.INTERNAL, "cannot build the request message",
          Reasons.BIND_FAILURE));
    }
  }

  /**
   * As {@link #bind}, for element {@code index} (1-based) of a streamed upload: a message that does
   * not bind says which one it is ("message 2 of the request stream: ...").
   */
  static byte[] bindElement(RoutedRequest routed, ByteBuf json, long index) throws ExchangeException {
    try {
      return routed.engine().binder().bind(routed.match(), routed.rawQuery(), json, null);
    } catch (BindException e) {
      throw badRequest(new BindException("message " + index + " of the request stream: " + e.getMessage()));
    } catch (RuntimeException e) {
      ExchangeLog.fault(routed.request(), "binding " + routed.route() + " failed", e);
      throw new ExchangeException(GatewayError.of(Status.Code.INTERNAL, "cannot build the request message",
          Reasons.BIND_FAILURE));
    }
  }

  /** 400 for a request (or an element of a streamed one) that does not fit its message. */
  static ExchangeException badRequest(BindException e) {
    return new ExchangeException(GatewayError.of(Status.Code.INVALID_ARGUMENT, e.getMessage(), Reasons.BAD_REQUEST));
  }

  /**
   * The wire bytes of the request message of {@code routed} from {@code json}, the JSON of the
   * whole message (an RPC protocol's JSON message; unread, unreleased), with the same failure rule.
   */
  static byte[] parse(RoutedRequest routed, ByteBuf json) throws ExchangeException {
    try {
      return routed.engine().codec().parse(routed.route().method().getInputType(), json);
    } catch (CodecException e) {
      throw badRequest(new BindException(e.getMessage()));
    } catch (RuntimeException e) {
      ExchangeLog.fault(routed.request(), "parsing the request message of " + routed.route() + " failed", e);
      throw new ExchangeException(GatewayError.of(Status.Code.INTERNAL, "cannot build the request message",
          Reasons.BIND_FAILURE));
    }
  }
}
