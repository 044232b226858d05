#!/usr/bin/env bash
# bench/balance.sh — request-level balance on both hops, on one machine (docs/deployment.md,
# "Scale-out"). A functional check with a bounded number of requests, not a measurement.
#
# usage: bench/balance.sh [--requests N] [--no-build]
#   --requests N  requests per phase (default 300)
#   --no-build    use the gateway.jar already in gateway/target
#
# Starts three example backends and three gateways on loopback (free ports), each gateway with
# all three backends as its target list (round_robin), then sends N requests twice:
#   per request  round-robin over the three gateways, as an L7 load balancer (or an HTTP/1.1
#                client pool behind an L4 one) spreads them;
#   one conn     all over one kept-alive connection to the first gateway, as an L4 balancer pins
#                one HTTP/2 client.
# After each phase it prints, from the gateways' /metrics, how many requests each gateway served
# (first hop) and how many calls each backend answered (second hop). Everything it started is
# stopped on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQUESTS=300; BUILD=yes
while (($#)); do
  case "$1" in
    --requests) REQUESTS="$2"; shift;;
    --no-build) BUILD=no;;
    -h|--help) sed -n '2,18p' "$0"; exit 0;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2;;
  esac
  shift
done
JAR="$ROOT/gateway/target/gateway.jar"
if [[ $BUILD == yes ]]; then
  echo "[balance] building gateway.jar"
  (cd "$ROOT" && mvn -B -q ${MVN_OFFLINE:+-o} package -DskipTests)
fi
[[ -f $JAR ]] || { echo "no $JAR: build it first (or drop --no-build)" >&2; exit 2; }

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Waits until FILE has a line matching REGEX (30 s at most) and prints the first capture group.
await_line() {
  local file=$1 regex=$2 deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    if [[ -f $file ]] && line=$(grep -m1 -E "$regex" "$file"); then
      [[ $line =~ $regex ]] && { echo "${BASH_REMATCH[1]}"; return 0; }
    fi
    sleep 0.2
  done
  echo "timed out waiting for '$regex' in $file:" >&2; cat "$file" >&2; return 1
}

JVM=(java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
BACKENDS=()
for i in 0 1 2; do
  "${JVM[@]}" -cp "$JAR" dev.rosetta.examples.library.ExampleBackend --port 0 > "$WORK/backend$i.log" 2>&1 &
  PIDS+=($!)
done
for i in 0 1 2; do
  BACKENDS+=("127.0.0.1:$(await_line "$WORK/backend$i.log" 'listening on 127\.0\.0\.1:([0-9]+)')")
done
TARGET="$(IFS=,; echo "${BACKENDS[*]}")"
echo "[balance] backends: $TARGET"

GATEWAYS=(); ADMINS=()
for i in 0 1 2; do
  "${JVM[@]}" -jar "$JAR" --descriptor "$ROOT/descriptors/library.pb" --backend "$TARGET" \
    --bind 127.0.0.1 --port 0 --admin-port 0 --no-openapi --no-watch-descriptors > "$WORK/gateway$i.log" 2>&1 &
  PIDS+=($!)
done
for i in 0 1 2; do
  GATEWAYS+=("$(await_line "$WORK/gateway$i.log" 'listening on /127\.0\.0\.1:([0-9]+)')")
  ADMINS+=("$(await_line "$WORK/gateway$i.log" 'admin on /127\.0\.0\.1:([0-9]+)')")
done
echo "[balance] gateways on ports ${GATEWAYS[*]} (admin ${ADMINS[*]})"
for admin in "${ADMINS[@]}"; do
  deadline=$((SECONDS + 30))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$admin/readyz") == 200 ]]; do
    ((SECONDS < deadline)) || { echo "gateway with admin port $admin never got ready" >&2; exit 1; }
    sleep 0.2
  done
done

# One line per gateway and per backend address: "gateway PORT N" and "backend ADDR N", cumulative.
counts() {
  for i in 0 1 2; do
    curl -s "http://127.0.0.1:${ADMINS[$i]}/metrics" | awk -v gw="${GATEWAYS[$i]}" '
      /^rosetta_http_requests_total\{/ && /route="\/v1\/shelves"/ { served += $NF }
      /^rosetta_backend_endpoint_calls_total\{/ {
        match($0, /endpoint="[^"]*"/); ep = substr($0, RSTART + 10, RLENGTH - 11); calls[ep] += $NF }
      END { printf "gateway %s %d\n", gw, served; for (ep in calls) printf "backend %s %d\n", ep, calls[ep] }'
  done | awk '{ sum[$1 " " $2] += $3 } END { for (k in sum) print k, sum[k] }' | sort
}

# Prints the change of every count between two snapshots, as a table per hop.
report() {
  local title=$1 before=$2 after=$3
  echo
  echo "== $title"
  join -a2 -e 0 -o '2.1,2.2,1.3,2.3' <(awk '{print $1"_"$2, $1, $3}' <<<"$before" | sort) \
       <(awk '{print $1"_"$2, $1, $3}' <<<"$after" | sort) 2>/dev/null |
    awk -v n="$REQUESTS" '{ split($1, k, "_"); d = $4 - $3; printf "  %-8s %-22s %6d  %5.1f%%\n", k[1], k[2], d, 100 * d / n }'
}

path=/v1/shelves
before="$(counts)"
# One curl for all requests of a phase: it keeps a connection to each gateway and reuses it.
# Prints "HTTP status counts; connections opened".
send() {
  local args=()
  for url in "$@"; do args+=(-o /dev/null "$url"); done
  curl -s -w '%{http_code} %{num_connects}\n' "${args[@]}" |
    awk '{ codes[$1]++; conns += $2 } END { for (c in codes) printf "%d x %s, ", codes[c], c; printf "%d connection(s)", conns }'
}

urls=()
for ((r = 0; r < REQUESTS; r++)); do urls+=("http://127.0.0.1:${GATEWAYS[$((r % 3))]}$path"); done
sent="$(send "${urls[@]}")"
after="$(counts)"
report "per request over three gateways ($sent)" "$before" "$after"

before="$after"
urls=()
for ((r = 0; r < REQUESTS; r++)); do urls+=("http://127.0.0.1:${GATEWAYS[0]}$path"); done
sent="$(send "${urls[@]}")"
after="$(counts)"
report "one kept-alive connection to one gateway ($sent)" "$before" "$after"
echo
echo "The backend hop stays even in both phases (each gateway balances every request); the gateway"
echo "hop is even only when something balances requests, not connections, in front of the gateways."
