package dev.rosetta.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak check every test class relies on does see a leaked buffer. */
class LeakRecorderTest {
  @Test
  void detectorRunsAtParanoidLevel() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void aBufferDroppedWithoutReleaseIsReported() {
    LeakRecorder.drain();
    leakOne();
    List<String> leaks = new ArrayList<>();
    for (int i = 0; i < 10 && leaks.isEmpty(); i++) {
      leaks.addAll(LeakRecorder.drain());
    }
    assertThat(leaks).isNotEmpty();
    assertThat(leaks.get(0)).contains("LEAK of ByteBuf");
  }

  private static void leakOne() {
    PooledByteBufAllocator.DEFAULT.directBuffer(64).writeInt(42);
  }
}
