#!/usr/bin/env bash
# Several nodes on one PostgreSQL (issue 18): messages/s through one Relay node, then through two nodes on the same
# database with the load split across both, on this machine (the same cores for both cases: the point is that
# nothing serialises between the nodes). Each message takes from the account's shared rate bucket (one upsert), reads
# the identity from the database and is spooled, signed and delivered to smtp-sink by the node that took it.
# Needs root (smtp-sink's privilege drop; PostgreSQL runs as the postgres user), Postfix's smtp-source/smtp-sink
# and PostgreSQL 15 (Debian's postgresql package).
#
#   bash tests/Relay.Benchmarks/nodes.sh          writes results/nodes.md (and nodes.tsv); about 3 minutes
#
# Options: --messages N (per run, default 2000), --runs N (default 3), --sessions N (in total, split across the
#          nodes; default 20), --relay-bin DIR and --tools-bin DIR (use these Release builds instead of building),
#          --out FILE, --keep-work.
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
# shellcheck source=lib/relay.sh
source "$HERE/lib/relay.sh"

PG_BIN=/usr/lib/postgresql/15/bin
MESSAGES=2000 RUNS=3 SESSIONS=20 WARMUP_MESSAGES=300 SIZE=4096
OUT=$HERE/results/nodes.md
RELAY_BIN= TOOLS_BIN= KEEP_WORK=
while [ $# -gt 0 ]; do
  case $1 in
    --messages) MESSAGES=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --sessions) SESSIONS=$2; shift ;;
    --relay-bin) RELAY_BIN=$(cd "$2" && pwd); shift ;;
    --tools-bin) TOOLS_BIN=$(cd "$2" && pwd); shift ;;
    --out) OUT=$2; shift ;;
    --keep-work) KEEP_WORK=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
for value in "$MESSAGES" "$RUNS" "$SESSIONS"; do [[ $value =~ ^[1-9][0-9]*$ ]] || die "'$value' is not a positive whole number"; done
[ $((SESSIONS % 2)) -eq 0 ] || die "--sessions must be even: the two-node runs give each node half"
[ $((MESSAGES % 2)) -eq 0 ] || die "--messages must be even: the two-node runs give each node half"
[ "$(id -u)" -eq 0 ] || die "run as root: smtp-sink and the postgres user need it"
# smtp-source and smtp-sink come with Postfix (installed unconfigured, as run.sh does).
BENCH_PACKAGES=(postfix openssl iproute2)
ensure_packages
[ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 is missing (Debian package postgresql)"

artifacts=${BENCH_BUILD_DIR:-/tmp/relay-bench-build}
if [ -z "$RELAY_BIN" ]; then
  log "building Relay (Release) into $artifacts"
  dotnet build "$REPO/src/Relay/Relay.csproj" -c Release --artifacts-path "$artifacts" -nologo -v quiet > "$artifacts.relay.log" 2>&1 \
    || die "building Relay failed: $(grep -E 'error' "$artifacts.relay.log" | head -20)"
  RELAY_BIN=$artifacts/bin/Relay/release
fi
if [ -z "$TOOLS_BIN" ]; then
  log "building the benchmark tools (Release) into $artifacts"
  dotnet build "$HERE/Relay.Benchmarks.csproj" -c Release --artifacts-path "$artifacts" -nologo -v quiet > "$artifacts.tools.log" 2>&1 \
    || die "building the benchmark tools failed: $(grep -E 'error' "$artifacts.tools.log" | head -20)"
  TOOLS_BIN=$artifacts/bin/Relay.Benchmarks/release
fi
if [ -x "$TOOLS_BIN/Relay.Benchmarks" ]; then TOOLS=("$TOOLS_BIN/Relay.Benchmarks"); else TOOLS=(dotnet "$TOOLS_BIN/Relay.Benchmarks.dll"); fi
if [ -x "$RELAY_BIN/relay" ]; then RELAY_EXE=("$RELAY_BIN/relay"); else RELAY_EXE=(dotnet "$RELAY_BIN/relay.dll"); fi

WORK=
NODE_PIDS=()
cleanup() {
  local status=$? pid
  set +e
  stop_sink
  for pid in "${NODE_PIDS[@]}"; do stop_pid "$pid"; done
  if [ -n "$WORK" ] && [ -f "$WORK/pg/data/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop > /dev/null 2>&1
  fi
  if [ -n "$WORK" ]; then
    if [ "$status" -ne 0 ] || [ -n "$KEEP_WORK" ]; then log "work folder kept for inspection: $WORK"; else rm -rf "$WORK"; fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

WORK=$(mktemp -d /tmp/relay-nodes-XXXXXX)
chmod 755 "$WORK"
RESULTS_TSV=$WORK/results.tsv
: > "$RESULTS_TSV"
NEXT_PORT=${BENCH_PORT_BASE:-25025}
next_free_port; SINK_PORT=$FREE_PORT
next_free_port; PG_PORT=$FREE_PORT

# PostgreSQL with its defaults (fsync and synchronous commit on, as a real deployment), owned by the postgres user.
mkdir -p "$WORK/pg"
chown postgres:postgres "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U relay -A trust -E UTF8 --locale=C > "$WORK/pg/initdb.log" 2>&1 \
  || die "initdb failed: $(tail -5 "$WORK/pg/initdb.log")"
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -t 60 \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $WORK/pg -c max_connections=300" start > /dev/null \
  || die "PostgreSQL did not start: $(tail -5 "$WORK/pg/server.log")"
CONNECTION_STRING="Host=127.0.0.1;Port=$PG_PORT;Username=relay;Database=postgres"
head -c 32 /dev/urandom > "$WORK/kek"
make_keys
log "PostgreSQL on $PG_PORT, sink on $SINK_PORT; work folder $WORK"

# write_node N PORT: node N's settings (its own data folder and ports, the shared database) in $WORK/nodeN/bench.json.
write_node() {
  local node=$1 port=$2 spare=() count
  mkdir -p "$WORK/node$node"
  for count in 1 2 3 4 5 6; do next_free_port; spare+=("$FREE_PORT"); done
  BENCH_RELAY_MAX_CONNECTIONS=$((SESSIONS + 10)) /usr/bin/python3 "$HERE/relay_settings.py" "$RELAY_BIN/appsettings.json" "$RELAY_BIN/relay.dll" \
    "$WORK/node$node/bench.json" "$WORK/node$node/data" "$port" "$SINK_PORT" "$RELAY_ACCOUNT" \
    "$PROVIDER_DOMAIN" "$PROVIDER_SELECTOR" "$WORK/keys/provider.pem" "${spare[@]}" > "$WORK/node$node/listeners.txt" \
    || die "could not write node $node's settings"
  /usr/bin/python3 - "$WORK/node$node/bench.json" "$CONNECTION_STRING" "$WORK/kek" <<'PY'
import json, sys
path, connection, kek = sys.argv[1:]
with open(path, encoding="utf-8") as f:
    settings = json.load(f)
settings["Relay"]["Store"] = {"Provider": "Postgres", "ConnectionString": connection, "KeyEncryptionKeyFile": kek}
with open(path, "w", encoding="utf-8") as f:
    json.dump(settings, f, indent=2)
PY
}

# node_cli N ARGS...: an operator command through node N's settings.
node_cli() {
  local node=$1; shift
  # shellcheck disable=SC2046
  (cd "$WORK/node$node" && env $(relay_clean_environment) "${RELAY_EXE[@]}" "$@" --settings "$WORK/node$node/bench.json") \
    >> "$WORK/node$node/cli.log" 2>&1 || die "relay $* (node $node): $(tail -5 "$WORK/node$node/cli.log")"
}

start_node() { # N PORT
  local node=$1 port=$2
  # shellcheck disable=SC2046
  (cd "$WORK/node$node" && exec env $(relay_clean_environment) "${RELAY_EXE[@]}" run --settings "$WORK/node$node/bench.json") \
    >> "$WORK/node$node/relay.log" 2>&1 &
  NODE_PIDS+=($!)
  wait_for_port "$port" 60 "$!" || die "node $node did not start: $(tail -20 "$WORK/node$node/relay.log")"
}

source_command() { # PORT SESSIONS COUNT
  echo "smtp-source -d -s $2 -m $3 -l $SIZE -f bench@$CUSTOMER_DOMAIN -t rcpt@example.net -S Relay-nodes -M client.bench.test 127.0.0.1:$1"
}

# load NAME NODES COUNT: COUNT messages, through node 1 alone or split over nodes 1 and 2, timed until all are at the sink.
load() {
  local key=$1 nodes=$2 count=$3 command
  if [ "$nodes" = 1 ]; then
    command="$(source_command "$NODE1_PORT" "$SESSIONS" "$count")"
  else
    command="$(source_command "$NODE1_PORT" $((SESSIONS / 2)) $((count / 2))) & a=\$!; $(source_command "$NODE2_PORT" $((SESSIONS / 2)) $((count / 2))) & b=\$!; wait \$a && wait \$b"
  fi
  "${TOOLS[@]}" load --results "$RESULTS_TSV" --key "$key" --counter "$SINK_COUNTER" --expect "$count" -- bash -c "$command" >&2 \
    || die "$key failed (logs in $WORK/node*/relay.log)"
}

next_free_port; NODE1_PORT=$FREE_PORT
write_node 1 "$NODE1_PORT"
next_free_port; NODE2_PORT=$FREE_PORT
write_node 2 "$NODE2_PORT"

node_cli 1 account add --name "$RELAY_ACCOUNT" --password "bench-$RANDOM$RANDOM"
node_cli 1 identity add --account "$RELAY_ACCOUNT" --identity "$CUSTOMER_DOMAIN" --selector "$CUSTOMER_SELECTOR" --key-file "$WORK/keys/customer.pem"
start_node 1 "$NODE1_PORT"
start_node 2 "$NODE2_PORT"
log "nodes up: 1 on $NODE1_PORT (pid ${NODE_PIDS[0]}), 2 on $NODE2_PORT (pid ${NODE_PIDS[1]})"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
start_sink nodes
load warmup.1 1 "$WARMUP_MESSAGES"
load warmup.2 2 "$WARMUP_MESSAGES"
for run in $(seq "$RUNS"); do
  sleep 1
  load nodes.1 1 "$MESSAGES"
  sleep 1
  load nodes.2 2 "$MESSAGES"
done
stop_sink

median() { awk -F'\t' -v key="$1" '$1 == key { print $2 }' "$RESULTS_TSV" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
runs() { awk -F'\t' -v key="$1" '$1 == key { printf "%s%.0f", (n++ ? ", " : ""), $2 }' "$RESULTS_TSV"; }
one=$(median nodes.1) two=$(median nodes.2)
mkdir -p "$(dirname "$OUT")"
cp "$RESULTS_TSV" "${OUT%.md}.tsv"
{
  echo "# Several nodes on one PostgreSQL: messages/s"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), load average $LOAD_BEFORE before the runs, $(cut -d' ' -f1-3 /proc/loadavg) after."
  echo "PostgreSQL $("$PG_BIN/postgres" -V | awk '{ print $3 }') on the same machine with its defaults (fsync and synchronous commit on), Relay Release, queue mode, $SIZE-byte messages from smtp-source (connections reused), $SESSIONS sessions in total, one account (its rate raised, every message still taking from its shared bucket)."
  echo "Each run: $MESSAGES messages, timed until all are at smtp-sink; $RUNS runs each, interleaved; medians. Everything (nodes, PostgreSQL, load and sink) shares the same cores, so two nodes cannot add cores: the figure shows whether anything between the nodes serialises (it would fall well below one node's)."
  echo
  echo "| nodes | median msg/s | runs |"
  echo "| --- | ---: | --- |"
  printf '| 1 (%s sessions) | %.0f | %s |\n' "$SESSIONS" "$one" "$(runs nodes.1)"
  printf '| 2 (%s sessions each) | %.0f | %s |\n' $((SESSIONS / 2)) "$two" "$(runs nodes.2)"
} > "$OUT"
log "written to $OUT: one node $one msg/s, two nodes $two msg/s"
