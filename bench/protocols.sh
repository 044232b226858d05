#!/usr/bin/env bash
# bench/protocols.sh — the same method through each protocol the gateway serves on HTTP/1.1:
# REST, Connect (JSON, proto, the GET form) and gRPC-Web (proto, JSON, text), side by side.
#
# usage: bench/protocols.sh [--check] [--no-build] [-d SECONDS] [-w SECONDS] [-c CONNECTIONS] [-r ROUNDS]
#   --check     send each case's request once with curl and check the answer; no load (what CI
#               and a busy machine may run)
#   --no-build  use gateway/target/gateway.jar as it is
#   -d N        seconds measured per case and round (default 10); -w N seconds of warm-up before
#               each (default 5; 0 for none: a smoke run that only checks the script works)
#   -c N        wrk connections (default 32); -r N rounds, interleaved (default 3)
# env: ROSETTA_JVM (the gateway's JVM flags), OUT (output directory)
#
# The method is GetShelf (a ~60-byte answer) and ListBooks (~1.1 KB of JSON, ~0.5 KB of proto): small messages, so
# the numbers show what each protocol's framing costs over the same route, binding and backend
# call. The gateway runs pinned alone on CPU 1; the example backend and wrk share CPU 0 (as
# bench/load.sh does). Per case: req/s, p50/p99 latency, and the gateway's CPU time per request
# (utime+stime from /proc over the measured window). Run it on a quiet machine: nothing else may
# compete for the two cores. The results table goes to OUT/results.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECK=no; BUILD=yes; DURATION=10; WARMUP=5; CONNS=32; ROUNDS=3
while (($#)); do
  case "$1" in
    --check) CHECK=yes;; --no-build) BUILD=no;;
    -d) DURATION=$2; shift;; -w) WARMUP=$2; shift;; -c) CONNS=$2; shift;; -r) ROUNDS=$2; shift;;
    -h|--help) sed -n '2,19p' "$0"; exit 0;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2;;
  esac
  shift
done
OUT="${OUT:-$ROOT/bench/target/protocols-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
JAR="$ROOT/gateway/target/gateway.jar"
ROSETTA_JVM="${ROSETTA_JVM:--Xms512m -Xmx512m -XX:+UseParallelGC}"
SVC=rosetta.examples.library.v1.LibraryService
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

if [[ $BUILD == yes ]]; then
  echo "[protocols] building gateway.jar"
  (cd "$ROOT" && mvn -B -q ${MVN_OFFLINE:+-o} package -DskipTests)
fi
PIN_BACKEND=(); PIN_GATEWAY=()
if [[ $CHECK == no ]] && command -v taskset >/dev/null && (($(nproc) >= 2)); then
  PIN_BACKEND=(taskset -c 0); PIN_GATEWAY=(taskset -c 1)
fi

# Waits for "$2" in the log $1 and prints the line.
await() {
  for _ in $(seq 1 300); do
    if grep -q "$2" "$1"; then grep -m1 "$2" "$1"; return 0; fi
    sleep 0.1
  done
  echo "[protocols] timed out waiting for '$2' in $1:" >&2; tail -20 "$1" >&2; exit 1
}

"${PIN_BACKEND[@]}" java -Xmx256m -cp "$JAR" dev.rosetta.examples.library.ExampleBackend --port 0 > "$OUT/backend.log" 2>&1 &
PIDS+=($!)
BACKEND_PORT=$(await "$OUT/backend.log" "listening on" | sed 's/.*://')
"${PIN_GATEWAY[@]}" java $ROSETTA_JVM -jar "$JAR" --descriptor "$ROOT/descriptors/library.pb" \
  --backend "127.0.0.1:$BACKEND_PORT" --bind 127.0.0.1 --port 0 --admin-port -1 --no-watch-descriptors \
  > "$OUT/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)
PORT=$(await "$OUT/gateway.log" "listening on" | sed -E 's/.*:([0-9]+) \(.*/\1/')
BASE="http://127.0.0.1:$PORT"
echo "[protocols] backend :$BACKEND_PORT, gateway :$PORT (pid $GATEWAY_PID); output $OUT"

# ---- the cases: name | method | path | Content-Type | body (written to a file) | what the answer holds
python3 - "$OUT" <<'PY'
import base64, json, struct, sys, urllib.parse
out = sys.argv[1]
def field(n, s):  # a string field of a message, protobuf wire format
    b = s.encode(); return bytes([n << 3 | 2, len(b)]) + b
def frame(m): return b"\0" + struct.pack(">I", len(m)) + m
svc = "/rosetta.examples.library.v1.LibraryService/"
shelf, books = field(1, "shelves/scifi"), field(1, "shelves/scifi")
shelf_json, books_json = json.dumps({"name": "shelves/scifi"}), json.dumps({"parent": "shelves/scifi"})
cases = [
  ("rest-get-shelf", "GET", "/v1/shelves/scifi", "", b"", "Science fiction"),
  ("connect-json-get-shelf", "POST", svc + "GetShelf", "application/json", shelf_json.encode(), "Science fiction"),
  ("connect-proto-get-shelf", "POST", svc + "GetShelf", "application/proto", shelf, "Science fiction"),
  ("connect-get-get-shelf", "GET", svc + "GetShelf?encoding=json&message=" + urllib.parse.quote(shelf_json), "", b"", "Science fiction"),
  ("grpc-web-proto-get-shelf", "POST", svc + "GetShelf", "application/grpc-web+proto", frame(shelf), "Science fiction"),
  ("grpc-web-json-get-shelf", "POST", svc + "GetShelf", "application/grpc-web+json", frame(shelf_json.encode()), "Science fiction"),
  ("grpc-web-text-get-shelf", "POST", svc + "GetShelf", "application/grpc-web-text", base64.b64encode(frame(shelf)), "AAAA"),
  ("rest-list-books", "GET", "/v1/shelves/scifi/books", "", b"", "Neuromancer"),
  ("connect-json-list-books", "POST", svc + "ListBooks", "application/json", books_json.encode(), "Neuromancer"),
  ("connect-proto-list-books", "POST", svc + "ListBooks", "application/proto", books, "Neuromancer"),
  ("grpc-web-proto-list-books", "POST", svc + "ListBooks", "application/grpc-web+proto", frame(books), "Neuromancer"),
]
with open(out + "/cases.tsv", "w") as f:
  for name, method, path, ctype, body, expect in cases:
    open(f"{out}/{name}.body", "wb").write(body)
    f.write("\t".join([name, method, path, ctype or "-", f"{out}/{name}.body", expect]) + "\n")
PY

check() {  # every case answers 200, without a gRPC error, with what it should hold
  local failed=0
  while IFS=$'\t' read -r name method path ctype body expect; do
    [[ $ctype == - ]] && ctype=""
    local args=(-s -o "$OUT/$name.answer" -D "$OUT/$name.head" -X "$method")
    [[ -n $ctype ]] && args+=(-H "Content-Type: $ctype")
    [[ -s $body ]] && args+=(--data-binary "@$body")
    local status; status=$(curl "${args[@]}" -w '%{http_code}' "$BASE$path")
    if [[ $status != 200 ]] || grep -qi '^grpc-status: [1-9]' "$OUT/$name.head" || ! grep -aq "$expect" "$OUT/$name.answer"; then
      echo "[protocols] check FAILED: $name answered $status: $(head -c 300 "$OUT/$name.answer")"; failed=1
    else
      echo "[protocols] check ok: $name ($(wc -c < "$OUT/$name.answer") bytes)"
    fi
  done < "$OUT/cases.tsv"
  return $failed
}
check
if [[ $CHECK == yes ]]; then exit 0; fi

cpu_ticks() { awk '{print $14 + $15}' "/proc/$GATEWAY_PID/stat"; }
TICK=$(getconf CLK_TCK)
: > "$OUT/runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
  while IFS=$'\t' read -r name method path ctype body expect; do
    [[ $ctype == - ]] && ctype=""
    [[ -s $body ]] || body=""
    export CASE_METHOD=$method CASE_PATH=$path CASE_TYPE=$ctype CASE_BODY=$body
    if ((WARMUP > 0)); then
      "${PIN_BACKEND[@]}" wrk -t1 -c"$CONNS" -d"${WARMUP}s" -s "$ROOT/bench/protocols.lua" "$BASE" > /dev/null
    fi
    before=$(cpu_ticks)
    "${PIN_BACKEND[@]}" wrk -t1 -c"$CONNS" -d"${DURATION}s" -s "$ROOT/bench/protocols.lua" "$BASE" > "$OUT/$name.r$round.txt"
    after=$(cpu_ticks)
    sed -n "s/^CASERESULT requests=\([0-9]*\) duration_us=\([0-9]*\) p50_us=\([0-9]*\) p99_us=\([0-9]*\) errors=\([0-9]*\)/$round\t$name\t\1\t\2\t\3\t\4\t\5\t$((after - before))/p" \
      "$OUT/$name.r$round.txt" >> "$OUT/runs.tsv"
    echo "[protocols] round $round $name: $(grep CASERESULT "$OUT/$name.r$round.txt")"
  done < "$OUT/cases.tsv"
done

# ---- medians over rounds; CPU per request in microseconds; each case against REST on the same method
awk -F'\t' -v tick="$TICK" '
  function med(s,   n, a, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; j = i - 1
      while (j > 0 && a[j] + 0 > t + 0) { a[j+1] = a[j]; j-- } a[j+1] = t } return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
  { k = $2; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    rps[k] = rps[k] " " $3 / ($4 / 1e6); p50[k] = p50[k] " " $5 / 1000; p99[k] = p99[k] " " $6 / 1000
    cpu[k] = cpu[k] " " ($8 / tick) * 1e6 / ($3 > 0 ? $3 : 1); err[k] += $7 }
  END {
    print "| case | req/s | vs REST | p50 ms | p99 ms | gateway CPU µs/req | errors |"
    print "|---|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) { k = order[i]; base = (k ~ /list-books$/) ? "rest-list-books" : "rest-get-shelf"
      printf "| %s | %.0f | %.2f | %.2f | %.2f | %.1f | %d |\n", k, med(rps[k]), med(rps[k]) / med(rps[base]),
        med(p50[k]), med(p99[k]), med(cpu[k]), err[k] }
  }' "$OUT/runs.tsv" > "$OUT/results.md"
echo; echo "================ protocols.sh results (${ROUNDS} rounds x ${DURATION} s, wrk -t1 -c$CONNS) ================"
cat "$OUT/results.md"
