# bench/gateways.sh — what bench/h2.sh, bench/storm.sh and bench/hop.sh share (sourced, not run):
# the gateway's build, the peer's (grpc-gateway and its Go echo backend, ../shared/peer), the echo
# descriptor set, starting the backend, Rosetta or grpc-gateway pinned to their cores, reading
# h2load's output and per-request log, and /proc accounting of a process group (CPU ticks, RSS). Every process is started in its own session by peer/lib.sh's start_bg
# and stopped by its process-group id (stop_all), nothing else is ever signalled.
#
# Expects ROOT (the repository) and OUT (an output directory); honours BUILD=no, PEER_DIR, PEER_BUILD,
# GW_CPU (default 1), LOAD_CPU (default 0), ROSETTA_JVM, NO_SETUP=1 (reuse an existing peer build).

PEER="${PEER_DIR:-$ROOT/../shared/peer}"
[[ -x "$PEER/bench.sh" ]] || PEER=/work/shared/peer
GW_CPU="${GW_CPU:-1}"
LOAD_CPU="${LOAD_CPU:-0}"
# As load.sh: a fixed heap with the parallel collector, one GC thread on the pinned core.
ROSETTA_JVM="${ROSETTA_JVM:--Xms512m -Xmx512m -XX:+UseParallelGC}"
GW_JAR="$ROOT/gateway/target/gateway.jar"

# gw_build TAG: builds gateway/target/gateway.jar, unless BUILD is "no" (the scripts' --no-build).
gw_build() {
  [[ "${BUILD:-yes}" == yes ]] || return 0
  echo "[$1] building gateway.jar"
  (cd "$ROOT" && mvn -B -q ${MVN_OFFLINE:+-o} -pl gateway -am package -DskipTests)
}

# Builds (or reuses) the peer and the echo service's descriptor set: sets ECHO_SET and the
# peer's variables (BACKEND_QUIET_BIN, PEER_GATEWAY_CMD, ...), sources peer/lib.sh.
gw_setup() {
  if [[ "${NO_SETUP:-0}" != 1 || ! -f "${PEER_BUILD:-/tmp/peer-build}/env.sh" ]]; then
    echo "[setup] peer setup (grpc-gateway and its Go backend, from Debian)"
    "$PEER/setup.sh" > "$OUT/setup.log" 2>&1 || { tail -20 "$OUT/setup.log"; exit 2; }
  fi
  PLOG_TAG="${PLOG_TAG:-bench}"
  # shellcheck source=/dev/null
  source "$PEER/lib.sh"
  trap 'stop_all' EXIT
  trap 'exit 130' INT TERM
  # Rosetta gets the echo service alone (load.sh says why), compiled from the peer's sources.
  ECHO_SET="$OUT/echo_service.protoset"
  protoc -I"$PEER_BUILD/descriptors/proto" -I/usr/include --include_imports --descriptor_set_out="$ECHO_SET" \
    examples/proto/examplepb/echo_service.proto
}

# start_backend: the quiet Go echo backend on LOAD_CPU; sets BPID.
start_backend() {
  require_free_port "$BACKEND_PORT"
  start_bg "$OUT/backend.log" "$LOAD_CPU" "$BACKEND_QUIET_BIN" -addr="$BACKEND_ADDR" -logtostderr
  BPID=$LAST_PID
  wait_tcp "$BACKEND_PORT" 30 "$BPID" || { echo "backend failed to start"; tail "$OUT/backend.log"; exit 2; }
}

# start_gateway LABEL: Rosetta ("rosetta", flags in ROSETTA_FLAGS) or grpc-gateway ("peer") on
# :$GATEWAY_PORT, pinned to GW_CPU, waited for; sets GPID.
start_gateway() {
  local label="$1" cmd
  require_free_port "$GATEWAY_PORT"
  if [[ "$label" == peer ]]; then
    cmd="$(resolve_gateway_cmd peer)"
  else
    cmd="exec java $ROSETTA_JVM -jar $GW_JAR --descriptor $ECHO_SET --backend $BACKEND_ADDR --port $GATEWAY_PORT --admin-port -1 ${ROSETTA_FLAGS:-}"
  fi
  start_bg "$OUT/$label.gateway.log" "$GW_CPU" bash -c "$cmd"
  GPID=$LAST_PID
  wait_ready "$GPID" "${READY_TIMEOUT:-90}" || { echo "gateway $label not ready"; tail -20 "$OUT/$label.gateway.log"; exit 2; }
}

# pg_ticks PGID: user+system CPU clock ticks of the live processes of a process group.
pg_ticks() {
  local f rest tot=0 a pgrp
  for f in /proc/[0-9]*/stat; do
    rest=$(cat "$f" 2>/dev/null) || continue
    rest="${rest##*) }"; read -r -a a <<<"$rest"
    pgrp=${a[2]}
    [[ "$pgrp" == "$1" ]] && tot=$(( tot + a[11] + a[12] ))
  done
  echo "$tot"
}

# pg_jit_seconds PGID: seconds the JIT compilers of the process group's JVM have spent so far
# (jstat -compiler), "-" when there is none to ask.
pg_jit_seconds() {
  local pid; pid=$(pgrep -g "$1" -x java | head -1)
  [[ -n "$pid" ]] && jstat -compiler "$pid" 2>/dev/null | awk 'NR == 2 {print $4}' || echo -
}

# h2load_percentile_us LOG Q: the Q quantile (0.99: the p99) in microseconds of the requests
# answered 200 in an h2load --log-file (tab-separated: start, status, microseconds).
h2load_percentile_us() {
  awk -F'\t' '$2 == 200 {print $3}' "$1" | sort -n |
    awk -v q="$2" '{a[NR]=$1} END {i=int(NR*q); if (i<1) i=1; print a[i]+0}'
}

h2load_p99_us() { h2load_percentile_us "$1" 0.99; }

# h2load_summary TXT: "SUCCEEDED FAILED SECONDS WIRE_BYTES DATA_BYTES" of an h2load run from its
# output (FAILED: failed and errored requests; WIRE_BYTES: all it read, DATA_BYTES: response
# bodies); "-" for SUCCEEDED and SECONDS when the run did not finish.
h2load_summary() {
  local ok failed secs wire data
  ok=$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' "$1")
  failed=$(sed -n 's/^requests: .* \([0-9]*\) failed, \([0-9]*\) errored.*/\1 \2/p' "$1" | awk '{print $1 + $2}')
  secs=$(sed -n 's/^finished in \([0-9.]*\)s,.*/\1/p' "$1")
  wire=$(sed -n 's/^traffic: .* (\([0-9]*\)) total.*/\1/p' "$1")
  data=$(sed -n 's/^traffic: .*, [0-9.]*[KMG]*B (\([0-9]*\)) data$/\1/p' "$1")
  echo "${ok:--} ${failed:-0} ${secs:--} ${wire:-0} ${data:-0}"
}

# pg_rss_mib PGID: resident memory of a process group, MiB.
pg_rss_mib() {
  local f rest a tot=0 pid
  for f in /proc/[0-9]*/stat; do
    rest=$(cat "$f" 2>/dev/null) || continue
    rest="${rest##*) }"; read -r -a a <<<"$rest"
    [[ "${a[2]}" == "$1" ]] || continue
    pid="${f#/proc/}"; pid="${pid%/stat}"
    tot=$(( tot + $(awk '/^VmRSS:/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0) ))
  done
  echo $(( tot / 1024 ))
}

HZ=$(getconf CLK_TCK)
