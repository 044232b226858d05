#!/usr/bin/env bash
# bench/storm.sh — connection storms (issue 14, point 7): bursts of new connections against a
# gateway already under load, Rosetta beside grpc-gateway (../shared/peer), same Go echo backend,
# the gateway pinned alone to one core, load generators on the other.
#
# usage: bench/storm.sh [--smoke] [--no-build] [--no-setup]
#   (default)   the lead's run: per gateway, 10 s of load, then during it a burst of 1,000 new
#               connections, one of 4,000 and one of 1,000 again (h2load: one request per
#               connection), 3 rounds interleaved (~8 min); the gateways are grpc-gateway
#               ("peer"), Rosetta as it ships ("rosetta") and Rosetta with --warm-up-connections
#               ("rosetta-warm", whose load waits for the warm-up as a load balancer waits for
#               readiness)
#   --smoke     checks the script: one round, two bursts of 50, 2 s of load; measures nothing
#   --no-build / --no-setup as in bench/h2.sh
# env: OUT, ROSETTA_JVM (default: the shipped flags), GW_CPU (1), LOAD_CPU (0), ROUNDS,
#      BURSTS ("1000 4000 1000"; a size seen before is reported as "N again"), STORM_RPS (the
#      background load's fixed rate, 6400 req/s: below what either gateway serves on one core),
#      WARM_UP (rosetta-warm's --warm-up-connections, 3000, 50 with --smoke; 0 leaves it out)
#
# Reported per gateway and burst size (medians over rounds): the p50/p99/max of connect + first
# response of the burst's connections, errors, the background load's req/s meanwhile, and the
# gateway's RSS with the largest burst's connections held open (bench/burst.py, after the
# bursts); then Rosetta's p99 over grpc-gateway's per burst. The goal (issue 14): a p99 no worse
# than grpc-gateway's. Before the accept thread, Rosetta's p99 at 1,000 was 2.4-5.7 s
# against grpc-gateway's 124-143 ms.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=full; BUILD=yes
while (($#)); do
  case "$1" in
    --smoke) MODE=smoke;; --no-build) BUILD=no;; --no-setup) export NO_SETUP=1;;
    -h|--help) sed -n '2,21p' "$0"; exit 0;;
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
# burst and the pause after it; the hold after the last burst falls within it).
if [[ $MODE == full ]]; then ROUNDS="${ROUNDS:-3}"; BURSTS="${BURSTS:-1000 4000 1000}"; LOAD=10; SETTLE=3; STORM_SECONDS=10
else ROUNDS=1; BURSTS="${BURSTS:-50 50}"; LOAD=2; SETTLE=0.5; STORM_SECONDS=5; fi
STORM_RPS="${STORM_RPS:-6400}"
if [[ $MODE == full ]]; then WARM_UP="${WARM_UP:-3000}"; else WARM_UP="${WARM_UP:-50}"; fi
GATEWAYS=(peer rosetta); (( WARM_UP > 0 )) && GATEWAYS+=(rosetta-warm)
command -v h2load >/dev/null || { echo "h2load not installed (Debian nghttp2-client)"; exit 2; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 2; }
# Every burst connection and the gateway's side of it need a descriptor.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# shellcheck source=gateways.sh
source "$ROOT/bench/gateways.sh"
gw_build storm
gw_setup
URL_PATH=/v1/example/echo_body
BODY="$OUT/body.json"; printf '{"id":"xxxxxxxxxx"}' > "$BODY"

RAW="$OUT/runs.tsv"
printf 'round\tgateway\tburst\tok\terrors\tp50_ms\tp99_ms\tmax_ms\tload_rps\tload_p99_ms\trss_mib\n' > "$RAW"
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

# burst_times LOG TXT N: "ok= errors= p50_ms= p99_ms= max_ms=" of an h2load burst, each
# connection's time being from the burst's start to the end of its one response: connect, accept,
# the request and the answer, as bench/burst.py measured before. The log (LOG) has each request's
# start (microseconds since the epoch, once connected) and duration; the burst starts at the first
# connect, the earliest request's start less the shortest connect time of h2load's summary (TXT),
# so h2load's own start-up (20-60 ms on the busy load core) is not counted. A request not
# answered 200, or missing from the log, is an error.
burst_times() {
  local connect_us t0
  connect_us=$(awk '/^time for connect:/ { v = $4; u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u)
      print v * (u == "s" ? 1e6 : u == "ms" ? 1e3 : 1) }' "$2")
  t0=$(awk -F'\t' -v c="${connect_us:-0}" '$2 == 200 && (!m || $1 < m) { m = $1 } END { printf "%.0f", m - c }' "$1")
  awk -F'\t' -v t0="$t0" '$2 == 200 { printf "%.1f\n", ($1 + $3 - t0) / 1000 }' "$1" | sort -n |
    awk -v n="$3" '{ t[NR] = $1 }
      function pick(q,   i) { if (!NR) return 0; i = int(NR * q); if (i < 1) i = 1; return t[i] }
      END { printf "ok=%d errors=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n", NR, n - NR, pick(0.50), pick(0.99), pick(1) }'
}

storm() {  # storm ROUND LABEL: one gateway under load, its bursts one after the other
  local round="$1" label="$2" n res rss name seen=" "
  start_backend
  if [[ $label == rosetta-warm ]]; then
    ROSETTA_FLAGS="${ROSETTA_FLAGS:-} --warm-up-connections $WARM_UP" start_gateway "$label"
    # Readiness (/readyz) turns 200 when the warm-up has ended; the log line says the same here,
    # where the admin listener is off. The load starts after it, as a load balancer's would.
    local waited=0
    until grep -q 'warmed up\|warm-up ended\|warm-up not started' "$OUT/$label.gateway.log"; do
      sleep 0.1; (( ++waited < 600 )) || { echo "no end of the warm-up in 60 s"; exit 2; }
    done
    grep -h 'warmed up\|warm-up' "$OUT/$label.gateway.log" | tail -1 | sed 's/^/  /'
  else
    start_gateway "$label"
  fi
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
    # The burst: h2load (C, one thread on the load core) opens n connections at once, one request
    # each. Until 2026-12-06 bench/burst.py did, and Python's asyncio spent 1.8 s of CPU on 4,000
    # connections: the burst waited on its own client, whichever the gateway (see burst_times).
    # The first burst of a size meets the gateway's connection path cold (for Rosetta: code the
    # JIT has not compiled yet); a size again shows it warm.
    name=$n; [[ $seen == *" $n "* ]] && name="$n again"; seen+="$n "
    local log="$OUT/$label.r$round.burst${name// /-}.log"
    taskset -c "$LOAD_CPU" h2load --h1 -t1 -c"$n" -n"$n" -d "$BODY" -H 'content-type: application/json' \
      --log-file="$log" "http://127.0.0.1:$GATEWAY_PORT$URL_PATH" > "${log%.log}.txt" 2>&1 || true
    res=$(burst_times "$log" "${log%.log}.txt" "$n")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t-\t-\t-\n' "$round" "$label" "$name" "$(kv ok "$res")" "$(kv errors "$res")" \
      "$(kv p50_ms "$res")" "$(kv p99_ms "$res")" "$(kv max_ms "$res")" >> "$RAW"
    echo "  burst $name: $res"
    sleep "$SETTLE"
  done
  # The RSS with the largest burst's connections open: bench/burst.py holds them (h2load closes
  # each connection once its request is answered). Its times are not reported.
  n=$(tr ' ' '\n' <<<"$BURSTS" | sort -n | tail -1)
  taskset -c "$LOAD_CPU" python3 "$ROOT/bench/burst.py" 127.0.0.1 "$GATEWAY_PORT" "$n" "$URL_PATH" "$BODY" \
    --hold 3 > "$OUT/$label.r$round.hold$n.txt" 2>&1 &
  local hold_pid=$!
  while ! grep -q '^BURST' "$OUT/$label.r$round.hold$n.txt" 2>/dev/null && kill -0 "$hold_pid" 2>/dev/null; do
    sleep 0.1
  done
  rss=$(pg_rss_mib "$GPID")
  wait "$hold_pid" || true
  echo "  $n connections held open: rss $rss MiB"
  awk -F'\t' -v OFS='\t' -v r="$round" -v l="$label" -v rss="$rss" \
    '$1 == r && $2 == l { $11 = rss } { print }' "$RAW" > "$RAW.tmp" && mv "$RAW.tmp" "$RAW"
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
  # Each round in another order, so that no gateway always runs first on a cooler machine.
  order=("${GATEWAYS[@]:round % ${#GATEWAYS[@]}}" "${GATEWAYS[@]:0:round % ${#GATEWAYS[@]}}")
  for label in "${order[@]}"; do storm "$round" "$label"; done
done

echo
awk -F'\t' -v gateways="${GATEWAYS[*]}" '
  function median(s,   n, a, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; j = i - 1
      while (j > 0 && a[j] + 0 > t + 0) { a[j + 1] = a[j]; j-- } a[j + 1] = t } return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  NR == 1 { next }
  { if (!($3 in isb)) { isb[$3] = 1; bursts[++nb] = $3 }
    k = $3 "\t" $2; p50[k] = p50[k] " " $6; p99[k] = p99[k] " " $7; mx[k] = mx[k] " " $8; err[k] += $5
    rps[k] = rps[k] " " $9; rss[k] = rss[k] " " $11 }
  END { ng = split(gateways, gw, " ")
    printf "| burst | gateway | p50 ms | p99 ms | max ms | errors | load req/s | RSS MiB (burst open) |\n|---:|---|---:|---:|---:|---:|---:|---:|\n"
    for (i = 1; i <= nb; i++) for (g = 1; g <= ng; g++) { k = bursts[i] "\t" gw[g]
      if (!(k in p99)) continue
      printf "| %s | %s | %.1f | %.1f | %.1f | %d | %.0f | %.0f |\n", bursts[i], gw[g], median(p50[k]),
        median(p99[k]), median(mx[k]), err[k], median(rps[k]), median(rss[k]) }
    for (g = 2; g <= ng; g++) { printf "\n%s p99 / grpc-gateway p99:", gw[g]
      for (i = 1; i <= nb; i++) { a = median(p99[bursts[i] "\tpeer"]); r = median(p99[bursts[i] "\t" gw[g]])
        printf " %s: %s", bursts[i], (a > 0 ? sprintf("%.2f", r / a) : "-") } }
    printf "\n" }' "$RAW" | tee "$OUT/results.md"
echo "(median of $ROUNDS round(s); times are connect + first response of each burst connection; per-round: $RAW)"
