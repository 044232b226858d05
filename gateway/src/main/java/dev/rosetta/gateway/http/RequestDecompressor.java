package dev.rosetta.gateway.http;

import dev.rosetta.gateway.status.GatewayError;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Decodes request bodies sent with {@code Content-Encoding: gzip} or {@code deflate} (Netty's
 * decompressor, limited to those two), as they stream in: the exchange sees the decoded bytes, so
 * {@code --max-body-size} bounds the decoded body. Netty hands the decoded bytes on in pieces of
 * at most 64 KiB, never the whole body. Any other coding passes through untouched and the
 * {@link Dispatcher} answers it 415. A protocol that compresses with {@code Content-Encoding} itself
 * (Connect's unary calls: {@link RpcFraming#readsContentEncoding}) gets its body as it came.
 *
 * <p>A body that decodes to more than {@code --max-decompression-ratio} times the bytes it came
 * in (past {@link ProtocolOptions.Compression#RATIO_FREE_BYTES}) is refused with 413 as it
 * inflates, and one that does not decode gets 400: this handler then ends the body with a failed
 * {@code LastHttpContent} carrying the answer ({@link DecoderFailures#body}), drops the rest,
 * and the connection's handler answers and stops reading it. The ratio is the check Apache's
 * mod_deflate makes ({@code DeflateInflateRatioLimit}, 200 by default, as here): a decompression
 * bomb (deflate reaches about 1000:1) is stopped after a few kilobytes of input.
 *
 * <p>Sits before {@link ResponseCompressor} and the connection's handler; one per HTTP/1.1
 * connection or HTTP/2 stream, confined to its event loop.
 */
final class RequestDecompressor extends HttpContentDecompressor {
  private final int maxRatio;
  private final Dispatcher dispatcher;
  /** The current request's protocol reads its coding itself: its body passes as it came. */
  private boolean framingReads;
  /** The current body's coding, for messages; null when it is not decoded here. */
  private String coding;
  private long compressedBytes;
  private long decodedBytes;
  /** The current body passed the ratio: what it still decodes to is dropped. */
  private boolean tooLarge;
  /** The current body was answered by this handler: the rest of it is dropped. */
  private boolean refused;

  /** @param dispatcher asked whether a request's protocol reads its coding itself (Connect's unary calls) */
  RequestDecompressor(int maxRatio, Dispatcher dispatcher) {
    super(false, 0);
    this.maxRatio = maxRatio;
    this.dispatcher = dispatcher;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
    if (msg instanceof HttpRequest request) {
      coding = null;
      compressedBytes = 0;
      decodedBytes = 0;
      tooLarge = false;
      refused = false;
      String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
      coding = encoding == null ? null : encoding.trim();
      framingReads = isGzipOrDeflate(coding) && dispatcher.framingReadsCoding(request);
    }
    if (refused) {
      return; // nothing goes on; the connection's handler no longer reads this body
    }
    if (msg instanceof HttpContent content) {
      compressedBytes += content.content().readableBytes();
    }
    try {
      super.decode(ctx, msg, out);
    } catch (DecoderException e) {
      refuse(ctx, out, tooLarge
          ? new GatewayError(413, Status.Code.RESOURCE_EXHAUSTED, "the request body decompresses to more than "
              + maxRatio + " times its " + coding + " size (--max-decompression-ratio)", Reasons.DECOMPRESSION_RATIO)
          : GatewayError.of(Status.Code.INVALID_ARGUMENT, "the request body is not valid " + coding + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), Reasons.BAD_CONTENT_ENCODING));
    }
  }

  @Override
  protected EmbeddedChannel newContentDecoder(String contentEncoding) throws Exception {
    if (!isGzipOrDeflate(contentEncoding) || framingReads) {
      return null; // refused by the dispatcher with 415, naming it; or the protocol's framing decodes it
    }
    EmbeddedChannel decoder = super.newContentDecoder(contentEncoding);
    decoder.pipeline().addLast(new RatioMeter());
    return decoder;
  }

  static boolean isGzipOrDeflate(String coding) {
    return AsciiString.contentEqualsIgnoreCase(coding, HttpHeaderValues.GZIP)
        || AsciiString.contentEqualsIgnoreCase(coding, HttpHeaderValues.X_GZIP)
        || AsciiString.contentEqualsIgnoreCase(coding, HttpHeaderValues.DEFLATE)
        || AsciiString.contentEqualsIgnoreCase(coding, HttpHeaderValues.X_DEFLATE);
  }

  /** Ends the body with a failed last content that carries {@code error}; drops what follows. */
  private void refuse(ChannelHandlerContext ctx, List<Object> out, GatewayError error) {
    refused = true;
    out.forEach(ReferenceCountUtil::release);
    out.clear();
    LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
    last.setDecoderResult(DecoderResult.failure(new ExchangeException(error)));
    ctx.fireChannelRead(last);
  }

  /**
   * Counts the decoded bytes between the zlib decoder and Netty's forwarder, and drops them once
   * the ratio is passed, failing the chunk's decoding (so that the body never looks complete).
   * Netty inflates a chunk to its end whatever happens downstream: one chunk (64 KiB at most) is
   * the work a bomb gets before it is stopped.
   */
  private final class RatioMeter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (tooLarge) {
        ReferenceCountUtil.release(msg);
        return;
      }
      decodedBytes += ((ByteBuf) msg).readableBytes();
      if (maxRatio > 0 && decodedBytes > ProtocolOptions.Compression.RATIO_FREE_BYTES
          && decodedBytes > maxRatio * compressedBytes) {
        tooLarge = true;
        ReferenceCountUtil.release(msg);
        throw new DecoderException("decompression ratio passed");
      }
      ctx.fireChannelRead(msg);
    }
  }
}
