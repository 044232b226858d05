package dev.rosetta.bench.grpc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@link GrpcLoad}, parsed from {@code --name value} pairs. A bad or missing value
 * fails with a message naming the option and what it expects.
 */
record LoadOptions(String host, int port, String call, int size, int messages, int concurrency, int connections,
    double warmupSeconds, double durationSeconds, int cpuPid, boolean check) {

  static final String USAGE = """
      usage: GrpcLoad --target HOST:PORT [--call unary|stream] [--size BYTES] [--messages N]
                      [--concurrency N] [--connections N] [--warmup SECONDS] [--duration SECONDS]
                      [--cpu-pid PID] [--check]
        --call         unary: BenchService/Echo of a Payload of --size bytes (default);
                       stream: BenchService/Stream of --messages Payloads of --size bytes
        --concurrency  calls in flight at any time (closed loop), default 32
        --connections  HTTP/2 connections (one grpc-java channel each) the calls are spread over, default 4
        --warmup       seconds of load before the measured window (not counted), default 5
        --duration     seconds measured, default 10
        --cpu-pid      a process whose CPU ticks (utime + stime, /proc/PID/stat) over the measured
                       window are reported (cpu_ticks=): the gateway's
        --check        make one call, check its answer, print it and exit (0 when right)
      prints one line: GRPCRESULT calls= seconds= p50_us= p99_us= errors= messages= cpu_ticks= warmup_errors=
      """;

  private static final List<String> FLAGS = List.of("--check");

  static LoadOptions parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (FLAGS.contains(name)) {
        values.put(name, "true");
        continue;
      }
      if (!name.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, got '" + name + "'");
      }
      values.put(name, args[++i]);
    }
    String target = values.remove("--target");
    if (target == null || target.lastIndexOf(':') < 1) {
      throw new IllegalArgumentException("--target HOST:PORT is required, got " + target);
    }
    String call = values.getOrDefault("--call", "unary");
    values.remove("--call");
    if (!call.equals("unary") && !call.equals("stream")) {
      throw new IllegalArgumentException("--call must be unary or stream, got " + call);
    }
    LoadOptions options = new LoadOptions(
        target.substring(0, target.lastIndexOf(':')),
        number("--target port", target.substring(target.lastIndexOf(':') + 1), null, 1, 65535),
        call,
        number("--size", values.remove("--size"), 10, 0, 1 << 20),
        number("--messages", values.remove("--messages"), 1000, 1, 1_000_000),
        number("--concurrency", values.remove("--concurrency"), 32, 1, 10_000),
        number("--connections", values.remove("--connections"), 4, 1, 1_000),
        seconds("--warmup", values.remove("--warmup"), 5),
        seconds("--duration", values.remove("--duration"), 10),
        number("--cpu-pid", values.remove("--cpu-pid"), 0, 0, Integer.MAX_VALUE),
        "true".equals(values.remove("--check")));
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s) " + values.keySet());
    }
    if (options.durationSeconds <= 0) {
      throw new IllegalArgumentException("--duration must be above 0, got " + options.durationSeconds);
    }
    return options;
  }

  CallShape shape() {
    return call.equals("unary") ? CallShape.unary(size) : CallShape.stream(messages, size);
  }

  /** {@code value} as a whole number in [min, max]; {@code fallback} when absent (null: required). */
  private static int number(String name, String value, Integer fallback, int min, int max) {
    if (value == null && fallback != null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the range
    }
    throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got " + value);
  }

  private static double seconds(String name, String value, double fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      double s = Double.parseDouble(value);
      if (s >= 0 && s <= 3600) {
        return s;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be seconds from 0 to 3600, got " + value);
  }
}
