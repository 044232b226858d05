package dev.rosetta.bench.grpc;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The load client of bench/grpc.sh: grpc-java calls to {@code rosetta.bench.v1.BenchService}, the
 * same whether the target is the backend itself or the gateway in front of it, so the difference
 * between the two runs is the gateway's hop. A closed loop ({@link ClosedLoop}) keeps
 * {@code --concurrency} calls in flight over {@code --connections} connections, for a warm-up
 * (the client's own JIT, and the gateway's) and then a measured window; every answer is checked
 * (a wrong one counts as an error, not as a call). Output: one {@code GRPCRESULT} line, see
 * {@link LoadOptions#USAGE}.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.rosetta.bench.grpc.GrpcLoad --target
 * 127.0.0.1:PORT --call unary --size 10}.
 */
public final class GrpcLoad {
  private GrpcLoad() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
      System.out.print(LoadOptions.USAGE);
      return;
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("GrpcLoad: " + e.getMessage());
      System.err.print(LoadOptions.USAGE);
      System.exit(2);
      return;
    }
    CallShape shape = options.shape();
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < options.connections(); i++) {
      channels.add(NettyChannelBuilder.forAddress(options.host(), options.port())
          .usePlaintext()
          .directExecutor()
          .build());
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "grpc-load-retry");
      thread.setDaemon(true);
      return thread;
    });
    int exit = 0;
    try {
      if (options.check()) {
        exit = check(channels.get(0), shape, options) ? 0 : 1;
      } else {
        run(channels, shape, options, timer);
      }
    } finally {
      for (ManagedChannel channel : channels) {
        channel.shutdownNow();
      }
      for (ManagedChannel channel : channels) {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
      timer.shutdownNow();
    }
    System.exit(exit);
  }

  private static void run(List<ManagedChannel> channels, CallShape shape, LoadOptions options,
      ScheduledExecutorService timer) throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.getState(true);  // connect now, not inside the first timed calls
    }
    ClosedLoop loop = new ClosedLoop(channels, shape, timer);
    ClosedLoop.Window warmup = new ClosedLoop.Window();
    loop.start(options.concurrency(), warmup);
    sleepSeconds(options.warmupSeconds());
    ClosedLoop.Window measured = new ClosedLoop.Window();
    long ticks0 = cpuTicks(options.cpuPid());
    long t0 = System.nanoTime();
    loop.countInto(measured);
    sleepSeconds(options.durationSeconds());
    loop.stop();
    long t1 = System.nanoTime();
    long ticks1 = cpuTicks(options.cpuPid());
    String firstError = measured.firstError.get() != null ? measured.firstError.get() : warmup.firstError.get();
    if (firstError != null) {
      System.err.println("GrpcLoad: first error: " + firstError);
    }
    System.out.printf(Locale.ROOT,
        "GRPCRESULT calls=%d seconds=%.3f p50_us=%.1f p99_us=%.1f errors=%d messages=%d cpu_ticks=%d warmup_errors=%d%n",
        measured.calls.sum(), (t1 - t0) / 1e9, measured.latencies.quantile(0.50) / 1e3,
        measured.latencies.quantile(0.99) / 1e3, measured.errors.sum(), measured.messages.sum(),
        ticks1 - ticks0, warmup.errors.sum());
  }

  /** One call, its answer checked; says what it got. */
  private static boolean check(ManagedChannel channel, CallShape shape, LoadOptions options) {
    String target = options.host() + ":" + options.port() + " " + shape.name();
    CallOptions callOptions = CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
    List<byte[]> answers = new ArrayList<>();
    try {
      if (shape.isUnary()) {
        answers.add(ClientCalls.blockingUnaryCall(channel, shape.method(), callOptions, shape.request()));
      } else {
        ClientCalls.blockingServerStreamingCall(channel, shape.method(), callOptions, shape.request())
            .forEachRemaining(answers::add);
      }
    } catch (StatusRuntimeException e) {
      System.out.println("check FAILED: " + target + ": " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      return false;
    }
    long expected = answers.stream().filter(shape::isExpected).count();
    boolean ok = answers.size() == shape.messages() && expected == answers.size();
    System.out.println("check " + (ok ? "ok" : "FAILED") + ": " + target + ": " + answers.size() + " messages ("
        + shape.messages() + " expected), " + expected + " as expected, "
        + answers.stream().mapToLong(a -> a.length).sum() + " bytes");
    return ok;
  }

  /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat); 0 for pid 0. */
  private static long cpuTicks(int pid) {
    if (pid == 0) {
      return 0;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the CPU time of process " + pid + ": " + e.getMessage(), e);
    }
  }

  private static void sleepSeconds(double seconds) throws InterruptedException {
    Thread.sleep((long) (seconds * 1000));
  }
}
