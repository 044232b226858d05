#!/usr/bin/env bash
# bench/hop.sh — what a hop in front of a gRPC service costs, grpc-gateway's measured in the same
# run (issue 15, item 6). One client, h2load, calls the peer's Go echo backend over gRPC directly,
# then through each of three hops in front of it, all on the same method:
#   direct         gRPC (h2c) to the backend: EchoService/EchoBody
#   grpc-gateway   REST over HTTP/1.1 through grpc-gateway: POST /v1/example/echo_body
#   rosetta-rest   the same REST request through Rosetta
#   rosetta-grpc   the direct gRPC call through Rosetta's native gRPC front end (bytes through)
# The first two are the comparison issue 15 cites (grpc-gateway served about 40% fewer req/s than
# the same service called directly over gRPC); here both are measured beside Rosetta's hops, on one
# machine, in one run, by one client.
#
# usage: bench/hop.sh [--check | --smoke] [--no-build] [--no-setup] [-r ROUNDS] [-d S] [-w S]
#   (default)   a warm-up round of every case (20 s each, not measured), then ROUNDS (3) rounds,
#               each target in another order each round, 3 s warm-up + 10 s measured (~9 min)
#   --check     one call per target and body size with curl, its answer checked; no load
#   --smoke     checks the script: one round, 1 s per run, no warm-up; measures nothing
#   --no-build / --no-setup as in bench/h2.sh
# env: OUT, ROSETTA_JVM, GW_CPU (1), LOAD_CPU (0), REST_CONNS (32: HTTP/1.1 connections, one
#      request at a time each), GRPC_CONNS and GRPC_STREAMS (4 and 8: gRPC clients multiplex, so
#      the same 32 calls in flight go over 4 connections, as in bench/grpc.sh)
#
# Layout, as bench/grpc.sh: the backend and h2load share LOAD_CPU; every gateway is pinned alone
# to GW_CPU (two Rosetta processes, one per protocol, as bench/h2.sh says why; only one gateway is
# loaded at a time). Cases: ids of 10 B and 1 KB ({"id":"..."}, 12 and 1,027 bytes of proto).
# Reported, medians over rounds: req/s, each target's req/s over direct's and the share of calls it
# loses ("fewer"), p50/p99 (h2load's per-request log), the hop's CPU per call (its process's
# utime+stime over the measured run / calls) and the backend's. Every answer is counted: a run
# whose average answer is shorter than the echo it should carry is marked SHORT.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=full; BUILD=yes; ROUNDS=3; DURATION=10; WARMUP=3
while (($#)); do
  case "$1" in
    --check) MODE=check;; --smoke) MODE=smoke; ROUNDS=1; DURATION=1; WARMUP=0;;
    --no-build) BUILD=no;; --no-setup) export NO_SETUP=1;;
    -r) ROUNDS=$2; shift;; -d) DURATION=$2; shift;; -w) WARMUP=$2; shift;;
    -h|--help) sed -n '2,30p' "$0"; exit 0;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2;;
  esac
  shift
done
OUT="${OUT:-$ROOT/bench/target/hop-$MODE-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
REST_CONNS="${REST_CONNS:-32}"; GRPC_CONNS="${GRPC_CONNS:-4}"; GRPC_STREAMS="${GRPC_STREAMS:-8}"
command -v h2load >/dev/null || { echo "h2load not installed (Debian nghttp2-client)"; exit 2; }
command -v curl >/dev/null || { echo "curl not installed"; exit 2; }

# shellcheck source=gateways.sh
source "$ROOT/bench/gateways.sh"
gw_build hop
gw_setup
start_backend
start_gateway peer; PEER_PID=$GPID
GATEWAY_PORT=8081 start_gateway rosetta-rest; REST_PID=$GPID
GATEWAY_PORT=8082 start_gateway rosetta-grpc; GRPC_PID=$GPID
GRPC_PATH=/grpc.gateway.examples.examplepb.EchoService/EchoBody
REST_PATH=/v1/example/echo_body
echo "[hop] backend pgid $BPID on cpu $LOAD_CPU; grpc-gateway $PEER_PID (:8080), rosetta $REST_PID (:8081, REST)" \
  "and $GRPC_PID (:8082, gRPC) on cpu $GW_CPU; output $OUT"

# The request bodies: {"id":"<N x>"} as JSON, and SimpleMessage{id} as one gRPC message (a 5-byte
# prefix, then field 1's tag, length and bytes). The answers echo them.
python3 - "$OUT" <<'PY'
import struct, sys
out = sys.argv[1]
def varint(v):
    b = b""
    while v > 0x7f: b += bytes([v & 0x7f | 0x80]); v >>= 7
    return b + bytes([v])
for n in (10, 1024):
    msg = b"\x0a" + varint(n) + b"x" * n
    open(f"{out}/grpc-{n}.bin", "wb").write(b"\0" + struct.pack(">I", len(msg)) + msg)
    open(f"{out}/rest-{n}.json", "w").write('{"id":"%s"}' % ("x" * n))
PY

# target NAME: "URL PGID KIND" of a target (KIND grpc or rest); the hop's PGID, "-" for direct.
target() {
  case "$1" in
    direct) echo "http://$BACKEND_ADDR$GRPC_PATH - grpc";;
    grpc-gateway) echo "http://127.0.0.1:8080$REST_PATH $PEER_PID rest";;
    rosetta-rest) echo "http://127.0.0.1:8081$REST_PATH $REST_PID rest";;
    rosetta-grpc) echo "http://127.0.0.1:8082$GRPC_PATH $GRPC_PID grpc";;
  esac
}
TARGETS=(direct grpc-gateway rosetta-rest rosetta-grpc)
# The smallest answer each body size may have: the gRPC frame of the echo, or the JSON id.
min_answer() { if [[ $2 == grpc ]]; then wc -c < "$OUT/grpc-$1.bin"; else echo $(( $1 + 9 )); fi; }

# --check: each target answers each body with its echo (and, over gRPC, grpc-status 0).
check() {
  local failed=0 name n url pgid kind args
  for n in 10 1024; do
    for name in "${TARGETS[@]}"; do
      read -r url pgid kind <<<"$(target "$name")"
      local ans="$OUT/check-$name-$n.answer" head="$OUT/check-$name-$n.head"
      if [[ $kind == grpc ]]; then
        args=(--http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' --data-binary "@$OUT/grpc-$n.bin")
      else
        args=(--http1.1 -H 'content-type: application/json' --data-binary "@$OUT/rest-$n.json")
      fi
      curl -s -o "$ans" -D "$head" "${args[@]}" "$url" || true
      if ! grep -q '^HTTP/[0-9.]* 200' "$head" || { [[ $kind == grpc ]] && ! grep -qi '^grpc-status: 0' "$head"; } ||
         (( $(wc -c < "$ans") < $(min_answer "$n" "$kind") )) || ! grep -aq "$(head -c "$n" /dev/zero | tr '\0' x)" "$ans"; then
        echo "[hop] check FAILED: $name, $n B: $(head -1 "$head") $(head -c 200 "$ans" | tr -c '[:print:]' .)"; failed=1
      else
        echo "[hop] check ok: $name, $n B ($(wc -c < "$ans") bytes answered)"
      fi
    done
  done
  return $failed
}
check
[[ $MODE == check ]] && exit 0

RUNS="$OUT/runs.tsv"
printf 'round\tcase\ttarget\treq/s\tp50 ms\tp99 ms\terrors\thop CPU us/call\tbackend CPU us/call\tshort\n' > "$RUNS"
ROUND=0

# run NAME N: one measured run of a target with N-byte ids; a line of runs.tsv.
run() {
  local name="$1" n="$2" url pgid kind flags=(-t1) out="$OUT/$1-$2B.r$ROUND.txt" log="$OUT/$1-$2B.r$ROUND.log"
  read -r url pgid kind <<<"$(target "$name")"
  if [[ $kind == grpc ]]; then
    flags+=(-c"$GRPC_CONNS" -m"$GRPC_STREAMS" -d "$OUT/grpc-$n.bin" -H 'content-type: application/grpc' -H 'te: trailers')
  else
    flags+=(--h1 -c"$REST_CONNS" -m1 -d "$OUT/rest-$n.json" -H 'content-type: application/json')
  fi
  if (( WARMUP > 0 )); then  # a run of its own, so that the CPU sample covers the measured run only
    taskset -c "$LOAD_CPU" h2load "${flags[@]}" -D"${WARMUP}s" "$url" > /dev/null 2>&1 || true
  fi
  local g0 b0 g1 b1
  g0=$([[ $pgid == - ]] && echo 0 || pg_ticks "$pgid"); b0=$(pg_ticks "$BPID")
  taskset -c "$LOAD_CPU" h2load "${flags[@]}" -D"${DURATION}s" --log-file="$log" "$url" > "$out" 2>&1 || true
  g1=$([[ $pgid == - ]] && echo 0 || pg_ticks "$pgid"); b1=$(pg_ticks "$BPID")
  ((ROUND > 0)) || return 0 # the warm-up round is not measured
  local ok bad secs data
  read -r ok bad secs _ data <<<"$(h2load_summary "$out")"
  [[ $ok != - && $secs != - ]] || { echo "  $name $n B: h2load failed: $(tail -3 "$out" | tr '\n' ' ')"; return; }
  awk -v r="$ROUND" -v c="${n}B" -v t="$name" -v ok="$ok" -v bad="$bad" -v s="$secs" -v hz="$HZ" \
      -v g="$((g1 - g0))" -v b="$((b1 - b0))" -v hop="$pgid" -v data="$data" -v min="$(min_answer "$n" "$kind")" \
      -v p50="$(h2load_percentile_us "$log" 0.50)" -v p99="$(h2load_percentile_us "$log" 0.99)" 'BEGIN {
    per = ok > 0 ? 1e6 / hz / ok : 0
    printf "%s\t%s\t%s\t%.0f\t%.3f\t%.3f\t%d\t%s\t%.1f\t%s\n", r, c, t, ok / s, p50 / 1000, p99 / 1000, bad,
      (hop == "-" ? "-" : sprintf("%.1f", g * per)), b * per, (ok > 0 && data / ok < min) ? "SHORT" : "" }' >> "$RUNS"
  tail -1 "$RUNS" | awk -F'\t' '{printf "  r%s %-5s %-13s %8s req/s  p50 %6s ms  p99 %6s ms  errors %s  hop %5s us/call  backend %5s us/call %s\n", $1,$2,$3,$4,$5,$6,$7,$8,$9,$10}'
}

every_run() {  # every target and body size, the targets in another order each round
  local n i k=${#TARGETS[@]}
  for n in 10 1024; do
    for ((i = 0; i < k; i++)); do run "${TARGETS[(i + ROUND) % k]}" "$n"; done
  done
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ $MODE == full ]]; then
  # 20 s each: the gateways are fresh JVMs on one pinned core, and with a warm-up round of 8 s
  # Rosetta's CPU per call in round 1 was still 1.1-1.6x what it read in round 3 (C2 compiling).
  echo "[hop] warm-up round: every run once, 20 s each, not measured"
  SAVED=("$DURATION" "$WARMUP"); DURATION=20; WARMUP=0
  every_run
  DURATION=${SAVED[0]}; WARMUP=${SAVED[1]}
fi
for ROUND in $(seq 1 "$ROUNDS"); do
  echo "[hop] round $ROUND of $ROUNDS"
  every_run
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
stop_all

# ---- medians over rounds; each target against direct in the same case
awk -F'\t' -v order="${TARGETS[*]}" '
  function med(s,   n, a, i, j, t) { n = split(s, a, " "); if (!n) return 0
    for (i = 2; i <= n; i++) { t = a[i]; j = i - 1; while (j > 0 && a[j] + 0 > t + 0) { a[j+1] = a[j]; j-- } a[j+1] = t }
    return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
  NR == 1 { next }
  { k = $2 SUBSEP $3; if (!($2 in cs)) { cs[$2] = 1; cases[++nc] = $2 }
    rps[k] = rps[k] " " $4; p50[k] = p50[k] " " $5; p99[k] = p99[k] " " $6; err[k] += $7; short[k] = short[k] $10
    if ($8 != "-") hop[k] = hop[k] " " $8; be[k] = be[k] " " $9 }
  END { nt = split(order, targets, " ")
    print "| case | target | req/s | over direct | fewer than direct | p50 ms | p99 ms | hop CPU µs/call | backend CPU µs/call | errors |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (c = 1; c <= nc; c++) { d = med(rps[cases[c] SUBSEP "direct"])
      for (t = 1; t <= nt; t++) { k = cases[c] SUBSEP targets[t]; r = med(rps[k])
        printf "| %s | %s | %.0f | %.2f | %s | %.2f | %.2f | %s | %.1f | %d%s |\n", cases[c], targets[t], r, (d > 0 ? r / d : 0),
          (targets[t] == "direct" ? "-" : sprintf("%.0f%%", (d > 0 ? 100 * (1 - r / d) : 0))), med(p50[k]), med(p99[k]),
          ((k in hop) ? sprintf("%.1f", med(hop[k])) : "-"), med(be[k]), err[k], (short[k] != "" ? " " short[k] : "") }
      g = med(rps[cases[c] SUBSEP "grpc-gateway"]); h = med(rps[cases[c] SUBSEP "rosetta-grpc"])
      if (d > 0 && g > 0 && g < d) line = line sprintf(" %s: %.2f;", cases[c], (1 - h / d) / (1 - g / d)) }
    print "\nRosetta'"'"'s gRPC hop: the calls it loses over those grpc-gateway loses, by the medians:" line
  }' "$RUNS" > "$OUT/results.md"
# Per round: each hop over the same round's direct run, so that a slow stretch of the machine
# meets both sides of a ratio.
awk -F'\t' 'NR > 1 { r[$1 SUBSEP $2 SUBSEP $3] = $4; if ($1 > nr) nr = $1
    if (!(($2 SUBSEP $3) in seen)) { seen[$2 SUBSEP $3] = 1; cs[++n] = $2; ts[n] = $3 } }
  END { print "\nPer round, req/s over the same round'"'"'s direct:"
    for (i = 1; i <= n; i++) { if (ts[i] == "direct") continue; line = "  " cs[i] " " ts[i] ":"
      for (q = 1; q <= nr; q++) { d = r[q SUBSEP cs[i] SUBSEP "direct"]; v = r[q SUBSEP cs[i] SUBSEP ts[i]]
        line = line ((d > 0 && v != "") ? sprintf(" %.2f", v / d) : " -") }
      print line } }' "$RUNS" >> "$OUT/results.md"
echo "load average $LOAD_BEFORE before, $LOAD_AFTER after" >> "$OUT/results.md"
echo; echo "================ hop.sh results ($ROUNDS round(s) x ${DURATION} s) ================"
cat "$OUT/results.md"
