package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The close of a connection whose client may still be sending lingers, however many closes ask
 * for it: Netty's HTTP/2 handler closes twice after a connection error (the second once its
 * GOAWAY is written), and a second close that went through at once reset the connection with the
 * client's bytes unread, so a client still writing its oversized frame never read the GOAWAY
 * (Http2AbuseTest.aFrameLargerThanAllowedIsAConnectionError failed so on a busy machine).
 */
class LingeringCloseTest {
  @Test
  void everyCloseWaitsForTheLingerAndTheClientsBytesAreDroppedMeanwhile() {
    EmbeddedChannel channel = new EmbeddedChannel(LingeringClose.onClose());
    // Through the pipeline, as a handler closes: EmbeddedChannel.close() would cancel the linger's timer.
    ChannelFuture first = channel.pipeline().close();
    ChannelFuture second = channel.pipeline().close();
    assertThat(channel.isOpen()).as("open while lingering, after two closes").isTrue();
    assertThat(first.isDone()).isFalse();
    assertThat(second.isDone()).isFalse();

    ByteBuf stillSending = Unpooled.copiedBuffer(new byte[4096]);
    channel.writeInbound(stillSending);
    assertThat(stillSending.refCnt()).as("read and dropped, so no reset").isZero();
    assertThat((Object) channel.readInbound()).isNull();

    channel.advanceTimeBy(LingeringClose.LINGER_MILLIS, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isFalse();
    assertThat(first.isSuccess()).isTrue();
    assertThat(second.isSuccess()).isTrue();
  }

  @Test
  void theClientClosingItsSideEndsTheLingerAtOnce() {
    EmbeddedChannel channel = new EmbeddedChannel(LingeringClose.onClose());
    ChannelFuture close = channel.pipeline().close();
    assertThat(channel.isOpen()).isTrue();
    channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    assertThat(channel.isOpen()).isFalse();
    assertThat(close.isSuccess()).as("the lingering close is done too").isTrue();
  }
}
