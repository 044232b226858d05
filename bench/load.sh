#!/usr/bin/env bash
# bench/load.sh — Rosetta vs grpc-gateway vs a bare Netty floor, side by side, one command.
#
# usage: bench/load.sh [--quick | --full] [--codec | --memory] [--neighbour] [--profile] [--no-build] [--docs]
#                      [-- bench.sh options]
#   --quick    smoke run, ~5 min: 1 round, 8 s warm-up + 5 s per case and gateway   (default)
#   --full     the published run, ~18 min: 3 interleaved rounds, 8 s warm-up + 8 s per case
#   --codec    instead of peer/rosetta/floor: Rosetta with --codec reference vs --codec fast
#   --memory   instead of rosetta/floor: Rosetta with the shipped flags (java @docker/jvm.options)
#              vs JVM defaults, both with Native Memory Tracking; see bench/memory.sh
#   --neighbour a busy neighbour on the gateway's core for the whole run (bench/neighbour.py: busy
#              NEIGHBOUR_BUSY percent, default 50, of every 10 ms), the same for every gateway
#   --profile  record a JFR profile of every Rosetta run into OUT/jfr/ (settings=profile)
#   --no-build skip the Maven build (use the jars already in gateway/target and bench/target)
#   --docs     copy the plot and the table into docs/img/ (for docs/benchmarks.md)
#   -- ...     passed to ../shared/peer/bench.sh (e.g. -- -r 5 -C "body:10")
# env: ROSETTA_JVM (JVM flags for Rosetta, default below), OUT (output directory),
#      CASES, PEER_BUILD (see ../shared/peer/README.md), NEIGHBOUR_BUSY, GW_CPU (1: where the
#      peer's bench.sh pins the gateway, and the neighbour)
#
# What it does: builds gateway/target/gateway.jar and bench/target/benchmarks.jar (profile bench),
# runs ../shared/peer/setup.sh (grpc-gateway 1.6.4 and its Go echo backend, from Debian), then
# ../shared/peer/bench.sh with three gateways in front of the same backend, rounds interleaved,
# the gateway pinned alone on CPU 1 and backend + wrk on CPU 0. Then it adds MB/s, the
# Rosetta/grpc-gateway and Rosetta/floor ratios and a response-size check, and draws the PNG.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER="${PEER_DIR:-$ROOT/../shared/peer}"
[[ -x "$PEER/bench.sh" ]] || PEER=/work/shared/peer
MODE=quick; COMPARE=gateways; PROFILE=no; BUILD=yes; DOCS=no; NEIGHBOUR=no; EXTRA=()
while (($#)); do
  case "$1" in
    --quick) MODE=quick;; --full) MODE=full;; --codec) COMPARE=codec;; --memory) COMPARE=memory;; --profile) PROFILE=yes;;
    --no-build) BUILD=no;; --docs) DOCS=yes;; --neighbour) NEIGHBOUR=yes;;
    --) shift; EXTRA=("$@"); break;;
    -h|--help) sed -n '2,25p' "$0"; exit 0;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2;;
  esac
  shift
done

# The issue's cases. path:10 is a body-less request with a 10-byte path variable (see
# docs/benchmarks.md: the peer bench sends POST; there is no GET variant of the echo route with
# a single variable); body:N posts {"id":"<N bytes>"} to a body:"*" route. 1 MiB fits every
# limit on both sides: Rosetta's --max-body-size is 16 MiB, grpc-go's default receive limit
# (backend and grpc-gateway's client) is 4 MiB.
# The first case, body:512, is a JIT warm-up for the two JVMs (Rosetta and the floor): without it
# the first measured cases ran on a cold JIT on the shared core (the floor's req/s rose from
# path:10 to body:1024 in the first full run). It is measured like the others but left out of the
# plot; read it as warm-up.
WARM_CASE=body:512
CASES="${CASES:-$WARM_CASE path:10 body:10 body:1024 body:10240 body:102400 body:1048576}"
# Warm-up: the JIT compiles on the gateway's one pinned core. Measured there, Rosetta's CPU per
# request in the first 10 s of load was 3-4x its steady state (C2 still compiling), so every case
# gets 8 s of warm-up before it is measured; grpc-gateway (Go) gets the same.
# One wrk thread: wrk shares its core with the Go backend, and a second wrk thread there only
# added switching (grpc-gateway's path:10 rose from ~15.6k to ~20.4k req/s with -t1 here).
if [[ $MODE == full ]]; then ARGS=(-r 3 -t 1 -w 8s -d 8s); else ARGS=(-r 1 -t 1 -w 8s -d 5s); fi
SUFFIX=""; [[ $NEIGHBOUR == yes ]] && SUFFIX=-neighbour
OUT="${OUT:-$ROOT/bench/target/load-$COMPARE-$MODE$SUFFIX-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# Rosetta's JVM: a fixed 512 MiB heap with the parallel collector (one GC thread on the pinned
# core); everything else as shipped. 32 connections x 1 MiB bodies keep ~130 MiB of bodies and
# their copies live: with 256 MiB the young collections at 1 MiB cost ~30% of its req/s (134 vs
# 190 req/s side by side), a cliff that is the heap's, not the gateway's.
ROSETTA_JVM="${ROSETTA_JVM:--Xms512m -Xmx512m -XX:+UseParallelGC}"
if [[ $PROFILE == yes ]]; then
  mkdir -p "$OUT/jfr"
  ROSETTA_JVM="$ROSETTA_JVM -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$OUT/jfr/"
fi

if [[ $BUILD == yes ]]; then
  echo "[load] building gateway.jar and benchmarks.jar"
  (cd "$ROOT" && mvn -B -q ${MVN_OFFLINE:+-o} -Pbench package -DskipTests)
fi
if [[ $DOCS == yes && ! -f $ROOT/bench/target/benchmarks.jar ]]; then
  # Checked before the run, not after it: the table alone would sit in docs/img beside an older plot.
  echo "--docs needs bench/target/benchmarks.jar to draw the plot: drop --no-build, or mvn -Pbench package" >&2
  exit 2
fi
echo "[load] peer setup (grpc-gateway from Debian)"
"$PEER/setup.sh" > "$OUT/setup.log" 2>&1 || { tail -20 "$OUT/setup.log"; exit 2; }

# Both gateways get the echo service alone, compiled from the same sources setup.sh keeps: the
# routes under load are the same, and Rosetta's table holds no routes grpc-gateway's lacks.
source "${PEER_BUILD:-/tmp/peer-build}/env.sh"
ECHO_SET="$OUT/echo_service.protoset"
protoc -I"$PEER_BUILD/descriptors/proto" -I/usr/include --include_imports --descriptor_set_out="$ECHO_SET" \
  examples/proto/examplepb/echo_service.proto
GW_JAR="$ROOT/gateway/target/gateway.jar"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
rosetta() {  # rosetta EXTRA_FLAGS: the command bench.sh runs (it exports DESCRIPTOR_SET, BACKEND_ADDR)
  echo "exec java $ROSETTA_JVM -jar $GW_JAR --descriptor $ECHO_SET --backend \"\$BACKEND_ADDR\" --port 8080 $1"
}
if [[ $COMPARE == memory ]]; then
  # The marker property lets bench/memory.sh find each JVM to sample; NMT costs both alike.
  nmt() { echo "-XX:NativeMemoryTracking=summary -Drosetta.bench.config=$1"; }
  GATEWAYS=(peer
    "shipped=cd $ROOT && exec java @docker/jvm.options $(nmt shipped) -jar $GW_JAR --descriptor $ECHO_SET --backend \"\$BACKEND_ADDR\" --port 8080"
    "defaults=exec java $(nmt defaults) -jar $GW_JAR --descriptor $ECHO_SET --backend \"\$BACKEND_ADDR\" --port 8080")
  BASE=peer; MAIN=shipped; FLOOR=defaults
elif [[ $COMPARE == codec ]]; then
  GATEWAYS=("reference=$(rosetta '--codec reference')" "fast=$(rosetta '--codec fast')")
  BASE=reference; MAIN=fast; FLOOR=""
else
  GATEWAYS=(peer "rosetta=$(rosetta '')" "floor=exec java -Xms64m -Xmx256m -XX:+UseParallelGC -cp $BENCH_JAR dev.rosetta.bench.floor.FloorServer 8080")
  BASE=peer; MAIN=rosetta; FLOOR=floor
fi

echo "[load] $MODE run, cases: $CASES; output $OUT"
if [[ $NEIGHBOUR == yes ]]; then
  # Started before the first gateway and stopped after the last, so that every gateway and round
  # meets it alike.
  taskset -c "${GW_CPU:-1}" python3 "$ROOT/bench/neighbour.py" --busy "${NEIGHBOUR_BUSY:-50}" &
  NEIGHBOUR_PID=$!
  trap 'kill "$NEIGHBOUR_PID" 2>/dev/null || true' EXIT
  echo "[load] a busy neighbour on CPU ${GW_CPU:-1}: ${NEIGHBOUR_BUSY:-50}% of every 10 ms (pid $NEIGHBOUR_PID)"
fi
"$PEER/bench.sh" -o "$OUT" -C "$CASES" "${ARGS[@]}" "${EXTRA[@]}" "${GATEWAYS[@]}" | tee "$OUT/bench.txt"

# ---- response-size check over every response: wrk's bytes read / requests, per label and case
# (median over rounds). Each response carries the echoed id, so a short average means some
# responses were not the echo (errors, truncation) even where they were 2xx.
for f in "$OUT"/*.r[0-9]*.*_*B.txt; do
  [[ $f == *warmup* ]] && continue
  b=$(basename "$f" .txt); label=${b%%.*}; cname=${b##*.}
  sed -n "s/^WRKRESULT requests=\([0-9]*\) duration_us=[0-9]* bytes=\([0-9]*\).*/$label\t$cname\t\1\t\2/p" "$f"
done > "$OUT/bytes.tsv"

# ---- table: medians from bench.sh's summary.tsv, plus MB/s and ratios
awk -F'\t' -v base="$BASE" -v main="$MAIN" -v floor="$FLOOR" '
  FNR == NR { k = $1 SUBSEP $2; if ($3 > 0) { avg = $4 / $3; resp[k] = resp[k] " " avg } next }
  FNR == 1 { next }
  function med(s,   n, a, i, j, t) { n = split(s, a, " "); if (!n) return 0
    for (i = 2; i <= n; i++) { t = a[i]; j = i - 1; while (j > 0 && a[j] + 0 > t + 0) { a[j+1] = a[j]; j-- } a[j+1] = t }
    return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
  function r(a, b) { return (a + 0 > 0 && b + 0 > 0) ? sprintf("%.2f", a / b) : "-" }
  { k = $1 SUBSEP $2; rps[k] = $3; p50[k] = $5; p99[k] = $6; err[k] = $7; cpu[k] = $8; rss[k] = $10
    if (!($2 in seen)) { seen[$2] = 1; cases[++nc] = $2 } if (!($1 in lseen)) { lseen[$1] = 1; labels[++nl] = $1 } }
  END {
    printf "| case | gateway | req/s | MB/s | p50 ms | p99 ms | gw CPU %% | gw RSS MiB | resp B | errors |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for (c = 1; c <= nc; c++) {
      n = cases[c]; sub(/^[a-z]+_/, "", n); sub(/B$/, "", n); want = n + 9   # {"id":"<n>"}
      for (l = 1; l <= nl; l++) { k = labels[l] SUBSEP cases[c]
        rb = med(resp[k]); ok = (rb >= want) ? "" : " SHORT"
        if (rps[k] == "ERR" || rps[k] == "") { printf "| %s | %s | ERR | | | | | | | check failed |\n", cases[c], labels[l]; continue }
        printf "| %s | %s | %.0f | %.1f | %s | %s | %s | %s | %.0f%s | %s |\n", cases[c], labels[l], rps[k], rps[k] * want / 1e6,
          p50[k], p99[k], cpu[k], rss[k], rb, ok, err[k] }
    }
    printf "\n| case | %s/%s req/s | p99 ratio | %s/%s req/s |\n|---|---:|---:|---:|\n", main, base, main, (floor ? floor : "-")
    for (c = 1; c <= nc; c++) { km = main SUBSEP cases[c]; kb = base SUBSEP cases[c]; kf = floor SUBSEP cases[c]
      printf "| %s | %s | %s | %s |\n", cases[c], r(rps[km], rps[kb]), r(p99[km], p99[kb]), (floor ? r(rps[km], rps[kf]) : "-") }
  }' "$OUT/bytes.tsv" "$OUT/summary.tsv" > "$OUT/results.md"

# "resp B": average bytes read per response (headers included); SHORT = below the echoed JSON's size.
echo; echo "================ load.sh results ($MODE, $COMPARE) ================"
cat "$OUT/results.md"
echo "(MB/s = req/s x the request JSON size; the response echoes the same JSON back)"

grep -v "	${WARM_CASE/:/_}B	" "$OUT/summary.tsv" > "$OUT/summary-plot.tsv"
if [[ -f "$BENCH_JAR" ]]; then
  java -cp "$BENCH_JAR" dev.rosetta.bench.report.LoadPlot "$OUT/summary-plot.tsv" "$OUT/load.png" \
    "median req/s, $MODE run $(date +%F), gateway pinned to one core, wrk -t1 -c32" && echo "plot: $OUT/load.png"
else
  echo "no plot: $BENCH_JAR is missing (a run without --no-build makes it: mvn -Pbench package)"
fi
if [[ $DOCS == yes ]]; then
  mkdir -p "$ROOT/docs/img"
  cp "$OUT/load.png" "$ROOT/docs/img/load-$COMPARE.png"
  cp "$OUT/results.md" "$ROOT/docs/img/load-$COMPARE.md"
  echo "copied to docs/img/load-$COMPARE.{png,md}"
fi
