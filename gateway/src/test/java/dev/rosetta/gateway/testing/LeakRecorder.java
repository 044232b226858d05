package dev.rosetta.gateway.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records every leak Netty's detector reports, so tests can fail on them instead of the report
 * scrolling by in a log. Installed once per JVM before the first buffer is allocated (see
 * {@link LeakRecorderSessionListener}); the detector's level comes from the surefire config
 * ({@code io.netty.leakDetection.level=paranoid}).
 */
public final class LeakRecorder {
  private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();
  private static volatile boolean installed;

  private LeakRecorder() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    installed = true;
  }

  /**
   * Collects garbage, makes the detectors poll their queues, and returns what they reported since
   * the last call.
   */
  public static List<String> drain() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      System.runFinalization();
      // Detection happens when a detector tracks a new object: allocate on both allocators.
      ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
      pooled.release();
      ByteBuf heap = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
      heap.release();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<String> out = new ArrayList<>();
    for (String leak; (leak = LEAKS.poll()) != null; ) {
      out.add(leak);
    }
    return out;
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
      return newResourceLeakDetector(resource, samplingInterval);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
      ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval);
      detector.setLeakListener((type, records) -> LEAKS.add("LEAK of " + type + ":\n" + records));
      return detector;
    }
  }
}
