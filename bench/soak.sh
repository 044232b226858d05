#!/usr/bin/env bash
# Soak: steady mixed load on the gateway for DURATION seconds (default 330) while the backend is
# killed and restarted twice; reports answers by status, socket errors and the gateway's RSS over
# time. Not part of the test run. Needs the built jar (mvn -B -q package -DskipTests) and wrk
# (installed from Debian when missing).
#
#   bench/soak.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-330}
CONNECTIONS=${2:-32}
JAR=gateway/target/gateway.jar
GW_PORT=${SOAK_GATEWAY_PORT:-18080}
BE_PORT=${SOAK_BACKEND_PORT:-19090}
OUT=${SOAK_OUT:-target/soak}
mkdir -p "$OUT"

[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  sudo -n true 2>/dev/null && SUDO=sudo || SUDO=
  $SUDO apt-get install -y wrk
fi

backend_pid=
gateway_pid=
sampler_pid=
cleanup() {
  for p in $sampler_pid $backend_pid $gateway_pid; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

start_backend() {
  java -Xmx256m -cp "$JAR" dev.rosetta.examples.library.ExampleBackend --port "$BE_PORT" >>"$OUT/backend.log" 2>&1 &
  backend_pid=$!
}
wait_for() { # port
  for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1" >&2; exit 1
}

start_backend
wait_for "$BE_PORT"
java -Xmx512m -jar "$JAR" --descriptor descriptors/library.pb --backend "127.0.0.1:$BE_PORT" \
  --port "$GW_PORT" --bind 127.0.0.1 >"$OUT/gateway.log" 2>&1 &
gateway_pid=$!
wait_for "$GW_PORT"

# RSS of the gateway every 5 s.
echo "seconds,rss_kib" >"$OUT/rss.csv"
( t=0; while kill -0 "$gateway_pid" 2>/dev/null; do
    echo "$t,$(awk '/VmRSS/ {print $2}' /proc/"$gateway_pid"/status)" >>"$OUT/rss.csv"; sleep 5; t=$((t + 5)); done ) &
sampler_pid=$!

echo "soak: ${DURATION}s, $CONNECTIONS connections, backend killed at 90s and 210s for 10s each"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s bench/soak.lua "http://127.0.0.1:$GW_PORT" \
  >"$OUT/wrk.txt" 2>&1 &
wrk_pid=$!

outage() { # at_second
  sleep $(( $1 - ${elapsed:-0} )); elapsed=$1
  echo "t=${1}s: killing the backend (SIGKILL)"; kill -9 "$backend_pid"; wait "$backend_pid" 2>/dev/null || true
  sleep 10; elapsed=$((elapsed + 10))
  echo "t=$((elapsed))s: restarting the backend"; start_backend
}
outage 90
outage 210
wait "$wrk_pid"

echo "--- wrk"
cat "$OUT/wrk.txt"
echo "--- gateway RSS (KiB) every 5 s"
tr '\n' ' ' <"$OUT/rss.csv"; echo
echo "--- gateway log lines by level"
grep -oE ' (INFO|WARN|ERROR) ' "$OUT/gateway.log" | sort | uniq -c || true
echo "--- gateway errors by second (status: first..last second, count)"
# Every error the gateway answers is logged with its status: when did each kind happen?
awk '/ -> [0-9][0-9][0-9] / { for (i = 1; i <= NF; i++) if ($i == "->") s = $(i + 1);
       t = substr($1, 12, 8); if (!(s in first)) first[s] = t; last[s] = t; n[s]++ }
     END { for (s in n) printf "%s: %s..%s, %d\n", s, first[s], last[s], n[s] }' "$OUT/gateway.log" | sort
echo "--- 503 answers per second (the outage windows)"
grep ' -> 503 ' "$OUT/gateway.log" | cut -c12-19 | uniq -c | awk '{printf "%s:%s ", $2, $1} END {print ""}'
