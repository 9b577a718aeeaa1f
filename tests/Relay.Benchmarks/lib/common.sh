# Shared helpers for run.sh: logging, results, ports, waiting, and the processes this run started.
# shellcheck shell=bash

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# result KEY VALUE: one line of the results file the report is made from.
result() { printf '%s\t%s\n' "$1" "$2" >> "$RESULTS_TSV"; }

# port_listening PORT: something listens on it, TCP or UDP (Relay's DNS key zone takes both).
port_listening() { ss -Htuln "sport = :$1" 2>/dev/null | grep -q .; }

# next_free_port: the next port from NEXT_PORT on that nothing listens on; advances NEXT_PORT past it.
next_free_port() {
  while port_listening "$NEXT_PORT"; do NEXT_PORT=$((NEXT_PORT + 1)); done
  FREE_PORT=$NEXT_PORT
  NEXT_PORT=$((NEXT_PORT + 1))
}

# wait_for_port PORT SECONDS [PID]: until something listens on PORT; fails early if PID has died.
wait_for_port() {
  local port=$1 deadline=$((SECONDS + $2)) pid=${3:-}
  until port_listening "$port"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# wait_for_port_closed PORT SECONDS
wait_for_port_closed() {
  local port=$1 deadline=$((SECONDS + $2))
  while port_listening "$port"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# stop_pid PID: TERM, then KILL after 10 s; only for processes this run started.
stop_pid() {
  local pid=$1 waited=0
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# rss_mb PID FIELD: VmHWM (peak) or VmRSS (now) of a process, in MB.
rss_mb() {
  awk -v field="$2:" '$1 == field { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status"
}

# reset_peak_rss PID: start a new VmHWM high-water mark (Linux: writing 5 to clear_refs).
reset_peak_rss() { echo 5 > "/proc/$1/clear_refs"; }

# wait_for_socket PATH SECONDS [PID]: until a UNIX-domain socket exists at PATH; fails early if PID has died.
wait_for_socket() {
  local path=$1 deadline=$((SECONDS + $2)) pid=${3:-}
  until [ -S "$path" ]; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# split_list TEXT: "10,50,100" -> one word per line.
split_list() { tr ',' '\n' <<< "$1" | grep .; }
