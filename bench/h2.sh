#!/usr/bin/env bash
# bench/h2.sh — Rosetta's REST over HTTP/2 (h2c, h2load) against the same REST over HTTP/1.1
# (wrk), same jar and flags, same Go echo backend (../shared/peer), gateway pinned to one core.
#
# usage: bench/h2.sh [--smoke] [--no-build] [--no-setup] [--same-client] [--rate N] [-r ROUNDS]
#   (default)   the lead's run: a warm-up round of every case (8 s each, not measured), then ROUNDS
#               (3) interleaved rounds of every case, 3 s warm-up + 10 s measured each (~10 min)
#   --smoke     checks the script: two cases, 1 s each, no warm-up; measures nothing
#   -r ROUNDS   measured rounds; each pair of cases runs HTTP/1.1 first in odd rounds, h2 first in
#               even ones; the tables give medians over rounds
#   --no-build  use gateway/target/gateway.jar as it is
#   --no-setup  reuse the peer build in $PEER_BUILD (default /tmp/peer-build) instead of setup.sh
#   --one-process  both protocols on one gateway process (see below)
#   --same-client  drive HTTP/1.1 with h2load --h1 too, instead of wrk: the two protocols then
#               differ only in the gateway (wrk and h2load, which writes a per-request log, do not
#               load a gateway alike, and at part load CPU per request depends on the load's shape)
#   --rate N    the 10 B and 1 KB cases at N req/s each (h2load --rps, N / connections per
#               connection), both protocols at the same rate; implies --same-client. As fast as
#               served, h2load drives h2 more slowly than HTTP/1.1 (it shares CPU 0 with the
#               backend), and CPU per request at part load depends on the rate, so the two are
#               compared at different rates; a fixed rate compares them at the same one
# env: OUT (output directory), ROSETTA_JVM, GW_CPU (1), LOAD_CPU (0), H2_CONNS (32)
#
# Cases (POST /v1/example/echo_body with {"id":"<N bytes>"}; the response echoes it):
#   body 10 B and 1 KB: HTTP/1.1, 32 connections | h2, 32 connections x 1 stream
#                       HTTP/1.1, 100 connections | h2, 1 connection x 100 streams
#   body 100 KB, 8 concurrent, each protocol: plain, and with Accept-Encoding: gzip
# Reported per case: req/s, p99 (wrk's histogram; h2load's per-request log), the gateway's CPU
# (% of its core, and microseconds per request: its process's user+system time / requests),
# MB/s of JSON echoed and MB/s on the wire, and the seconds the gateway's JIT compilers spent
# during the case (jstat), which its CPU includes. HTTP/2 should not cost more CPU per request than
# HTTP/1.1 at the same concurrency; gzip trades CPU for wire bytes.
# Why a warm-up round: the gateway's process CPU includes the JIT's. Under load on the pinned core
# its C2 compiler was still busy 20 s after the start, so a case measured while code is still
# being compiled carries that cost (10 B HTTP/1.1 once ran at twice its usual CPU per request).
# Why two gateway processes, one per protocol, both on GW_CPU (only one is loaded at a time): in
# one process, each switch from one protocol's load to the other's made C2 throw away and
# recompile the shared request path for the new mix of types (profiled: about +20% CPU through
# the h2 phase of a round), a cost of alternating the load every few seconds that a gateway under
# steady traffic, of either or both protocols, does not pay. --one-process measures it that way.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=full; BUILD=yes; ROUNDS=3; SPLIT=yes; SAME_CLIENT=no; RATE=0
while (($#)); do
  case "$1" in
    --smoke) MODE=smoke;; --no-build) BUILD=no;; --no-setup) export NO_SETUP=1;;
    -r) ROUNDS="$2"; shift;; --one-process) SPLIT=no;; --same-client) SAME_CLIENT=yes;;
    --rate) RATE="$2"; SAME_CLIENT=yes; shift;;
    -h|--help) sed -n '2,39p' "$0"; exit 0;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2;;
  esac
  shift
done
OUT="${OUT:-$ROOT/bench/target/h2-$MODE-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
if [[ $MODE == full ]]; then DURATION=10; WARMUP=3; else DURATION=1; WARMUP=0; ROUNDS=1; fi
CONNS="${H2_CONNS:-32}"
command -v h2load >/dev/null || { echo "h2load not installed (Debian nghttp2-client)"; exit 2; }
command -v wrk >/dev/null || { echo "wrk not installed"; exit 2; }

# shellcheck source=gateways.sh
source "$ROOT/bench/gateways.sh"
gw_build h2
gw_setup
start_backend
start_gateway rosetta
H2_PID=$GPID; H2_URL="http://127.0.0.1:$GATEWAY_PORT/v1/example/echo_body"
H1_PID=$H2_PID; H1_URL=$H2_URL
if [[ $SPLIT == yes ]]; then
  GATEWAY_PORT=8081 start_gateway rosetta-h1
  H1_PID=$GPID; H1_URL="http://127.0.0.1:8081/v1/example/echo_body"
fi
echo "[h2] rosetta pgid $H1_PID (HTTP/1.1) and $H2_PID (h2) on cpu $GW_CPU; load on cpu $LOAD_CPU; output $OUT"

body() {  # body N: the request file for an N-byte id
  local f="$OUT/body-$1.json"
  [[ -f "$f" ]] || head -c "$1" /dev/zero | tr '\0' x | awk '{printf "{\"id\":\"%s\"}", $0}' > "$f"
  echo "$f"
}

wrk_lua() {  # wrk_lua BODYFILE GZIP(0|1) > script
  cat <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
$( [[ $2 == 1 ]] && echo 'wrk.headers["Accept-Encoding"] = "gzip"' )
local f = io.open("$1", "rb"); wrk.body = f:read("*a"); f:close()
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.3f bytes=%d p99_us=%d errors=%d\n", summary.requests,
    summary.duration / 1e6, summary.bytes, latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
LUA
}

# run_h1 NAME CONNS BODYFILE GZIP / run_h2 NAME CONNS STREAMS BODYFILE GZIP: one measured case, a
# line of results.tsv.
run_h1() {
  local name="$1" c="$2" file="$3" gz="$4" lua="$OUT/$1.lua" res
  if [[ $SAME_CLIENT == yes ]]; then h2load_case "$name" http/1.1 "$H1_URL" "$H1_PID" "$c" 1 "$file" "$gz" --h1; return; fi
  wrk_lua "$file" "$gz" > "$lua"
  if (( WARMUP > 0 )); then taskset -c "$LOAD_CPU" wrk -t1 -c"$c" -d"${WARMUP}s" -s "$lua" "$H1_URL" > /dev/null 2>&1 || true; fi
  local j0 g0; j0=$(pg_jit_seconds "$H1_PID"); g0=$(pg_ticks "$H1_PID")
  taskset -c "$LOAD_CPU" wrk -t1 -c"$c" -d"${DURATION}s" --latency -s "$lua" "$H1_URL" > "$OUT/$name.txt" 2>&1 || true
  local g1; g1=$(pg_ticks "$H1_PID")
  res=$(grep '^RESULT' "$OUT/$name.txt") || { echo "  $name: wrk failed: $(tail -2 "$OUT/$name.txt")"; return; }
  record "$name" "http/1.1" "$c x 1" "$(kv requests "$res")" "$(kv seconds "$res")" "$(kv bytes "$res")" \
    "$(kv p99_us "$res")" "$(kv errors "$res")" "$g0" "$g1" "$(wc -c < "$file")" "$j0" "$(pg_jit_seconds "$H1_PID")"
}

run_h2() { h2load_case "$1" h2 "$H2_URL" "$H2_PID" "$2" "$3" "$4" "$5"; }

# h2load_case NAME PROTOCOL URL PID CONNS STREAMS BODYFILE GZIP [H2LOAD FLAGS]: one case run by h2load.
h2load_case() {
  local name="$1" proto="$2" url="$3" pid="$4" c="$5" m="$6" file="$7" gz="$8" log="$OUT/$1.log" out="$OUT/$1.txt"
  shift 8
  local flags=(-H "content-type: application/json" "$@")
  [[ $gz == 1 ]] && flags+=(-H "accept-encoding: gzip")
  ((CASE_RATE > 0)) && flags+=(--rps=$(( (CASE_RATE + c - 1) / c )))
  if (( WARMUP > 0 )); then  # a run of its own, so that the CPU sample covers the measured run only
    taskset -c "$LOAD_CPU" h2load -t1 -c"$c" -m"$m" -D"${WARMUP}s" -d "$file" "${flags[@]}" "$url" > /dev/null 2>&1 || true
  fi
  local j0 g0; j0=$(pg_jit_seconds "$pid"); g0=$(pg_ticks "$pid")
  taskset -c "$LOAD_CPU" h2load -t1 -c"$c" -m"$m" -D"${DURATION}s" -d "$file" "${flags[@]}" --log-file="$log" \
    "$url" > "$out" 2>&1 || true
  local g1; g1=$(pg_ticks "$pid")
  local done failed secs bytes p99
  read -r done failed secs bytes _ <<<"$(h2load_summary "$out")"
  [[ $done != - && $secs != - ]] || { echo "  $name: h2load failed: $(tail -3 "$out" | tr '\n' ' ')"; return; }
  p99=$(h2load_p99_us "$log")
  record "$name" "$proto" "$c x $m" "$done" "$secs" "$bytes" "$p99" "$failed" "$g0" "$g1" "$(wc -c < "$file")" \
    "$j0" "$(pg_jit_seconds "$pid")"
}

CASE_RATE=0
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

RUNS="$OUT/runs.tsv"; RESULTS="$OUT/results.tsv"; ROUND=0
printf 'round\tcase\tprotocol\tconnections x streams\treq/s\tp99 ms\terrors\tgw CPU %%\tgw CPU us/req\tJSON MB/s\twire MB/s\tJIT s\n' > "$RUNS"
# record NAME PROTO CONC REQUESTS SECONDS WIRE_BYTES P99_US ERRORS TICKS0 TICKS1 BODY_BYTES JIT0 JIT1
# JIT s: what the gateway's JIT compilers spent during the case, part of its CPU; a round that
# still compiles (a second or more in 10 s) reads high for that reason, not for the protocol's.
record() {
  ((ROUND > 0)) || return 0 # the warm-up round is not measured
  awk -v r="$ROUND" -v n="$1" -v p="$2" -v conc="$3" -v req="$4" -v s="$5" -v wire="$6" -v p99="$7" -v err="$8" \
      -v t0="$9" -v t1="${10}" -v body="${11}" -v j0="${12}" -v j1="${13}" -v hz="$HZ" 'BEGIN {
    cpu = (t1 - t0) / hz
    jit = (j0 == "-" || j1 == "-") ? "-" : sprintf("%.2f", j1 - j0)
    printf "%s\t%s\t%s\t%s\t%.0f\t%.2f\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%s\n", r, n, p, conc, req / s, p99 / 1000, err,
      100 * cpu / s, (req > 0 ? 1e6 * cpu / req : 0), req * body / s / 1e6, wire / s / 1e6, jit }' >> "$RUNS"
  tail -1 "$RUNS" | awk -F'\t' '{printf "  r%s %-22s %-8s %-8s %9s req/s  p99 %7s ms  err %s  gw cpu %4s%%  %6s us/req  JSON %6s MB/s  wire %6s MB/s  JIT %s s\n", $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12}'
}

# pair H1_ARGS H2_ARGS: the two runs of one comparison, HTTP/1.1 first in odd rounds.
pair() {
  local h1=($1) h2=($2)
  ((ROUND == 1)) && printf '%s\t%s\n' "${h1[0]}" "${h2[0]}" >> "$OUT/pairs.tsv" # for the h2/h1 table
  if ((ROUND % 2 == 0)) && ((ROUND > 0)); then run_h2 "${h2[@]}"; run_h1 "${h1[@]}"
  else run_h1 "${h1[@]}"; run_h2 "${h2[@]}"; fi
}
every_case() {
  CASE_RATE=$RATE
  if [[ $MODE == smoke ]]; then
    pair "smoke-h1-10B 4 $(body 10) 0" "smoke-h2-10B-m100 1 100 $(body 10) 0"
    return
  fi
  local n gz
  for n in 10 1024; do
    pair "h1-${n}B-c$CONNS $CONNS $(body $n) 0" "h2-${n}B-c$CONNS-m1 $CONNS 1 $(body $n) 0"
    pair "h1-${n}B-c100 100 $(body $n) 0" "h2-${n}B-c1-m100 1 100 $(body $n) 0"
  done
  CASE_RATE=0 # the 100 KB cases as fast as served
  for gz in 0 1; do
    pair "h1-100KB-gzip$gz 8 $(body 102400) $gz" "h2-100KB-gzip$gz 8 1 $(body 102400) $gz"
  done
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ $MODE == full ]]; then
  echo "[h2] warm-up round: every case once, 8 s each, not measured"
  SAVED=("$DURATION" "$WARMUP"); DURATION=8; WARMUP=0
  every_case > /dev/null
  DURATION=${SAVED[0]}; WARMUP=${SAVED[1]}
fi
for ROUND in $(seq 1 "$ROUNDS"); do
  echo "[h2] round $ROUND of $ROUNDS"
  every_case
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
stop_all

# ---- medians over rounds per case, then HTTP/2 against HTTP/1.1 per pair
awk -F'\t' -v OFS='\t' '
  function med(s,   n, a, i, j, t) { if (s !~ /[0-9]/) return "-"; n = split(s, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; j = i - 1; while (j > 0 && a[j] + 0 > t + 0) { a[j+1] = a[j]; j-- } a[j+1] = t }
    return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
  NR == 1 { $1 = ""; sub(/^\t/, ""); print; next }
  { k = $2; if (!(k in seen)) { seen[k] = 1; order[++n] = k; proto[k] = $3; conc[k] = $4 }
    for (c = 5; c <= 12; c++) v[k, c] = v[k, c] " " $c }
  END { for (i = 1; i <= n; i++) { k = order[i]; line = k OFS proto[k] OFS conc[k]
      for (c = 5; c <= 12; c++) line = line OFS med(v[k, c]); print line } }' "$RUNS" > "$RESULTS"
echo
column -t -s$'\t' "$RESULTS" | tee "$OUT/results.txt"
echo "(medians over $ROUNDS round(s); JSON MB/s: the request body's size x req/s, the echo's payload; wire MB/s: bytes the client read)"
echo "load average $LOAD_BEFORE before, $LOAD_AFTER after" | tee -a "$OUT/results.txt"
((RATE > 0)) && echo "the 10 B and 1 KB cases at $RATE req/s, both protocols driven by h2load" | tee -a "$OUT/results.txt"
{
  echo; echo "| case | h2/h1 CPU per request |"; echo "|---|---:|"
  awk -F'\t' 'FNR == NR { if (FNR > 1) us[$1] = $8; next }
    ($1 in us) && ($2 in us) && us[$1] > 0 { name = $1; sub(/^h1-/, "", name); printf "| %s | %.2f |\n", name, us[$2] / us[$1] }' \
    "$RESULTS" "$OUT/pairs.tsv"
} | tee -a "$OUT/results.txt"
