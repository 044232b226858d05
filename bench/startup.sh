#!/usr/bin/env bash
# bench/startup.sh — time from process start to the first 200 through a real backend, with the
# class-data sharing archive (docker/jvm.options as shipped) and without it, side by side.
#
# usage: bench/startup.sh [-n RUNS] [--no-build] [--floor]
#   -n RUNS     starts per configuration, interleaved (default 10); medians are reported
#   --no-build  use gateway/target/gateway.jar and gateway.jsa as they are
#   --floor     a third configuration: the start-up floor of Rosetta's stack (below)
# env: JAVA (default java), OUT (output directory)
#
# The example library backend runs as its own process on a free loopback port (started once);
# each run starts the gateway (java @docker/jvm.options -jar gateway/target/gateway.jar
# --descriptor descriptors/library.pb --backend 127.0.0.1:PORT) under bench/first200.py, which
# polls GET /v1/shelves from the moment before exec until it answers 200, in one process that
# costs the machine about 1% of a core (curl forked every 5 ms took half of one, and the start
# being measured is CPU-bound on two cores): JVM start, descriptor loading, route table, backend
# channel and the first call, all included; beside it, the CPU time (user + system, every
# thread) the gateway had spent by then. "without" is the same options file minus its
# -XX:SharedArchiveFile line (the JDK's own base archive still maps). "floor"
# (dev.rosetta.bench.floor.StartupFloor, compiled here against gateway.jar) is an HTTP server on
# Netty's epoll transport whose every request makes one grpc-java call, bytes in and out, to the
# same backend's ListShelves: no descriptors, routes, JSON, configuration or logging of its own. It
# runs on the same options file with its own archive (docker/cds-archive.sh), trained on a run of
# itself, from gateway.jar plus its one class: what no gateway built on this stack can start faster
# than on this machine.
# Not a test: run it on a quiet machine (docs/benchmarks.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS=10; BUILD=yes; FLOOR=no
while (($#)); do
  case "$1" in
    -n) RUNS="$2"; shift;; --no-build) BUILD=no;; --floor) FLOOR=yes;;
    -h|--help) sed -n '2,24p' "$0"; exit 0;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2;;
  esac
  shift
done
JAVA="${JAVA:-java}"
OUT="${OUT:-$ROOT/bench/target/startup-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
[[ $BUILD == yes ]] && mvn -B -q ${MVN_OFFLINE:+-o} package -DskipTests
[[ -f gateway/target/gateway.jsa ]] || { echo "no gateway/target/gateway.jsa: run mvn package" >&2; exit 2; }

grep -v '^-XX:SharedArchiveFile=' docker/jvm.options > "$OUT/jvm-no-archive.options"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

BACKEND_PORT=$(free_port)
"$JAVA" -cp gateway/target/gateway.jar dev.rosetta.examples.library.ExampleBackend --port "$BACKEND_PORT" \
  > "$OUT/backend.log" 2>&1 &
BACKEND_PID=$!
trap 'kill $BACKEND_PID 2>/dev/null || true' EXIT
for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$BACKEND_PORT") 2>/dev/null && break; sleep 0.05; done

CONFIGS=(archive no-archive)
if [[ $FLOOR == yes ]]; then
  CONFIGS+=(floor)
  mkdir -p "$OUT/floor-classes"
  "${JAVA%java}javac" -nowarn -cp gateway/target/gateway.jar -d "$OUT/floor-classes" \
    bench/src/main/java/dev/rosetta/bench/floor/StartupFloor.java
  (cd "$OUT/floor-classes" && jar cf "$OUT/floor.jar" .)
  FLOOR_MAIN=(-cp "gateway/target/gateway.jar:$OUT/floor.jar" dev.rosetta.bench.floor.StartupFloor)
  FLOOR_METHOD=rosetta.examples.library.v1.LibraryService/ListShelves
  JAVA="$JAVA" bash docker/cds-archive.sh "$OUT/floor.jsa" @"$OUT/jvm-no-archive.options" \
    "${FLOOR_MAIN[@]}" "$(free_port)" "127.0.0.1:$BACKEND_PORT" "$FLOOR_METHOD" 10 > "$OUT/floor-training.log" 2>&1
  grep -q '^HTTP/1.1 200' "$OUT/floor-training.log" || { echo "the floor's training run got no 200 (see $OUT/floor-training.log)" >&2; exit 1; }
  { cat "$OUT/jvm-no-archive.options"; echo "-XX:SharedArchiveFile=$OUT/floor.jsa"; } > "$OUT/jvm-floor.options"
fi

one_run() {  # one_run CONFIG LOG: prints milliseconds to the first 200, a tab, and the CPU milliseconds spent by then
  local port
  port=$(free_port)
  case $1 in
    floor) python3 bench/first200.py "$port" /v1/shelves 20 "$2" -- \
             "$JAVA" @"$OUT/jvm-floor.options" "${FLOOR_MAIN[@]}" "$port" "127.0.0.1:$BACKEND_PORT" "$FLOOR_METHOD" ;;
    *) python3 bench/first200.py "$port" /v1/shelves 20 "$2" -- \
         "$JAVA" @"$([[ $1 == archive ]] && echo docker/jvm.options || echo "$OUT/jvm-no-archive.options")" \
         -jar gateway/target/gateway.jar --descriptor descriptors/library.pb \
         --backend "127.0.0.1:$BACKEND_PORT" --port "$port" --bind 127.0.0.1 --admin-port -1 --no-watch-descriptors ;;
  esac || { echo "no 200 from the gateway (see $2)" >&2; exit 1; }
}

: > "$OUT/runs.tsv"
for i in $(seq "$RUNS"); do   # interleaved, so drift on the machine hits every configuration alike
  for c in "${CONFIGS[@]}"; do
    echo -e "$c\t$(one_run "$c" "$OUT/$c-$i.log")" >> "$OUT/runs.tsv"
  done
done
grep -l 'Unable to use shared archive' "$OUT"/archive-*.log >/dev/null 2>&1 \
  && echo "warning: the archive was not used in some runs (see $OUT/archive-*.log)" >&2

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
echo "| configuration | runs | median ms to first 200 | min | max | median CPU ms (user+sys) by then |"
echo "|---|---:|---:|---:|---:|---:|"
for c in "${CONFIGS[@]}"; do
  vals=$(awk -F'\t' -v c=$c '$1 == c {print $2}' "$OUT/runs.tsv")
  cpus=$(awk -F'\t' -v c=$c '$1 == c {print $3}' "$OUT/runs.tsv")
  echo "| $c | $RUNS | $(median <<< "$vals") | $(sort -n <<< "$vals" | head -1) | $(sort -n <<< "$vals" | tail -1) | $(median <<< "$cpus") |"
done | tee -a "$OUT/results.md"
echo "(java: $("$JAVA" -version 2>&1 | head -1); runs in $OUT/runs.tsv)"
