#!/usr/bin/env bash
# bench/policy.sh — what the edge policies add to a request: Rosetta with no policy, a cached JWT
# check, an uncached one, and a local rate limit, side by side in front of the same backend.
#
# usage: bench/policy.sh [--quick | --full | --smoke] [--no-build]
#   --quick    1 round, 8 s warm-up + 5 s per case (default)
#   --full     3 interleaved rounds, 8 s warm-up + 8 s per case
#   --smoke    start every case and check its answers with a few curl requests; no load, no
#              measurement (what the test machine may run)
#   --no-build use gateway/target/gateway.jar and bench/target/benchmarks.jar as they are
# env: ROSETTA_JVM (JVM flags, default as bench/load.sh), OUT (output directory), PEER_DIR
#
# Cases, all POST /v1/example/echo/xxxxxxxxxx (load.sh's path:10: no body, so the policy's share
# of the work is as large as it gets), wrk -t1 -c32, the gateway pinned alone on CPU 1, backend
# and wrk on CPU 0 (../shared/peer, whose backend and wrk this script uses):
#   none        no policies: the baseline (the route's chain is empty; admission costs nothing)
#   jwt-cached  jwt: required, ES256, every request the same token: after the first, a cache hit
#               (policy.VerifiedTokens): a map lookup, the time and audience checks, one claim
#               forwarded as metadata, the Authorization header removed
#   jwt-verify  the same with 2000 distinct tokens cycled, more than the cache keeps (512): a
#               parse and an ES256 signature check per request, what the cache saves
#   rate-limit  a local limit keyed by client address that never refuses (10^8 per second): one
#               bucket update (a CAS) and the two RateLimit response headers
# Reported per case: req/s, p50/p99, and the gateway's CPU per request (its CPU time over the
# requests answered): the added cost is that figure minus the baseline's.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER="${PEER_DIR:-$ROOT/../shared/peer}"
[[ -x "$PEER/bench.sh" ]] || PEER=/work/shared/peer
MODE=quick; BUILD=yes
while (($#)); do
  case "$1" in
    --quick) MODE=quick;; --full) MODE=full;; --smoke) MODE=smoke;; --no-build) BUILD=no;;
    -h|--help) sed -n '2,27p' "$0"; exit 0;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2;;
  esac
  shift
done
case $MODE in
  full) ROUNDS=3; WARMUP=8s; DURATION=8s;;
  quick) ROUNDS=1; WARMUP=8s; DURATION=5s;;
  smoke) ROUNDS=1; WARMUP=0; DURATION=0;;
esac
CASES=(none jwt-cached jwt-verify rate-limit)
ROSETTA_JVM="${ROSETTA_JVM:--Xms512m -Xmx512m -XX:+UseParallelGC}"
OUT="${OUT:-$ROOT/bench/target/policy-$MODE-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
PLOG_TAG=policy
# shellcheck source=/dev/null
source "$PEER/lib.sh"   # start_bg, stop_all, wait_tcp, require_free_port, plog; BACKEND_ADDR, GATEWAY_PORT
HZ=$(getconf CLK_TCK)

if [[ $BUILD == yes ]]; then
  plog "building gateway.jar and benchmarks.jar"
  (cd "$ROOT" && mvn -B -q ${MVN_OFFLINE:+-o} -Pbench package -DskipTests)
fi
[[ -f "$PEER_BUILD/env.sh" ]] || "$PEER/setup.sh" > "$OUT/setup.log" 2>&1
GW_JAR="$ROOT/gateway/target/gateway.jar"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
ECHO_SET="$OUT/echo_service.protoset"
protoc -I"$PEER_BUILD/descriptors/proto" -I/usr/include --include_imports --descriptor_set_out="$ECHO_SET" \
  examples/proto/examplepb/echo_service.proto
java -cp "$BENCH_JAR" dev.rosetta.bench.policy.PolicyTokens "$OUT/keys" 2000

provider='  jwt:
    providers:
      - name: bench
        issuer: https://bench.rosetta/
        audiences: [bench]
        jwks: {file: keys/jwks.json}
        forward-claims: {sub: x-user-id}'
printf 'policies:\n%s\n  routes:\n    - jwt: required\n' "$provider" > "$OUT/jwt.yaml"
printf 'policies:\n  rate-limits:\n    - {name: open, requests: 100000000, per: 1s, key: client-address}\n  routes:\n    - rate-limits: [open]\n' \
  > "$OUT/rate-limit.yaml"

config_flag() { case $1 in none) echo "";; jwt-*) echo "--config $OUT/jwt.yaml";; rate-limit) echo "--config $OUT/rate-limit.yaml";; esac; }
tokens_file() { case $1 in jwt-cached) echo "$OUT/keys/token.txt";; jwt-verify) echo "$OUT/keys/tokens.txt";; *) echo "";; esac; }
URL="http://127.0.0.1:$GATEWAY_PORT/v1/example/echo/xxxxxxxxxx"

make_lua() {  # make_lua CASE FILE: the same request function for every case, a token where one is sent
  local tokens; tokens=$(tokens_file "$1")
  {
    echo 'wrk.method = "POST"'
    echo 'wrk.body = ""'
    echo 'local tokens = {}'
    [[ -n $tokens ]] && echo "for line in io.lines(\"$tokens\") do tokens[#tokens + 1] = line end"
    cat <<'LUA'
local i = 0
request = function()
  if #tokens > 0 then
    i = i % #tokens + 1
    wrk.headers["Authorization"] = "Bearer " .. tokens[i]
  end
  return wrk.format()
end
function done(summary, latency, requests)
  io.write(string.format("WRKRESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d non2xx=%d errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), latency:percentile(50),
    latency:percentile(99), summary.errors.status, summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
LUA
  } > "$2"
}

check() {  # check CASE: the answers each case must give, with curl (a handful of requests)
  local token code
  token=$(head -1 "$(tokens_file jwt-cached)")
  code=$(curl -s -o "$OUT/check.json" -w '%{http_code}' -X POST "$URL" ${2:+-H "Authorization: Bearer $token"})
  [[ $code == 200 ]] || { plog "check FAILED ($1): HTTP $code $(head -c 200 "$OUT/check.json")"; return 1; }
  if [[ $1 == jwt-* ]]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL")
    [[ $code == 401 ]] || { plog "check FAILED ($1): no token answered $code, not 401"; return 1; }
  fi
  if [[ $1 == rate-limit ]]; then
    curl -s -D - -o /dev/null -X POST "$URL" | grep -qi '^ratelimit-policy: "open"' \
      || { plog "check FAILED ($1): no RateLimit-Policy header"; return 1; }
  fi
}

ready() {  # ready PID: the gateway answers (200, or 401 where a token is required), within 90 s
  local end=$(( $(date +%s) + 90 )) code
  while kill -0 "$1" 2>/dev/null; do
    code=$(curl -s -o /dev/null -m 2 -X POST -w '%{http_code}' "$URL" 2>/dev/null || true)
    [[ $code == 200 || $code == 401 ]] && return 0
    (( $(date +%s) >= end )) && return 1
    sleep 0.2
  done
  return 1
}

RAW="$OUT/runs.tsv"
printf 'round\tcase\trps\tp50_ms\tp99_ms\tnon2xx\terrors\tgw_cpu_us_per_req\n' > "$RAW"
trap 'stop_all' EXIT
trap 'exit 130' INT TERM
for round in $(seq 1 $ROUNDS); do
  order=("${CASES[@]}")
  (( round % 2 == 0 )) && mapfile -t order < <(printf '%s\n' "${CASES[@]}" | tac)
  for c in "${order[@]}"; do
    plog "==== round $round/$ROUNDS [$c]"
    require_free_port "$BACKEND_PORT"; require_free_port "$GATEWAY_PORT"
    start_bg "$OUT/$c.r$round.backend.log" 0 "$BACKEND_QUIET_BIN" -addr="$BACKEND_ADDR" -logtostderr
    BPID=$LAST_PID
    wait_tcp "$BACKEND_PORT" 30 "$BPID" || { plog "backend failed to start"; exit 2; }
    start_bg "$OUT/$c.r$round.gateway.log" 1 bash -c "cd $OUT && exec java $ROSETTA_JVM -jar $GW_JAR \
      --descriptor $ECHO_SET --backend $BACKEND_ADDR --port $GATEWAY_PORT --admin-port -1 $(config_flag "$c")"
    GPID=$LAST_PID
    ready "$GPID" || { plog "gateway not ready"; tail -20 "$OUT/$c.r$round.gateway.log"; exit 2; }
    check "$c" "$(tokens_file "$c")" || exit 1
    if [[ $MODE == smoke ]]; then
      plog "  $c: answers as expected (smoke: no load)"; stop_all; continue
    fi
    lua="$OUT/$c.lua"; make_lua "$c" "$lua"
    taskset -c 0 wrk -t1 -c32 -d"$WARMUP" -s "$lua" "$URL" > "$OUT/$c.r$round.warmup.txt" 2>&1 || true
    # utime + stime of the whole JVM (the gateway's bash execs java: same pid), in clock ticks.
    t0=$(awk '{print $14 + $15}' "/proc/$GPID/stat")
    taskset -c 0 wrk -t1 -c32 -d"$DURATION" --latency -s "$lua" "$URL" > "$OUT/$c.r$round.txt" 2>&1 || true
    t1=$(awk '{print $14 + $15}' "/proc/$GPID/stat")
    res=$(grep '^WRKRESULT' "$OUT/$c.r$round.txt" || true)
    [[ -n $res ]] || { plog "  wrk gave no result: $(tail -3 "$OUT/$c.r$round.txt" | tr '\n' ' ')"; stop_all; continue; }
    kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $res"; }
    cpu=$(awk -v a="$t0" -v b="$t1" -v n="$(kv requests)" -v hz="$HZ" 'BEGIN{printf "%.1f", (b - a) / hz * 1e6 / n}')
    printf '%s\t%s\t%s\t%.2f\t%.2f\t%s\t%s\t%s\n' "$round" "$c" "$(kv rps)" "$(awk -v u="$(kv p50_us)" 'BEGIN{print u/1000}')" \
      "$(awk -v u="$(kv p99_us)" 'BEGIN{print u/1000}')" "$(kv non2xx)" "$(kv errors)" "$cpu" >> "$RAW"
    plog "  $(tail -1 "$RAW" | awk -F'\t' '{printf "%-11s %9s req/s  p50 %s ms  p99 %s ms  non2xx %s  errors %s  gw cpu %s us/req", $2, $3, $4, $5, $6, $7, $8}')"
    stop_all
  done
done
trap - EXIT
[[ $MODE == smoke ]] && { plog "smoke run done: every case started and answered as expected"; exit 0; }

awk -F'\t' '
  function median(s,   n, a, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; j = i - 1
      while (j > 0 && a[j] + 0 > t + 0) { a[j + 1] = a[j]; j-- } a[j + 1] = t } return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  NR == 1 { next }
  { if (!($2 in seen)) { seen[$2] = 1; cases[++n] = $2 } rps[$2] = rps[$2] " " $3; p50[$2] = p50[$2] " " $4
    p99[$2] = p99[$2] " " $5; cpu[$2] = cpu[$2] " " $8; bad[$2] += $6 + $7 }
  END { base = median(cpu["none"])
    print "| case | req/s | p50 ms | p99 ms | gateway CPU us/request | added us/request | non-2xx + errors |"
    print "|---|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) { c = cases[i]; m = median(cpu[c])
      printf "| %s | %.0f | %.2f | %.2f | %.1f | %s | %d |\n", c, median(rps[c]), median(p50[c]), median(p99[c]), m,
        (c == "none") ? "-" : sprintf("%+.1f", m - base), bad[c] } }' "$RAW" > "$OUT/results.md"
echo; echo "================ policy.sh results ($MODE: $ROUNDS round(s), $WARMUP warm-up + $DURATION per case, wrk -t1 -c32) ================"
cat "$OUT/results.md"
