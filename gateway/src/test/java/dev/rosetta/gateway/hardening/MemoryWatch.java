package dev.rosetta.gateway.hardening;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

/** Samples heap and the direct memory of Netty's default allocator (the gateway's) every few milliseconds and keeps the peaks. */
final class MemoryWatch {
  record Peak(long heapBytes, long directBytes) {}

  private final Thread sampler;
  private final long heapBaseline;
  private volatile boolean running = true;
  private volatile long peakHeap;
  private volatile long peakDirect;

  private MemoryWatch() {
    Runtime rt = Runtime.getRuntime();
    heapBaseline = rt.totalMemory() - rt.freeMemory();
    sampler = new Thread(() -> {
      while (running) {
        long heap = rt.totalMemory() - rt.freeMemory() - heapBaseline;
        long direct = directInUse();
        peakHeap = Math.max(peakHeap, heap);
        peakDirect = Math.max(peakDirect, direct);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "memory-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Direct memory held by the allocator the gateway's channels use (adaptive in Netty 4.2). */
  static long directInUse() {
    return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
  }

  static MemoryWatch start() {
    System.gc();
    return new MemoryWatch();
  }

  Peak stop() throws InterruptedException {
    running = false;
    sampler.join();
    return new Peak(peakHeap, peakDirect);
  }
}
