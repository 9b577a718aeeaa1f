#!/usr/bin/env bash
# Benchmark of issue 8: Relay against Postfix + OpenDKIM on this machine, same load, same keys, same sink.
# See README.md beside this script. Needs root (apt-get, Postfix, smtp-sink's privilege drop, /proc/PID/clear_refs).
#
#   bash tests/Relay.Benchmarks/run.sh            full run: writes results/latest.md (and latest.tsv)
#   bash tests/Relay.Benchmarks/run.sh --smoke    a few hundred messages per side: writes results/smoke.md
#
# Options: --out FILE (the markdown; the raw numbers go beside it as .tsv), --configuration Release|Debug,
#          --relay-bin DIR and --tools-bin DIR (use these builds instead of building), --messages N, --runs N,
#          --sessions N, --note TEXT (printed under the title), --keep-work (keep the temporary folder),
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
SESSIONS=10
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) MODE=smoke ;;
    --out) OUT=$2; shift ;;
    --configuration) CONFIGURATION=$2; shift ;;
    --relay-bin) RELAY_BIN=$(cd "$2" && pwd); shift ;;
    --tools-bin) TOOLS_BIN=$(cd "$2" && pwd); shift ;;
    --messages) MESSAGES_OPTION=$2; shift ;;
    --runs) RUNS_OPTION=$2; shift ;;
    --sessions) SESSIONS=$2; shift ;;
    --note) NOTE=$2; shift ;;
    --keep-work) KEEP_WORK=1 ;;
    --profile) PROFILE=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done

if [ "$MODE" = smoke ]; then
  # Enough to exercise every step and fill every cell of the table, quickly; the numbers mean little.
  MESSAGES=100 RUNS=1 WARMUP_MESSAGES=10 CAPTURE_MESSAGES=3 SETTLE_SECONDS=0
  LATENCY_MESSAGES=40 LATENCY_RATE=20 LARGE_MESSAGE_MB=10 OPENSSL_SECONDS=1
  OUT=${OUT:-$HERE/results/smoke.md}
else
  MESSAGES=20000 RUNS=3 WARMUP_MESSAGES=500 CAPTURE_MESSAGES=5 SETTLE_SECONDS=2
  LATENCY_MESSAGES=600 LATENCY_RATE=20 LARGE_MESSAGE_MB=50 OPENSSL_SECONDS=3
  OUT=${OUT:-$HERE/results/latest.md}
fi
MESSAGES=${MESSAGES_OPTION:-$MESSAGES}
RUNS=${RUNS_OPTION:-$RUNS}

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
next_free_port; MILTER_PORT=$FREE_PORT
log "ports: sink $SINK_PORT, Relay $RELAY_PORT, Postfix $POSTFIX_PORT, OpenDKIM $MILTER_PORT"

result meta.mode "$MODE"
result meta.note "$NOTE"
result meta.messages "$MESSAGES"
result meta.runs "$RUNS"
result meta.sessions "$SESSIONS"
result meta.latency_rate "$LATENCY_RATE"
record_machine

make_keys
start_opendkim
start_postfix
write_relay_settings
setup_relay_account
start_relay
log "Relay (pid $RELAY_PID, delivery mode: $(relay_delivery_mode)) and Postfix + OpenDKIM (pid $OPENDKIM_PID) are up"

check_signatures
measure_throughput
measure_latency
measure_large_message
stop_relay
stop_postfix_and_opendkim
measure_signing

cp "$RESULTS_TSV" "${OUT%.md}.tsv"
"${TOOLS[@]}" report --results "$RESULTS_TSV" --out "$OUT"
log "table written to $OUT"
