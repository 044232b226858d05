package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link ExchangeConnection} that records what an exchange asks of it, one line per ask
 * ({@code "respond 404 NOT_FOUND"}, {@code "chunk"}, {@code "end OK"}...), and writes the HTTP
 * objects through an {@link EmbeddedChannel} with Netty's response encoder, so that a test reads
 * them as a client would. Confined, like a real connection, to one event loop: the
 * {@link ExchangeFixture}'s, which the backend channels use too; tests reach it through
 * {@link ExchangeFixture#onLoop}.
 */
final class FakeConnection implements ExchangeConnection {
  final EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseEncoder());
  final List<String> asked = new ArrayList<>();
  private final EventLoop loop;
  private final ExchangeFixture fixture;
  boolean writable = true;
  int resumed;
  Exchange exchange;
  RoutedRequest upgraded;
  HttpHeaders trailers;

  FakeConnection(EventLoop loop, ExchangeFixture fixture) {
    this.loop = loop;
    this.fixture = fixture;
  }

  /** Everything written so far, as the bytes a client would read (then released). */
  String output() {
    StringBuilder text = new StringBuilder();
    for (ByteBuf bytes; (bytes = channel.readOutbound()) != null; ) {
      text.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.release();
    }
    return text.toString();
  }

  /** Releases what is left; the exchange must be over. */
  void close() {
    channel.finishAndReleaseAll();
  }

  private static String tag(Status.Code code, String reason) {
    return code + (reason == null ? "" : " " + reason);
  }

  @Override
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  @Override
  public EventExecutor executor() {
    return loop;
  }

  @Override
  public SocketAddress remoteAddress() {
    return new InetSocketAddress("127.0.0.1", 40000);
  }

  @Override
  public void started(Exchange started) {
    asked.add("started " + started.getClass().getSimpleName());
    exchange = started;
    started.start();
  }

  @Override
  public void upgrade(RoutedRequest request) {
    asked.add("upgrade");
    upgraded = request;
  }

  @Override
  public void respond(FullHttpResponse response, Status.Code grpcCode, String reason) {
    asked.add("respond " + response.status().code() + " " + tag(grpcCode, reason));
    trailers = response.trailingHeaders().copy();
    channel.writeOutbound(response);
  }

  @Override
  public void fail(GatewayError error) {
    asked.add("fail " + error.httpStatus() + " " + tag(error.code(), error.reason()));
    channel.writeOutbound(Responses.error(alloc(), fixture.engine.errors(), error));
  }

  @Override
  public void beginStream(HttpResponse head) {
    asked.add("begin");
    channel.write(head);
  }

  @Override
  public void writeChunk(HttpContent chunk) {
    asked.add("chunk");
    channel.writeOutbound(chunk);
  }

  @Override
  public void endStream(LastHttpContent last, Status.Code grpcCode, String reason) {
    asked.add("end " + tag(grpcCode, reason));
    trailers = last.trailingHeaders().copy();
    channel.writeOutbound(last);
  }

  @Override
  public void cutShort(Status.Code grpcCode, String reason) {
    asked.add("cut " + tag(grpcCode, reason));
  }

  @Override
  public boolean isWritable() {
    return writable;
  }

  @Override
  public void resumeReading() {
    resumed++;
  }

  @Override
  public void backendClosed(Status.Code code) {
    asked.add("backend " + code);
  }
}
