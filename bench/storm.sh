#!/usr/bin/env bash
# bench/storm.sh — connection storms (issue 14, point 7): bursts of new connections against a
# gateway already under load, Rosetta beside grpc-gateway (../shared/peer), same Go echo backend,
# the gateway pinned alone to one core, load generators on the other.
#
# usage: bench/storm.sh [--smoke] [--no-build] [--no-setup]
#   (default)   the lead's run: per gateway, 10 s of load, then during it a burst of 1,000 and
#               one of 4,000 new connections (bench/burst.py), 3 rounds interleaved (~3 min)
#   --smoke     checks the script: one round, bursts of 50, 2 s of load; measures nothing
#   --no-build / --no-setup as in bench/h2.sh
# env: OUT, ROSETTA_JVM (default: the shipped flags), GW_CPU (1), LOAD_CPU (0), ROUNDS,
#      BURSTS ("1000 4000"), STORM_RPS (the background load's fixed rate, 6400 req/s: below what
#      either gateway serves on one core)
#
# Reported per gateway and burst size (medians over rounds): the p50/p99/max of connect + first
# response of the burst's connections, errors, the background load's req/s meanwhile, and the
# gateway's RSS with the largest burst's connections still open. The goal (issue 14): a p99 no
# worse than grpc-gateway's. Before the accept thread, Rosetta's p99 at 1,000 was 2.4-5.7 s
# against grpc-gateway's 124-143 ms.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=full; BUILD=yes
while (($#)); do
  case "$1" in
    --smoke) MODE=smoke;; --no-build) BUILD=no;; --no-setup) export NO_SETUP=1;;
    -h|--help) sed -n '2,19p' "$0"; exit 0;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2;;
  esac
  shift
done
OUT="${OUT:-$ROOT/bench/target/storm-$MODE-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
# Rosetta runs with the flags it ships (docker/jvm.options and its archive), not the other benches'
# fixed 512 MiB heap: the RSS with 4,000 connections open is a figure pods are sized by (with that
# heap it read 309 MiB, with the shipped flags 141-143 MiB by hand; docs/benchmarks.md).
export ROSETTA_JVM="${ROSETTA_JVM:-@$ROOT/docker/jvm.options -XX:SharedArchiveFile=$ROOT/gateway/target/gateway.jsa}"
# LOAD: seconds of load before the first burst; STORM_SECONDS: the load's length per burst (the
# burst, its 3 s hold, the pause after it).
if [[ $MODE == full ]]; then ROUNDS="${ROUNDS:-3}"; BURSTS="${BURSTS:-1000 4000}"; LOAD=10; SETTLE=3; STORM_SECONDS=10
else ROUNDS=1; BURSTS=50; LOAD=2; SETTLE=0.5; STORM_SECONDS=5; fi
STORM_RPS="${STORM_RPS:-6400}"
command -v h2load >/dev/null || { echo "h2load not installed (Debian nghttp2-client)"; exit 2; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 2; }
# Every burst connection and the gateway's side of it need a descriptor.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# shellcheck source=gateways.sh
source "$ROOT/bench/gateways.sh"
if [[ $BUILD == yes ]]; then
  echo "[storm] building gateway.jar"
  (cd "$ROOT" && mvn -B -q ${MVN_OFFLINE:+-o} -pl gateway -am package -DskipTests)
fi
gw_setup
URL_PATH=/v1/example/echo_body
BODY="$OUT/body.json"; printf '{"id":"xxxxxxxxxx"}' > "$BODY"

RAW="$OUT/runs.tsv"
printf 'round\tgateway\tburst\tok\terrors\tp50_ms\tp99_ms\tmax_ms\tload_rps\tload_p99_ms\trss_mib\n' > "$RAW"
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

storm() {  # storm ROUND LABEL: one gateway under load, its bursts one after the other
  local round="$1" label="$2" n res rss
  start_backend
  start_gateway "$label"
  echo "[storm] round $round [$label] pgid $GPID, rss $(pg_rss_mib "$GPID") MiB"
  # The background load: 32 kept-alive HTTP/1.1 connections on the load core for the whole storm,
  # at a fixed rate (STORM_RPS), the same for every gateway. The burst's client shares the load
  # core with this load and the backend: a load as fast as the gateway answers (wrk) took that
  # core whole and gave the faster gateway more requests to serve, so the burst waited on the
  # load core the longer the faster the gateway (4,000 connections: p99 1.9 s with grpc-gateway
  # serving 9.3k req/s, 2.8 s with Rosetta serving 12k; without the load, 1.6 s and 1.3 s).
  taskset -c "$LOAD_CPU" h2load --h1 -t1 -c32 --rps="$(( STORM_RPS / 32 ))" \
    -D"$(( LOAD + STORM_SECONDS * $(wc -w <<<"$BURSTS") ))s" -d "$BODY" -H 'content-type: application/json' \
    --log-file="$OUT/$label.r$round.load.log" "http://127.0.0.1:$GATEWAY_PORT$URL_PATH" \
    > "$OUT/$label.r$round.load.txt" 2>&1 &
  local load_pid=$!
  sleep "$LOAD"
  for n in $BURSTS; do
    # The largest burst is held open for a few seconds: the gateway's RSS is read meanwhile.
    taskset -c "$LOAD_CPU" python3 "$ROOT/bench/burst.py" 127.0.0.1 "$GATEWAY_PORT" "$n" "$URL_PATH" "$BODY" \
      --hold 3 > "$OUT/$label.r$round.burst$n.txt" 2>&1 &
    local burst_pid=$!
    while ! grep -q '^BURST' "$OUT/$label.r$round.burst$n.txt" 2>/dev/null && kill -0 "$burst_pid" 2>/dev/null; do
      sleep 0.1
    done
    rss=$(pg_rss_mib "$GPID")
    wait "$burst_pid" || true
    res=$(grep '^BURST' "$OUT/$label.r$round.burst$n.txt" || echo "BURST ok=0 errors=$n")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t-\t-\t%s\n' "$round" "$label" "$n" "$(kv ok "$res")" "$(kv errors "$res")" \
      "$(kv p50_ms "$res")" "$(kv p99_ms "$res")" "$(kv max_ms "$res")" "$rss" >> "$RAW"
    echo "  burst $n: $res rss ${rss} MiB"
    sleep "$SETTLE"
  done
  wait "$load_pid" 2>/dev/null || true
  local rps p99
  rps=$(sed -n 's/^finished in [0-9.]*s, \([0-9.]*\) req\/s.*/\1/p' "$OUT/$label.r$round.load.txt")
  p99=$(awk -v us="$(h2load_p99_us "$OUT/$label.r$round.load.log")" 'BEGIN {printf "%.1f", us / 1000}')
  # The load's figures belong to every burst of this round.
  awk -F'\t' -v OFS='\t' -v r="$round" -v l="$label" -v rps="$rps" -v p99="$p99" \
    '$1 == r && $2 == l { $9 = rps; $10 = p99 } { print }' "$RAW" > "$RAW.tmp" && mv "$RAW.tmp" "$RAW"
  stop_all
}

for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 == 1 )); then order=(peer rosetta); else order=(rosetta peer); fi
  for label in "${order[@]}"; do storm "$round" "$label"; done
done

echo
awk -F'\t' '
  function median(s,   n, a, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; j = i - 1
      while (j > 0 && a[j] + 0 > t + 0) { a[j + 1] = a[j]; j-- } a[j + 1] = t } return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  NR == 1 { next }
  { k = $3 "\t" $2; if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
    p50[k] = p50[k] " " $6; p99[k] = p99[k] " " $7; mx[k] = mx[k] " " $8; err[k] += $5; rps[k] = rps[k] " " $9; rss[k] = rss[k] " " $11 }
  END { printf "| burst | gateway | p50 ms | p99 ms | max ms | errors | load req/s | RSS MiB (burst open) |\n|---:|---|---:|---:|---:|---:|---:|---:|\n"
    for (i = 1; i <= nk; i++) { k = keys[i]; split(k, f, "\t")
      printf "| %s | %s | %.1f | %.1f | %.1f | %d | %.0f | %.0f |\n", f[1], f[2], median(p50[k]), median(p99[k]), median(mx[k]),
        err[k], median(rps[k]), median(rss[k]) } }' "$RAW" | sort -t'|' -k2,2n -k3,3 | tee "$OUT/results.md"
echo "(median of $ROUNDS round(s); times are connect + first response of each burst connection; per-round: $RAW)"
