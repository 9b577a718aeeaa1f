# The measurements, in the order run.sh runs them. Each appends to $RESULTS_TSV.
# shellcheck shell=bash

SENDER=bench@customer.test
RECIPIENT=rcpt@example.net

side_port() {
  case $1 in
    relay) echo "$RELAY_PORT" ;;
    postfix) echo "$POSTFIX_PORT" ;;
    *) die "unknown side $1" ;;
  esac
}

# smtp_source_command SIDE SESSIONS COUNT SIZE: sets SOURCE_COMMAND, the same load generator for both sides
# (connections reused: -d).
smtp_source_command() {
  SOURCE_COMMAND=(smtp-source -d -s "$2" -m "$3" -l "$4" -f "$SENDER" -t "$RECIPIENT" -S "Relay-benchmark"
                  -M client.bench.test "127.0.0.1:$(side_port "$1")")
}

record_machine() {
  result meta.date "$(date -u '+%Y-%m-%d %H:%M UTC')"
  result meta.nproc "$(nproc)"
  result meta.cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  result meta.kernel "$(uname -r)"
  result meta.memory "$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
  result meta.loadavg "$(cut -d' ' -f1-3 /proc/loadavg)"
  result meta.dotnet "$(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App/ { version = $2 } END { print version }')"
  result meta.postfix "$(postconf -d -h mail_version 2>/dev/null)"
  result meta.opendkim "$(opendkim -V 2>&1 | awk 'NR == 1 { print $NF }')"
  result meta.openssl "$(openssl version | awk '{ print $1 " " $2 }')"
  local commit
  commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
  git -C "$REPO" diff --quiet HEAD -- src appsettings.json 2>/dev/null || commit="$commit with uncommitted changes in src"
  result meta.commit "$commit"
  result meta.relay_mode "$(relay_delivery_mode)"
  result meta.relay_configuration "$CONFIGURATION"
  result meta.customer_domain "$CUSTOMER_DOMAIN"
  result meta.provider_domain "$PROVIDER_DOMAIN"
}

# A few messages through each side into a capturing sink; python3-dkim must find both signatures passing.
check_signatures() {
  local side verdicts
  for side in relay postfix; do
    start_sink "capture-$side" "$WORK/capture/$side"
    smtp_source_command "$side" 1 "$CAPTURE_MESSAGES" 4096
    "${SOURCE_COMMAND[@]}" 2> "$WORK/capture/$side.source.err" \
      || die "smtp-source to $side: $(cat "$WORK/capture/$side.source.err")"
    wait_for_sink_count "$CAPTURE_MESSAGES" 60 || die "$side delivered $(sink_count) of $CAPTURE_MESSAGES sample messages"
    stop_sink
    verdicts=$(/usr/bin/python3 "$HERE/verify_signatures.py" "$WORK/keys/records.json" "$WORK/capture/$side" \
      "$CUSTOMER_DOMAIN" "$PROVIDER_DOMAIN") || true
    printf '%s\n' "$verdicts" > "$WORK/capture/$side.verdicts"
    log "signatures via $side: $(printf '%s\n' "$verdicts" | head -1)"
    read -r passed total <<< "$(printf '%s\n' "$verdicts" | tail -1)"
    result "verify.$side.passed" "${passed:-0}"
    result "verify.$side.total" "${total:-0}"
  done
}

# load_run SIDE SIZE COUNT KEY: one smtp-source run, timed until the sink has all COUNT messages.
load_run() {
  local side=$1 size=$2 count=$3 key=$4 cpu=()
  [ "$side" = relay ] && cpu=(--cpu-pid "$RELAY_PID")
  smtp_source_command "$side" "$SESSIONS" "$count" "$size"
  "${TOOLS[@]}" load --results "$RESULTS_TSV" --key "$key" --counter "$SINK_COUNTER" --expect "$count" "${cpu[@]}" \
    -- "${SOURCE_COMMAND[@]}" >&2 \
    || die "$key failed (logs: $WORK/relay/relay.log, $WORK/postfix/maillog)"
}

# Interleaved runs, Relay first, each size after a warm-up of both sides; peak RSS per size.
measure_throughput() {
  local size run side
  start_sink throughput
  for size in 4096 102400; do
    for side in relay postfix; do load_run "$side" "$size" "$WARMUP_MESSAGES" "warmup.$side.$size"; done
    reset_peak_rss "$RELAY_PID"
    reset_peak_rss "$OPENDKIM_PID"
    for run in $(seq "$RUNS"); do
      for side in relay postfix; do
        sleep "$SETTLE_SECONDS"
        load_run "$side" "$size" "$MESSAGES" "throughput.$side.$size"
      done
    done
    result "rss.relay.${size}_mb" "$(rss_mb "$RELAY_PID" VmHWM)"
    result "rss.opendkim.${size}_mb" "$(rss_mb "$OPENDKIM_PID" VmHWM)"
    if [ -n "$PROFILE" ]; then profile_relay_run "$size"; fi
  done
  stop_sink
}

# With --profile: one more Relay run of this size, not counted, sampled with perf (JIT frames named through
# DOTNET_PerfMapEnabled); the flat profile goes beside the table.
profile_relay_run() {
  local size=$1 perf_pid report=${OUT%.md}.relay-profile-$1.txt
  perf record -F 499 -g -p "$RELAY_PID" -o "$WORK/perf-$size.data" > "$WORK/perf-$size.log" 2>&1 &
  perf_pid=$!
  sleep 1
  load_run relay "$size" "$MESSAGES" "profiled.relay.$size"
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" 2>/dev/null || true
  {
    echo "# Relay, one run of $MESSAGES messages of $size bytes under perf record -F 499 -g ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo "# By shared object:"
    perf report -i "$WORK/perf-$size.data" --stdio --no-children --sort dso -g none --percent-limit 0.5 2>/dev/null | grep -v '^#' | grep .
    echo "# By symbol (self time):"
    perf report -i "$WORK/perf-$size.data" --stdio --no-children --sort dso,sym -g none --percent-limit 0.3 2>/dev/null | grep -v '^#' | grep .
  } > "$report" || true
  log "profile of Relay written to $report"
}

# One message at a time at a moderate rate into the probe's own sink (it takes the sink's port).
measure_latency() {
  local side
  # Let both sides' cached connections to the old sink expire (Postfix keeps them for 2 s).
  sleep 3
  for side in relay postfix; do
    "${TOOLS[@]}" latency --results "$RESULTS_TSV" --key "latency.$side" --target "127.0.0.1:$(side_port "$side")" \
      --sink-port "$SINK_PORT" --count "$LATENCY_MESSAGES" --rate "$LATENCY_RATE" --size 4096 \
      --from "$SENDER" --to "$RECIPIENT" >&2 || die "latency probe through $side failed"
  done
}

# A fresh Relay (so its peak is this message's), allowed a message of that size, and one large message.
measure_large_message() {
  stop_relay
  start_sink large
  start_relay "--Relay:Smtp:MaxMessageSize=$((LARGE_MESSAGE_MB * 1048576 + 8388608))"
  sleep 1
  result rss.relay.idle_mb "$(rss_mb "$RELAY_PID" VmRSS)"
  "${TOOLS[@]}" load --results "$RESULTS_TSV" --key large --counter "$SINK_COUNTER" --expect 1 --idle-timeout 300 \
    -- smtp-source -s 1 -m 1 -l "$((LARGE_MESSAGE_MB * 1048576))" -f "$SENDER" -t "$RECIPIENT" -S "Relay-benchmark-large" \
       -M client.bench.test "127.0.0.1:$RELAY_PORT" >&2 || die "the ${LARGE_MESSAGE_MB} MB message did not arrive"
  result rss.relay.large_mb "$(rss_mb "$RELAY_PID" VmHWM)"
  result meta.large_message_mb "$LARGE_MESSAGE_MB"
  stop_sink
}

# Relay's signer alone (BenchmarkDotNet) against openssl's RSA-2048 signatures on this machine.
measure_signing() {
  local quick=()
  [ "$MODE" = smoke ] && quick=(--quick)
  "${TOOLS[@]}" signing --results "$RESULTS_TSV" --artifacts "$WORK/benchmarkdotnet" "${quick[@]}" > "$WORK/signing.log" 2>&1 \
    || die "signing benchmark: $(tail -20 "$WORK/signing.log")"
  grep -E '^signing\.' "$WORK/signing.log" >&2 || true
  openssl speed -seconds "$OPENSSL_SECONDS" rsa2048 > "$WORK/openssl-speed.txt" 2>/dev/null || die "openssl speed failed"
  # "rsa 2048 bits 0.000990s 0.000027s   1010.4  37151.0": sign/s is the sixth field.
  local sign
  sign=$(awk '/^rsa +2048 +bits/ { print $6 }' "$WORK/openssl-speed.txt")
  [ -n "$sign" ] || die "could not read sign/s from openssl speed: $(cat "$WORK/openssl-speed.txt")"
  log "openssl speed rsa2048: $sign sign/s"
  result openssl.rsa2048.sign_per_second "$sign"
}
