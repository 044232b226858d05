package dev.rosetta.gateway.http;

import dev.rosetta.gateway.backend.BackendCall;
import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The response side of a server-streaming (or bidirectional) call over gRPC-Web, Connect or native
 * gRPC: the head waits for the
 * first message (a call that ends first is answered whole by {@link RpcFraming#status}, gRPC-Web's
 * "trailers-only"), then each message goes out in the framing's envelope as it comes, and the
 * call's status and trailers end the stream ({@link StreamingRpcFraming#streamEnd}). The protocol
 * has a place for an error after the head, so a stream that fails midway ends with it, like one
 * that does not. Backpressure is {@link StreamDemand}'s. Event-loop confined.
 */
final class RpcResponseStream implements StreamedResponse {
  private final RoutedRequest routed;
  private final ExchangeConnection conn;
  private final StreamingRpcFraming framing;
  private final StreamDemand demand;
  private BackendCall call;
  private Metadata headers;
  private boolean headWritten;
  private long sent;
  private boolean done;

  RpcResponseStream(RoutedRequest routed, ExchangeConnection conn, StreamingRpcFraming framing) {
    this.routed = routed;
    this.conn = conn;
    this.framing = framing;
    this.demand = new StreamDemand(conn);
  }

  @Override
  public void attach(BackendCall call) {
    this.call = call;
  }

  @Override
  public void onHeaders(Metadata headers) {
    this.headers = headers;
  }

  @Override
  public void onMessage(byte[] wire) {
    if (done) {
      return;
    }
    ByteBuf out;
    try {
      out = framing.streamMessage(routed, conn.alloc(), wire);
    } catch (ExchangeException e) {
      fail(e.error());
      return;
    }
    if (!headWritten) {
      headWritten = true;
      conn.beginStream(framing.streamHead(headers));
    }
    sent++;
    conn.writeChunk(new DefaultHttpContent(out));
    demand.written(call);
  }

  @Override
  public void writabilityChanged() {
    if (!done) {
      demand.writabilityChanged(call);
    }
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    if (!done) {
      conn.backendClosed(status.getCode());
      finish(status, trailers, null);
    }
  }

  /**
   * The gateway ends the stream (a message it cannot convert, a refused upload message): the call
   * is cancelled and the error ends the stream.
   */
  @Override
  public void fail(GatewayError error) {
    if (done) {
      return;
    }
    done = true; // first: the cancel may close the call at once, and its CANCELLED is not the answer
    if (call != null) {
      call.cancel("the gateway ended the stream: " + error.reason());
    }
    if (!headWritten) {
      conn.fail(error);
      return;
    }
    finish(Status.fromCode(error.code()).withDescription(error.message()), null, error.reason());
  }

  private void finish(Status status, Metadata trailers, String reason) {
    done = true;
    if (!status.isOk()) {
      ExchangeLog.outcome(routed.request(), 200, status.getCode(), reason,
          "stream ended after " + sent + " messages: " + status.getDescription());
    }
    if (!headWritten) {
      FullHttpResponse whole = framing.status(routed.engine().errors(), conn.alloc(), status,
          dev.rosetta.gateway.status.HttpStatusMapping.httpStatus(status.getCode()), headers, trailers);
      conn.respond(whole, status.getCode(), reason);
      return;
    }
    conn.endStream(framing.streamEnd(routed.engine().errors(), conn.alloc(), status, trailers), status.getCode(), reason);
  }

  @Override
  public void abort() {
    done = true;
    if (call != null) {
      call.cancel("HTTP client closed the connection");
    }
  }
}
