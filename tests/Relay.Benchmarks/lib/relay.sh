# Side A: Relay, built from this repository, with its defaults (appsettings.json beside the program) plus what a
# loopback benchmark needs (relay_settings.py): its listeners on free loopback ports, the sink as next hop,
# 127.0.0.0/8 trusted (smtp-source cannot AUTH; Postfix trusts the same network), the provider key; and an account
# with a verified domain identity whose 2048-bit key is the one OpenDKIM signs with.
# shellcheck shell=bash

RELAY_PID=
RELAY_ACCOUNT=bench

write_relay_settings() {
  local spare=() count
  mkdir -p "$WORK/relay"
  # Ports for the listeners this build declares besides submission (implicit TLS, HTTP API, DNS key zone, ...).
  for count in 1 2 3 4 5 6; do next_free_port; spare+=("$FREE_PORT"); done
  BENCH_RELAY_MAX_CONNECTIONS=$RELAY_MAX_CONNECTIONS /usr/bin/python3 "$HERE/relay_settings.py" "$RELAY_BIN/appsettings.json" "$RELAY_BIN/relay.dll" "$WORK/relay/bench.json" "$WORK/relay/data" \
    "$RELAY_PORT" "$SINK_PORT" "$RELAY_ACCOUNT" "$PROVIDER_DOMAIN" "$PROVIDER_SELECTOR" "$WORK/keys/provider.pem" \
    "${spare[@]}" > "$WORK/relay/listeners.txt" || die "could not write Relay's settings"
  log "Relay listeners: $(paste -sd ';' "$WORK/relay/listeners.txt")"
}

# The caller's Relay__* variables must not change what is measured: "env -u NAME" for each.
relay_clean_environment() {
  local name
  for name in $(compgen -e | grep '^Relay__' || true); do printf -- '-u %s ' "$name"; done
}

# relay_cli ARGS...: an operator command against the benchmark's data folder.
relay_cli() {
  # shellcheck disable=SC2046
  (cd "$WORK/relay" && env $(relay_clean_environment) "${RELAY_EXE[@]}" "$@" --settings "$WORK/relay/bench.json") >> "$WORK/relay/cli.log" 2>&1 \
    || die "relay $*: $(tail -5 "$WORK/relay/cli.log")"
}

setup_relay_account() {
  relay_cli account add --name "$RELAY_ACCOUNT" --password "bench-$RANDOM$RANDOM"
  relay_cli identity add --account "$RELAY_ACCOUNT" --identity "$CUSTOMER_DOMAIN" \
    --selector "$CUSTOMER_SELECTOR" --key-file "$WORK/keys/customer.pem"
}

# start_relay [--Relay:Key=value ...]: Relay in the background; RELAY_PID is the .NET process itself (exec).
start_relay() {
  # shellcheck disable=SC2046
  # With --profile Relay writes /tmp/perf-PID.map so that perf can name JIT-compiled frames, and maps its code
  # once (no W^X double mapping, which perf sees as an anonymous memfd).
  (cd "$WORK/relay" && exec env $(relay_clean_environment) ${PROFILE:+DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0} \
    "${RELAY_EXE[@]}" run --settings "$WORK/relay/bench.json" "$@") \
    >> "$WORK/relay/relay.log" 2>&1 &
  RELAY_PID=$!
  wait_for_port "$RELAY_PORT" 60 "$RELAY_PID" || die "Relay did not start: $(tail -20 "$WORK/relay/relay.log")"
}

stop_relay() {
  if [ -n "$RELAY_PID" ]; then
    stop_pid "$RELAY_PID"
    rm -f "/tmp/perf-$RELAY_PID.map" "/tmp/perfinfo-$RELAY_PID.map"
    RELAY_PID=
    wait_for_port_closed "$RELAY_PORT" 10 || true
  fi
}

# The delivery mode this build runs with by default: Relay:Delivery:Mode in the appsettings.json beside the program
# (keys are case-insensitive, as .NET reads them); builds from before that setting forward inside the session.
relay_delivery_mode() {
  /usr/bin/python3 - "$RELAY_BIN/appsettings.json" "$RELAY_BIN/relay.dll" <<'PY'
import json, sys

def child(section, name):
    return next((value for key, value in section.items() if key.lower() == name.lower()), None) if isinstance(section, dict) else None

try:
    with open(sys.argv[1], encoding="utf-8") as f:
        mode = child(child(child(json.load(f), "Relay"), "Delivery"), "Mode")
except (OSError, ValueError):
    mode = None
if mode:
    print(mode)
else:
    with open(sys.argv[2], "rb") as f:
        knows_modes = b"DeliveryMode" in f.read()
    print("the build's own default (Relay:Delivery:Mode is not in appsettings.json)" if knows_modes
          else "session (this build has no Relay:Delivery:Mode)")
PY
}
