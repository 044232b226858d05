#!/usr/bin/env bash
# bench/h2-floor.sh — what HTTP/2 costs against HTTP/1.1 on Rosetta's stack before any gateway
# code runs: the floor server (dev.rosetta.bench.floor.FloorServer, which answers the echo route
# itself) over HTTP/1.1, over HTTP/2 built as Rosetta's front end is (Netty's frame codec and a
# child channel per stream: "streams"), and over HTTP/2 built the leanest way Netty offers (a
# frame listener on the connection: "frames"), driven by the same client (h2load; --h1 for
# HTTP/1.1), 32 connections of one request at a time, 10 B echo bodies.
#
# usage: bench/h2-floor.sh [--smoke] [--no-build] [-r ROUNDS]
#   (default)   3 interleaved rounds of 10 s per variant and rate after a 20 s warm-up of each
#               (~8 min); rates: as fast as the server answers, 9,600 and 4,800 req/s
#   --smoke     checks the script: 1 round, 1 s per run, no warm-up; measures nothing
#   --no-build  use bench/target/benchmarks.jar as it is
# env: OUT (output directory), GW_CPU (1: the servers, one loaded at a time), LOAD_CPU (0: h2load),
#      FLOOR_VARIANTS (the HTTP/2 variants to run beside HTTP/1.1; default "streams frames bare")
#
# Reported, medians over rounds: req/s and the server's CPU time per request (its process's
# user+system time over the run / requests) for each variant and rate, and each HTTP/2 variant's
# CPU per request over HTTP/1.1's. Issue 14 asks that HTTP/2 cost no more CPU per request than
# HTTP/1.1: this says how much of Rosetta's difference (bench/h2.sh) its stack brings by itself.
# Not a test: run it on a quiet machine (docs/benchmarks.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=full; BUILD=yes; ROUNDS=3
while (($#)); do
  case "$1" in
    --smoke) MODE=smoke;; --no-build) BUILD=no;; -r) ROUNDS="$2"; shift;;
    -h|--help) sed -n '2,21p' "$0"; exit 0;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2;;
  esac
  shift
done
if [[ $MODE == full ]]; then DURATION=10; WARMUP=20; else DURATION=1; WARMUP=0; ROUNDS=1; fi
OUT="${OUT:-$ROOT/bench/target/h2-floor-$MODE-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
command -v h2load >/dev/null || { echo "h2load not installed (Debian nghttp2-client)"; exit 2; }
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
if [[ $BUILD == yes ]]; then
  echo "[h2-floor] building benchmarks.jar"
  (cd "$ROOT" && mvn -B -q ${MVN_OFFLINE:+-o} -Pbench package -DskipTests)
fi
GW_CPU="${GW_CPU:-1}"; LOAD_CPU="${LOAD_CPU:-0}"
PIN_LOAD=(); PIN_SERVER=()
if command -v taskset >/dev/null && (($(nproc) >= 2)); then
  PIN_LOAD=(taskset -c "$LOAD_CPU"); PIN_SERVER=(taskset -c "$GW_CPU")
fi
HZ=$(getconf CLK_TCK)
BODY="$OUT/body-10.json"; printf '{"id":"xxxxxxxxxx"}' > "$BODY"
VARIANTS=(http/1.1 ${FLOOR_VARIANTS:-streams frames bare})
declare -A PID PORT
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# One long-lived process per variant, all pinned to GW_CPU: only one is loaded at a time, and a
# process per variant keeps the JIT from recompiling for each switch (as bench/h2.sh explains).
for v in "${VARIANTS[@]}"; do
  PORT[$v]=$(free_port)
  args=(); [[ $v == http/1.1 ]] || args=(--h2 "$v")
  "${PIN_SERVER[@]}" java -Xms64m -Xmx256m -XX:+UseParallelGC -cp "$BENCH_JAR" dev.rosetta.bench.floor.FloorServer \
    "${PORT[$v]}" "${args[@]}" > "$OUT/server-${v//\//}.log" 2>&1 &
  PID[$v]=$!; PIDS+=($!)
done
for v in "${VARIANTS[@]}"; do
  for _ in $(seq 1 100); do grep -q "floor server on" "$OUT/server-${v//\//}.log" && break; sleep 0.1; done
  grep -q "floor server on" "$OUT/server-${v//\//}.log" || { echo "[h2-floor] $v did not start" >&2; exit 1; }
done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# client VARIANT H2LOAD_ARGS...: h2load against one variant's server.
client() {
  local v=$1; shift
  local h1=(); [[ $v == http/1.1 ]] && h1=(--h1)
  "${PIN_LOAD[@]}" h2load "${h1[@]}" -t1 -c32 -m1 "$@" -d "$BODY" -H 'content-type: application/json' \
    "http://127.0.0.1:${PORT[$v]}/v1/example/echo_body"
}
if ((WARMUP > 0)); then
  for v in "${VARIANTS[@]}"; do client "$v" -D"${WARMUP}s" > /dev/null 2>&1 || true; done
fi

echo "[h2-floor] load average before: $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS round(s) of ${DURATION} s per run; output $OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
printf 'round\tvariant\trate\treq/s\tcpu_us_per_req\n' > "$OUT/runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
  # Odd rounds run the variants in order, even rounds in reverse.
  ORDER=("${VARIANTS[@]}")
  if ! ((round % 2)); then
    ORDER=(); for ((i = ${#VARIANTS[@]} - 1; i >= 0; i--)); do ORDER+=("${VARIANTS[$i]}"); done
  fi
  for rate in 0 9600 4800; do
    for v in "${ORDER[@]}"; do
      rps=(); ((rate > 0)) && rps=(--rps=$((rate / 32)))
      log="$OUT/r$round-${v//\//}-$rate.txt"
      t0=$(ticks "${PID[$v]}")
      client "$v" -D"${DURATION}s" "${rps[@]}" > "$log" 2>&1 || true
      t1=$(ticks "${PID[$v]}")
      done_=$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' "$log")
      secs=$(sed -n 's/^finished in \([0-9.]*\)s,.*/\1/p' "$log")
      [[ -n "$done_" && -n "$secs" && "$done_" != 0 ]] || { echo "[h2-floor] r$round $v $rate: h2load failed: $(tail -2 "$log" | tr '\n' ' ')"; continue; }
      awk -v r="$round" -v v="$v" -v rate="$rate" -v d="$done_" -v s="$secs" -v t=$((t1 - t0)) -v hz="$HZ" \
        'BEGIN { printf "%s\t%s\t%s\t%.0f\t%.2f\n", r, v, rate, d / s, 1e6 * t / hz / d }' | tee -a "$OUT/runs.tsv" \
        | awk -F'\t' '{ printf "[h2-floor] r%s %-8s rate %-5s %8s req/s %7s us/req\n", $1, $2, $3, $4, $5 }'
    done
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

awk -F'\t' -v before="$LOAD_BEFORE" -v after="$LOAD_AFTER" -v variants="${VARIANTS[*]}" '
  function med(s,   n, a, i, j, t) { n = split(s, a, " "); if (!n) return -1
    for (i = 2; i <= n; i++) { t = a[i]; j = i - 1; while (j > 0 && a[j] + 0 > t + 0) { a[j+1] = a[j]; j-- } a[j+1] = t }
    return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
  NR == 1 { next }
  { k = $2 SUBSEP $3; rps[k] = rps[k] " " $4; cpu[k] = cpu[k] " " $5 }
  END {
    printf "load average %s before, %s after\n\n", before, after
    nv = split(variants, v, " ")
    head = "| rate |"; rule = "|---|"
    for (i = 1; i <= nv; i++) { head = head " " (v[i] == "http/1.1" ? "HTTP/1.1" : "h2 " v[i]) " req/s, µs/req |"; rule = rule "---:|" }
    for (i = 2; i <= nv; i++) { head = head " " v[i] " / HTTP/1.1 |"; rule = rule "---:|" }
    print head; print rule
    split("0 9600 4800", rates, " ")
    for (r = 1; r <= 3; r++) { rate = rates[r]; h = med(cpu["http/1.1" SUBSEP rate])
      line = "| " (rate == 0 ? "as fast as served" : rate " req/s") " |"
      for (i = 1; i <= nv; i++) line = line sprintf(" %.0f, %.2f |", med(rps[v[i] SUBSEP rate]), med(cpu[v[i] SUBSEP rate]))
      for (i = 2; i <= nv; i++) { c = med(cpu[v[i] SUBSEP rate]); line = line " " (h > 0 && c > 0 ? sprintf("%.2f", c / h) : "-") " |" }
      print line }
  }' "$OUT/runs.tsv" > "$OUT/results.md"
echo; echo "================ h2-floor.sh results ($MODE: $ROUNDS round(s) x $DURATION s) ================"
cat "$OUT/results.md"
