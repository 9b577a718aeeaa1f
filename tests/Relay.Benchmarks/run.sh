#!/usr/bin/env bash
# Benchmark of issue 8: Relay against Postfix + OpenDKIM on this machine, same load, same keys, same sink.
# See README.md beside this script. Needs root (apt-get, Postfix, smtp-sink's privilege drop, /proc/PID/clear_refs).
#
#   bash tests/Relay.Benchmarks/run.sh            full run: writes results/latest.md (and latest.tsv)
#   bash tests/Relay.Benchmarks/run.sh --smoke    a few hundred messages per side: writes results/smoke.md
#
# Options: --out FILE (the markdown; the raw numbers go beside it as .tsv), --configuration Release|Debug,
#          --relay-bin DIR and --tools-bin DIR (use these builds instead of building), --messages N, --runs N,
#          --sessions LIST (the sweep's session counts, default 10,50,100), --reuse both|yes|no (connections
#          reused or one message per connection), --milter both|unix|inet (OpenDKIM's socket), --queued LIST
#          (messages already queued for the cost-as-work-grows step, default 0,10000,100000; "none" skips it),
#          --note TEXT (printed under the title), --keep-work (keep the temporary folder),
#          --profile (one extra Relay run per size under perf; the flat profile is written beside the table).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"
# shellcheck source=lib/install.sh
source "$HERE/lib/install.sh"
# shellcheck source=lib/keys.sh
source "$HERE/lib/keys.sh"
# shellcheck source=lib/sink.sh
source "$HERE/lib/sink.sh"
# shellcheck source=lib/postfix.sh
source "$HERE/lib/postfix.sh"
# shellcheck source=lib/relay.sh
source "$HERE/lib/relay.sh"
# shellcheck source=lib/phases.sh
source "$HERE/lib/phases.sh"

MODE=full
OUT=
CONFIGURATION=Release
RELAY_BIN=
TOOLS_BIN=
NOTE=
KEEP_WORK=
PROFILE=
MESSAGES_OPTION=
RUNS_OPTION=
SESSIONS_OPTION=
REUSE_OPTION=
MILTER_OPTION=
QUEUED_OPTION=
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) MODE=smoke ;;
    --out) OUT=$2; shift ;;
    --configuration) CONFIGURATION=$2; shift ;;
    --relay-bin) RELAY_BIN=$(cd "$2" && pwd); shift ;;
    --tools-bin) TOOLS_BIN=$(cd "$2" && pwd); shift ;;
    --messages) MESSAGES_OPTION=$2; shift ;;
    --runs) RUNS_OPTION=$2; shift ;;
    --sessions) SESSIONS_OPTION=$2; shift ;;
    --reuse) REUSE_OPTION=$2; shift ;;
    --milter) MILTER_OPTION=$2; shift ;;
    --queued) QUEUED_OPTION=$2; shift ;;
    --note) NOTE=$2; shift ;;
    --keep-work) KEEP_WORK=1 ;;
    --profile) PROFILE=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done

if [ "$MODE" = smoke ]; then
  # Enough to exercise every step and fill every cell of the table, quickly; the numbers mean little.
  MESSAGES=100 RUNS=1 WARMUP_MESSAGES=10 CAPTURE_MESSAGES=3 SETTLE_SECONDS=0
  LATENCY_MESSAGES=40 LATENCY_RATE=20 HALF_RATE_SECONDS=2 LARGE_MESSAGE_MB=10 OPENSSL_SECONDS=1
  SESSIONS=10,50 QUEUED=0,200,1000 QUEUE_ACCEPT_MESSAGES=100
  OUT=${OUT:-$HERE/results/smoke.md}
else
  MESSAGES=6000 RUNS=3 WARMUP_MESSAGES=500 CAPTURE_MESSAGES=5 SETTLE_SECONDS=2
  LATENCY_MESSAGES=600 LATENCY_RATE=20 HALF_RATE_SECONDS=30 LARGE_MESSAGE_MB=50 OPENSSL_SECONDS=3
  SESSIONS=10,50,100 QUEUED=0,10000,100000 QUEUE_ACCEPT_MESSAGES=5000
  OUT=${OUT:-$HERE/results/latest.md}
fi
MESSAGES=${MESSAGES_OPTION:-$MESSAGES}
RUNS=${RUNS_OPTION:-$RUNS}
SESSIONS=${SESSIONS_OPTION:-$SESSIONS}
QUEUED=${QUEUED_OPTION:-$QUEUED}
mapfile -t SESSION_COUNTS < <(split_list "$SESSIONS")
[ ${#SESSION_COUNTS[@]} -gt 0 ] || die "--sessions needs at least one session count"
for count in "${SESSION_COUNTS[@]}"; do [[ $count =~ ^[1-9][0-9]*$ ]] || die "--sessions: '$count' is not a positive whole number"; done
case ${REUSE_OPTION:-both} in
  both) REUSE_MODES=(yes no) ;; yes) REUSE_MODES=(yes) ;; no) REUSE_MODES=(no) ;;
  *) die "--reuse must be both, yes or no" ;;
esac
case ${MILTER_OPTION:-both} in
  both) MILTERS=(unix inet) ;; unix) MILTERS=(unix) ;; inet) MILTERS=(inet) ;;
  *) die "--milter must be both, unix or inet" ;;
esac
if [ "$QUEUED" = none ]; then QUEUE_LEVELS=(); else mapfile -t QUEUE_LEVELS < <(split_list "$QUEUED"); fi
for count in "${QUEUE_LEVELS[@]}"; do [[ $count =~ ^[0-9]+$ ]] || die "--queued: '$count' is not a whole number"; done
# The cost-as-work-grows step uses 50 sessions (reused); the latency probe at most LATENCY_MAX_CONNECTIONS.
QUEUE_SESSIONS=50
LATENCY_MAX_CONNECTIONS=50
MAX_SESSIONS=$(printf '%s\n' "${SESSION_COUNTS[@]}" "$QUEUE_SESSIONS" "$LATENCY_MAX_CONNECTIONS" | sort -n | tail -1)
# Postfix: one smtpd per session and one smtp per parallel delivery, plus a margin for the other services.
POSTFIX_PROCESS_LIMIT=$((MAX_SESSIONS + 20))
# Relay: the sessions plus the latency probe's connections.
RELAY_MAX_CONNECTIONS=$((MAX_SESSIONS + LATENCY_MAX_CONNECTIONS + 10))

[ "$(id -u)" -eq 0 ] || die "run as root: Postfix, smtp-sink and /proc/PID/clear_refs need it"
ensure_packages
if [ -n "$PROFILE" ]; then
  command -v perf > /dev/null || die "--profile needs perf (Debian package linux-perf)"
fi

build_if_needed() {
  local artifacts=${BENCH_BUILD_DIR:-/tmp/relay-bench-build} configuration
  configuration=$(printf '%s' "$CONFIGURATION" | tr '[:upper:]' '[:lower:]')
  # A build folder of its own: the benchmark never races the bin/obj folders other builds of the tree use.
  if [ -z "$RELAY_BIN" ]; then
    log "building Relay ($CONFIGURATION) into $artifacts"
    dotnet build "$REPO/src/Relay/Relay.csproj" -c "$CONFIGURATION" --artifacts-path "$artifacts" -nologo -v quiet > "$artifacts.relay.log" 2>&1 \
      || die "building Relay failed: $(grep -E 'error' "$artifacts.relay.log" | head -20)"
    RELAY_BIN=$artifacts/bin/Relay/$configuration
  fi
  if [ -z "$TOOLS_BIN" ]; then
    log "building the benchmark tools ($CONFIGURATION) into $artifacts"
    dotnet build "$HERE/Relay.Benchmarks.csproj" -c "$CONFIGURATION" --artifacts-path "$artifacts" -nologo -v quiet > "$artifacts.tools.log" 2>&1 \
      || die "building the benchmark tools failed: $(grep -E 'error' "$artifacts.tools.log" | head -20)"
    TOOLS_BIN=$artifacts/bin/Relay.Benchmarks/$configuration
  fi
  [ -f "$RELAY_BIN/relay.dll" ] || die "no relay.dll in $RELAY_BIN"
  [ -f "$TOOLS_BIN/Relay.Benchmarks.dll" ] || die "no Relay.Benchmarks.dll in $TOOLS_BIN"
  if [ -x "$TOOLS_BIN/Relay.Benchmarks" ]; then TOOLS=("$TOOLS_BIN/Relay.Benchmarks"); else TOOLS=(dotnet "$TOOLS_BIN/Relay.Benchmarks.dll"); fi
  if [ -x "$RELAY_BIN/relay" ]; then RELAY_EXE=("$RELAY_BIN/relay"); else RELAY_EXE=(dotnet "$RELAY_BIN/relay.dll"); fi
}

WORK=
cleanup() {
  local status=$?
  set +e
  stop_sink
  stop_relay
  stop_postfix_and_opendkim
  if [ -n "$WORK" ]; then
    if [ "$status" -ne 0 ] || [ -n "$KEEP_WORK" ]; then
      log "work folder kept for inspection: $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_if_needed
mkdir -p "$(dirname "$OUT")"
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")
WORK=$(mktemp -d /tmp/relay-bench-XXXXXX)
RESULTS_TSV=$WORK/results.tsv
: > "$RESULTS_TSV"
log "$MODE run; work folder $WORK"

# Ports below the ephemeral range, so that no outgoing connection holds one; BENCH_PORT_BASE moves them.
NEXT_PORT=${BENCH_PORT_BASE:-24025}
next_free_port; SINK_PORT=$FREE_PORT
next_free_port; RELAY_PORT=$FREE_PORT
next_free_port; POSTFIX_PORT=$FREE_PORT
next_free_port; POSTFIX_UNIX_PORT=$FREE_PORT
next_free_port; MILTER_PORT=$FREE_PORT
log "ports: sink $SINK_PORT, Relay $RELAY_PORT, Postfix $POSTFIX_PORT (inet milter) and $POSTFIX_UNIX_PORT (UNIX-socket milter), OpenDKIM inet $MILTER_PORT"

result meta.mode "$MODE"
result meta.note "$NOTE"
result meta.messages "$MESSAGES"
result meta.runs "$RUNS"
result meta.sessions "$(printf '%s\n' "${SESSION_COUNTS[@]}" | paste -sd, | sed 's/,/, /g')"
result meta.reuse "$(printf '%s\n' "${REUSE_MODES[@]}" | paste -sd/)"
result meta.milters "$(printf '%s\n' "${MILTERS[@]}" | sed 's/^unix$/UNIX socket/' | paste -sd, | sed 's/,/ and /')"
result meta.postfix_process_limit "$POSTFIX_PROCESS_LIMIT"
result meta.postfix_destination_concurrency "$MAX_SESSIONS"
result meta.relay_max_connections "$RELAY_MAX_CONNECTIONS"
result meta.latency_rate "$LATENCY_RATE"
record_machine

make_keys
for transport in "${MILTERS[@]}"; do start_opendkim "$transport"; done
start_postfix
write_relay_settings
setup_relay_account
start_relay
log "Relay (pid $RELAY_PID, delivery mode: $(relay_delivery_mode)) and Postfix + OpenDKIM (OpenDKIM pids ${OPENDKIM_PIDS[*]}) are up"

check_signatures
measure_throughput
measure_ed25519_cost
measure_latency
if [ ${#QUEUE_LEVELS[@]} -gt 0 ]; then measure_queue_growth; fi
measure_large_message
stop_relay
stop_postfix_and_opendkim
measure_signing

cp "$RESULTS_TSV" "${OUT%.md}.tsv"
"${TOOLS[@]}" report --results "$RESULTS_TSV" --out "$OUT"
log "table written to $OUT"
