#!/usr/bin/env bash
# bench/grpc.sh — native gRPC through the gateway against the same client calling the backend
# directly (issue 15, item 6): what the gateway's hop costs a gRPC client.
#
# usage: bench/grpc.sh [--smoke | --check] [--no-build] [--floor] [-d SECONDS] [-w SECONDS] [-r ROUNDS]
#                      [-c CONCURRENCY] [-n CONNECTIONS]
#   (default)   the lead's run: 3 interleaved rounds, 30 s warm-up + 10 s measured per case and
#               target (~13 min); the warm-up is long because each run's client is a fresh JVM,
#               and after 8 s a direct client still served a fifth fewer calls (docs/benchmarks.md)
#   --smoke     checks the script: 1 round, 1 s warm-up + 2 s per run; measures nothing
#   --check     one call of each case, directly and through the gateway, its answer checked; no load
#   --no-build  use gateway/target/gateway.jar and bench/target/benchmarks.jar as they are
#   --floor     a third target beside direct and the gateway: the floor of a gRPC hop on the same
#               stack (dev.rosetta.bench.grpc.GrpcProxyFloor: grpc-java's server and client over
#               one epoll loop group, bytes forwarded, nothing else), pinned as the gateway is
#   -d N, -w N  seconds measured, seconds of warm-up, per run (defaults 10 and 30); -r N rounds (3)
#   -c N        calls in flight, closed loop (default 32); -n N connections they share (default 4)
# env: OUT (output directory), ROSETTA_JVM (the gateway's JVM flags), GW_CPU (1), LOAD_CPU (0)
#
# Cases, all rosetta.bench.v1.BenchService (bench/src/main/proto) served by
# dev.rosetta.bench.grpc.BenchBackend, whose methods do nothing but answer:
#   unary-10B    Echo of a Payload of 10 bytes (12 on the wire), answered with the same bytes
#   unary-1KB    Echo of a Payload of 1,024 bytes
#   stream-1000  Stream: 1,000 Payloads of 10 bytes per call; a call ends after the last one
# The same client (dev.rosetta.bench.grpc.GrpcLoad: grpc-java, a fresh JVM per run, every answer
# checked) runs each case against the backend directly and through the gateway (native gRPC, h2c
# by prior knowledge on the gateway's one port), in the other order the next round. The gateway
# runs pinned alone on GW_CPU; the backend and the client share LOAD_CPU. Reported, medians over
# rounds: calls/s (a stream counts once), p50 and p99 of a whole call, what the gateway adds to
# them, the via/direct calls/s ratio, and the gateway's CPU time per call and per message
# (utime+stime of its process over the measured window, read by the client from /proc). The load
# average is printed before and after: run it on a quiet machine. Output: OUT/results.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=full; BUILD=yes; FLOOR=no; DURATION=10; WARMUP=30; ROUNDS=3; CONCURRENCY=32; CONNECTIONS=4
while (($#)); do
  case "$1" in
    --smoke) MODE=smoke; DURATION=2; WARMUP=1; ROUNDS=1;;
    --check) MODE=check;; --no-build) BUILD=no;; --floor) FLOOR=yes;;
    -d) DURATION=$2; shift;; -w) WARMUP=$2; shift;; -r) ROUNDS=$2; shift;;
    -c) CONCURRENCY=$2; shift;; -n) CONNECTIONS=$2; shift;;
    -h|--help) sed -n '2,32p' "$0"; exit 0;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2;;
  esac
  shift
done
OUT="${OUT:-$ROOT/bench/target/grpc-$MODE-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
GW_JAR="$ROOT/gateway/target/gateway.jar"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
BENCH_SET="$ROOT/bench/target/classes/rosetta/bench/bench.pb"
# As the other benches: a fixed heap with the parallel collector, one GC thread on the pinned core.
ROSETTA_JVM="${ROSETTA_JVM:--Xms512m -Xmx512m -XX:+UseParallelGC}"
JAVA_LOAD=(java -Xms256m -Xmx256m -XX:+UseParallelGC -cp "$BENCH_JAR")
GW_CPU="${GW_CPU:-1}"; LOAD_CPU="${LOAD_CPU:-0}"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

if [[ $BUILD == yes ]]; then
  echo "[grpc] building gateway.jar and benchmarks.jar"
  (cd "$ROOT" && mvn -B -q ${MVN_OFFLINE:+-o} -Pbench package -DskipTests)
fi
[[ -f $BENCH_SET ]] || { echo "[grpc] $BENCH_SET missing: build with -Pbench (or drop --no-build)" >&2; exit 2; }
PIN_LOAD=(); PIN_GATEWAY=()
if [[ $MODE != check ]] && command -v taskset >/dev/null && (($(nproc) >= 2)); then
  PIN_LOAD=(taskset -c "$LOAD_CPU"); PIN_GATEWAY=(taskset -c "$GW_CPU")
fi

# await LOG TEXT: waits for TEXT in LOG (30 s at most) and prints the line.
await() {
  for _ in $(seq 1 300); do
    if grep -q "$2" "$1"; then grep -m1 "$2" "$1"; return 0; fi
    sleep 0.1
  done
  echo "[grpc] timed out waiting for '$2' in $1:" >&2; tail -20 "$1" >&2; exit 1
}

# Both on port 0: each says the port it got (no fixed port to collide with another bench).
# taskset execs java, so $! is the JVM's pid, the one whose /proc/PID/stat the client reads.
"${PIN_LOAD[@]}" "${JAVA_LOAD[@]}" dev.rosetta.bench.grpc.BenchBackend --port 0 > "$OUT/backend.log" 2>&1 &
PIDS+=($!)
BACKEND_PORT=$(await "$OUT/backend.log" "listening on" | sed 's/.*://')
"${PIN_GATEWAY[@]}" java $ROSETTA_JVM -jar "$GW_JAR" --descriptor "$BENCH_SET" \
  --backend "127.0.0.1:$BACKEND_PORT" --bind 127.0.0.1 --port 0 --admin-port -1 --no-watch-descriptors \
  > "$OUT/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)
GATEWAY_PORT=$(await "$OUT/gateway.log" "listening on" | sed -E 's/.*:([0-9]+) \(.*/\1/')
declare -A TARGET=([direct]="127.0.0.1:$BACKEND_PORT" [gateway]="127.0.0.1:$GATEWAY_PORT")
declare -A CPU_PID=([direct]="$GATEWAY_PID" [gateway]="$GATEWAY_PID")
VIAS=(direct gateway)
echo "[grpc] backend :$BACKEND_PORT, gateway :$GATEWAY_PORT (pid $GATEWAY_PID); output $OUT"
if [[ $FLOOR == yes ]]; then
  # Its JVM flags are the gateway's, so that the two hops differ only by their code.
  "${PIN_GATEWAY[@]}" java $ROSETTA_JVM -cp "$BENCH_JAR" dev.rosetta.bench.grpc.GrpcProxyFloor \
    --backend "127.0.0.1:$BACKEND_PORT" --port 0 > "$OUT/floor.log" 2>&1 &
  FLOOR_PID=$!
  PIDS+=($FLOOR_PID)
  FLOOR_PORT=$(await "$OUT/floor.log" "listening on" | sed -E 's/.*:([0-9]+) \(.*/\1/')
  TARGET[floor]="127.0.0.1:$FLOOR_PORT"; CPU_PID[floor]=$FLOOR_PID; VIAS+=(floor)
  echo "[grpc] floor proxy :$FLOOR_PORT (pid $FLOOR_PID)"
fi

# The cases: name and GrpcLoad's options.
CASES=("unary-10B|--call unary --size 10" "unary-1KB|--call unary --size 1024"
       "stream-1000|--call stream --messages 1000 --size 10")

failed=0
for c in "${CASES[@]}"; do
  for via in "${VIAS[@]}"; do
    # shellcheck disable=SC2086  # the case's options are words
    "${JAVA_LOAD[@]}" dev.rosetta.bench.grpc.GrpcLoad --target "${TARGET[$via]}" ${c#*|} --check \
      | sed "s/^/[grpc] $via: /" || failed=1
  done
done
((failed == 0)) || { echo "[grpc] a check failed; see above" >&2; exit 1; }
[[ $MODE == check ]] && exit 0

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "[grpc] load average before: $LOAD_BEFORE; $ROUNDS round(s), ${WARMUP} s warm-up + ${DURATION} s per run, $CONCURRENCY calls in flight over $CONNECTIONS connections"
printf 'round\tcase\ttarget\tcalls\tseconds\tp50_us\tp99_us\terrors\tmessages\tgw_ticks\n' > "$OUT/runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
  if ((round % 2)); then ORDER=("${VIAS[@]}"); else ORDER=(); for ((i = ${#VIAS[@]} - 1; i >= 0; i--)); do ORDER+=("${VIAS[i]}"); done; fi
  for c in "${CASES[@]}"; do
    name=${c%%|*}
    for via in "${ORDER[@]}"; do
      log="$OUT/$name.$via.r$round.txt"
      # shellcheck disable=SC2086
      "${PIN_LOAD[@]}" "${JAVA_LOAD[@]}" dev.rosetta.bench.grpc.GrpcLoad --target "${TARGET[$via]}" ${c#*|} \
        --concurrency "$CONCURRENCY" --connections "$CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" \
        --cpu-pid "${CPU_PID[$via]}" > "$log" 2>&1 || true
      res=$(grep '^GRPCRESULT' "$log") || { echo "[grpc] round $round $name $via: no result: $(tail -3 "$log" | tr '\n' ' ')"; continue; }
      echo "[grpc] round $round $name $via: ${res#GRPCRESULT }"
      sed -n "s/^GRPCRESULT calls=\([0-9]*\) seconds=\([0-9.]*\) p50_us=\([0-9.]*\) p99_us=\([0-9.]*\) errors=\([0-9]*\) messages=\([0-9]*\) cpu_ticks=\([0-9]*\).*/$round\t$name\t$via\t\1\t\2\t\3\t\4\t\5\t\6\t\7/p" \
        "$log" >> "$OUT/runs.tsv"
    done
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- medians over rounds, the gateway against direct on each case
awk -F'\t' -v tick="$(getconf CLK_TCK)" -v before="$LOAD_BEFORE" -v after="$LOAD_AFTER" '
  function med(s,   n, a, i, j, t) { n = split(s, a, " "); if (!n) return -1
    for (i = 2; i <= n; i++) { t = a[i]; j = i - 1; while (j > 0 && a[j] + 0 > t + 0) { a[j+1] = a[j]; j-- } a[j+1] = t }
    return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
  function f(x, fmt) { return x < 0 ? "-" : sprintf(fmt, x) }
  NR == 1 { next }
  { k = $2 SUBSEP $3; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 }
    rps[k] = rps[k] " " $4 / $5; p50[k] = p50[k] " " $6 / 1000; p99[k] = p99[k] " " $7 / 1000; err[k] += $8
    if ($3 == "gateway" && $4 > 0) { cpu[$2] = cpu[$2] " " ($10 / tick) * 1e6 / $4; msg[$2] = msg[$2] " " ($10 / tick) * 1e6 / $9 }
    if ($3 == "floor" && $4 > 0) { fcpu[$2] = fcpu[$2] " " ($10 / tick) * 1e6 / $4; floor = 1 } }
  END {
    printf "load average %s before, %s after\n\n", before, after
    print "| case | direct calls/s | via gateway calls/s | via/direct | direct p50 ms | via p50 ms | added p50 ms | direct p99 ms | via p99 ms | added p99 ms | gateway CPU µs/call | gateway CPU µs/message | errors (direct, via) |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) { c = order[i]; d = c SUBSEP "direct"; g = c SUBSEP "gateway"
      rd = med(rps[d]); rg = med(rps[g]); d50 = med(p50[d]); g50 = med(p50[g]); d99 = med(p99[d]); g99 = med(p99[g])
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d, %d |\n", c, f(rd, "%.0f"), f(rg, "%.0f"),
        (rd > 0 && rg >= 0) ? sprintf("%.2f", rg / rd) : "-", f(d50, "%.2f"), f(g50, "%.2f"),
        (d50 >= 0 && g50 >= 0) ? sprintf("%.2f", g50 - d50) : "-", f(d99, "%.2f"), f(g99, "%.2f"),
        (d99 >= 0 && g99 >= 0) ? sprintf("%.2f", g99 - d99) : "-", f(med(cpu[c]), "%.1f"), f(med(msg[c]), "%.2f"),
        err[d], err[g] }
    if (!floor) exit
    print "\nThe floor of a gRPC hop on the same stack (GrpcProxyFloor), against direct and against the gateway:\n"
    print "| case | floor calls/s | floor/direct | gateway/floor calls/s | floor added p50 ms | floor added p99 ms | floor CPU µs/call | gateway/floor CPU per call | errors (floor) |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) { c = order[i]; d = c SUBSEP "direct"; g = c SUBSEP "gateway"; fl = c SUBSEP "floor"
      rd = med(rps[d]); rg = med(rps[g]); rf = med(rps[fl]); cg = med(cpu[c]); cf = med(fcpu[c])
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", c, f(rf, "%.0f"),
        (rd > 0 && rf >= 0) ? sprintf("%.2f", rf / rd) : "-", (rf > 0 && rg >= 0) ? sprintf("%.2f", rg / rf) : "-",
        (med(p50[d]) >= 0 && med(p50[fl]) >= 0) ? sprintf("%.2f", med(p50[fl]) - med(p50[d])) : "-",
        (med(p99[d]) >= 0 && med(p99[fl]) >= 0) ? sprintf("%.2f", med(p99[fl]) - med(p99[d])) : "-",
        f(cf, "%.1f"), (cf > 0 && cg >= 0) ? sprintf("%.2f", cg / cf) : "-", err[fl] }
  }' "$OUT/runs.tsv" > "$OUT/results.md"
echo; echo "================ grpc.sh results ($MODE: $ROUNDS round(s) x $DURATION s, $CONCURRENCY in flight over $CONNECTIONS connections) ================"
cat "$OUT/results.md"
echo "(calls/s: a stream of 1,000 messages counts once; p50/p99: a whole call, the stream's last message included)"
