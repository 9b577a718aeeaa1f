# The next hop of both sides: Postfix's smtp-sink on loopback, counting messages ("-c"), and for the signature
# check keeping each message in a file ("-d").
# shellcheck shell=bash

SINK_PID=
SINK_COUNTER=

# start_sink NAME [CAPTURE_DIR]
start_sink() {
  local name=$1 capture=${2:-}
  SINK_COUNTER=$WORK/sink/$name.counter
  mkdir -p "$WORK/sink"
  local args=(-u nobody -c -m 512)
  if [ -n "$capture" ]; then
    mkdir -p "$capture"
    chown nobody "$capture"
    args+=(-d "$capture/msg.")
  fi
  # As root smtp-sink must drop to an unprivileged user (-u) once it has bound the port.
  smtp-sink "${args[@]}" "127.0.0.1:$SINK_PORT" 1024 > "$SINK_COUNTER" 2> "$WORK/sink/$name.err" &
  SINK_PID=$!
  wait_for_port "$SINK_PORT" 10 "$SINK_PID" || die "smtp-sink did not start: $(cat "$WORK/sink/$name.err")"
}

stop_sink() {
  if [ -n "$SINK_PID" ]; then
    stop_pid "$SINK_PID"
    SINK_PID=
    wait_for_port_closed "$SINK_PORT" 10 || true
  fi
}

# sink_count: messages the current sink has received so far.
sink_count() {
  local count
  count=$(tr '\r' '\n' < "$SINK_COUNTER" | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -1)
  echo "${count:-0}"
}

# wait_for_sink_count N SECONDS
wait_for_sink_count() {
  local expected=$1 deadline=$((SECONDS + $2))
  until [ "$(sink_count)" -ge "$expected" ]; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}
