# The measurements, in the order run.sh runs them. Each appends to $RESULTS_TSV.
# shellcheck shell=bash

SENDER=bench@customer.test
RECIPIENT=rcpt@example.net

# The sides: relay, and postfix-inet / postfix-unix (Postfix + OpenDKIM over that milter transport).
side_port() {
  case $1 in
    relay) echo "$RELAY_PORT" ;;
    postfix-*) postfix_port "${1#postfix-}" ;;
    *) die "unknown side $1" ;;
  esac
}

# The sides this run measures: Relay and Postfix + OpenDKIM over each milter transport chosen with --milter.
all_sides() {
  local transport
  echo relay
  for transport in "${MILTERS[@]}"; do echo "postfix-$transport"; done
}

# The Postfix side the single-configuration measurements (latency) use: the UNIX socket when measured.
preferred_postfix_side() {
  if printf '%s\n' "${MILTERS[@]}" | grep -qx unix; then echo postfix-unix; else echo "postfix-${MILTERS[0]}"; fi
}

# smtp_source_command SIDE SESSIONS COUNT SIZE [REUSE]: sets SOURCE_COMMAND, the same load generator for every side.
# REUSE yes (the default): smtp-source -d, "don't disconnect after sending a message; send the next message over
# the same connection"; no: one message per connection.
smtp_source_command() {
  local reuse=()
  [ "${5:-yes}" = yes ] && reuse=(-d)
  SOURCE_COMMAND=(smtp-source "${reuse[@]}" -s "$2" -m "$3" -l "$4" -f "$SENDER" -t "$RECIPIENT" -S "Relay-benchmark"
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
  for side in $(all_sides); do
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

# load_run SIDE SIZE COUNT KEY [SESSIONS REUSE]: one smtp-source run, timed until the sink has all COUNT messages.
load_run() {
  local side=$1 size=$2 count=$3 key=$4 sessions=${5:-${SESSION_COUNTS[0]}} reuse=${6:-${REUSE_MODES[0]}} cpu=()
  [ "$side" = relay ] && cpu=(--cpu-pid "$RELAY_PID")
  smtp_source_command "$side" "$sessions" "$count" "$size" "$reuse"
  "${TOOLS[@]}" load --results "$RESULTS_TSV" --key "$key" --counter "$SINK_COUNTER" --expect "$count" "${cpu[@]}" \
    -- "${SOURCE_COMMAND[@]}" >&2 \
    || die "$key failed (logs: $WORK/relay/relay.log, $WORK/postfix/maillog)"
}

# The sweep: per size a warm-up of every side, then for each session count and each reuse mode RUNS interleaved
# runs (Relay, Postfix inet, Postfix unix, Relay, ...). Keys: throughput.SIDE.SIZE.SESSIONS.REUSE, one line per run;
# the report takes each side's best median. Peak RSS per size over all its runs.
measure_throughput() {
  local size run side sessions reuse pid
  start_sink throughput
  for size in 4096 102400; do
    for side in $(all_sides); do load_run "$side" "$size" "$WARMUP_MESSAGES" "warmup.$side.$size"; done
    reset_peak_rss "$RELAY_PID"
    for pid in "${OPENDKIM_PIDS[@]}"; do reset_peak_rss "$pid"; done
    for sessions in "${SESSION_COUNTS[@]}"; do
      for reuse in "${REUSE_MODES[@]}"; do
        for run in $(seq "$RUNS"); do
          for side in $(all_sides); do
            sleep "$SETTLE_SECONDS"
            load_run "$side" "$size" "$MESSAGES" "throughput.$side.$size.$sessions.$reuse" "$sessions" "$reuse"
          done
        done
      done
    done
    result "rss.relay.${size}_mb" "$(rss_mb "$RELAY_PID" VmHWM)"
    local transport peak=0 each
    for transport in "${!OPENDKIM_PIDS[@]}"; do
      each=$(rss_mb "${OPENDKIM_PIDS[$transport]}" VmHWM)
      result "rss.opendkim-$transport.${size}_mb" "$each"
      peak=$(awk -v a="$peak" -v b="$each" 'BEGIN { print (b > a ? b : a) }')
    done
    result "rss.opendkim.${size}_mb" "$peak"
    if [ -n "$PROFILE" ]; then profile_relay_run "$size"; fi
  done
  stop_sink
}

# With --profile: one more Relay run of this size, not counted, sampled with perf (JIT frames named through
# DOTNET_PerfMapEnabled); the flat profile goes beside the table, the split by stage into the table.
profile_relay_run() {
  local size=$1 perf_pid report=${OUT%.md}.relay-profile-$1.txt
  perf record -F 499 -g -p "$RELAY_PID" -o "$WORK/perf-$size.data" > "$WORK/perf-$size.log" 2>&1 &
  perf_pid=$!
  sleep 1
  load_run relay "$size" "$MESSAGES" "profiled.relay.$size"
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" 2>/dev/null || true
  # While Relay runs: its perf map names the JIT frames, and goes when it stops.
  local stage share
  while IFS=$'\t' read -r stage share; do
    result "profile.$size.stage.$stage" "$share"
  done < <(perf script -i "$WORK/perf-$size.data" -F tid,period,ip,sym,dso 2>/dev/null | tee "$WORK/perf-$size.script" | /usr/bin/python3 "$HERE/profile_stages.py")
  {
    echo "# Relay, one run of $MESSAGES messages of $size bytes under perf record -F 499 -g ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo "# By shared object:"
    perf report -i "$WORK/perf-$size.data" --stdio --no-children --sort dso -g none --percent-limit 0.5 2>/dev/null | grep -v '^#' | grep .
    echo "# By symbol (self time):"
    perf report -i "$WORK/perf-$size.data" --stdio --no-children --sort dso,sym -g none --percent-limit 0.3 2>/dev/null | grep -v '^#' | grep .
  } > "$report" || true
  log "profile of Relay written to $report"
}

# latency_probe SIDE KEY RATE COUNT CONNECTIONS: the helper's probe (it takes the sink's port itself).
latency_probe() {
  "${TOOLS[@]}" latency --results "$RESULTS_TSV" --key "$2" --target "127.0.0.1:$(side_port "$1")" \
    --sink-port "$SINK_PORT" --count "$4" --rate "$3" --connections "$5" --size 4096 \
    --from "$SENDER" --to "$RECIPIENT" >&2 || die "latency probe through $1 ($2) failed"
}

# The latency probe at the fixed moderate rate over one connection, then at half of Relay's best 4 KB median of the
# sweep, shared over enough connections (one per 5 msg/s, at most LATENCY_MAX_CONNECTIONS) that the client's round
# trips do not limit the rate. Both sides get the same rate; Postfix is probed over its preferred milter transport.
measure_latency() {
  local side name half_rate connections count
  # Let both sides' cached connections to the old sink expire (Postfix keeps them for 2 s).
  sleep 3
  for side in relay "$(preferred_postfix_side)"; do
    latency_probe "$side" "latency.${side%%-*}" "$LATENCY_RATE" "$LATENCY_MESSAGES" 1
  done
  half_rate=$("${TOOLS[@]}" best --results "$RESULTS_TSV" --side relay --size 4096 --fraction 0.5) \
    || die "no Relay throughput to take half of"
  connections=$(( (half_rate + 4) / 5 ))
  [ "$connections" -le "$LATENCY_MAX_CONNECTIONS" ] || connections=$LATENCY_MAX_CONNECTIONS
  count=$((half_rate * HALF_RATE_SECONDS))
  [ "$count" -ge "$connections" ] || count=$connections
  result meta.latency_half_rate "$half_rate"
  result meta.latency_half_connections "$connections"
  log "latency at half of Relay's best 4 KB rate: $half_rate msg/s, $count messages over $connections connections"
  for side in relay "$(preferred_postfix_side)"; do
    latency_probe "$side" "latency_half.${side%%-*}" "$half_rate" "$count" "$connections"
  done
}

# spool_size: messages in Relay's spool (one envelope file each).
spool_size() { find "$WORK/relay/data/spool/env" -maxdepth 1 -name '*.json' 2>/dev/null | wc -l; }

# wait_for_empty_spool SECONDS: until Relay has removed every delivered message from its spool.
wait_for_empty_spool() {
  local deadline=$((SECONDS + $1))
  until [ "$(spool_size)" -eq 0 ]; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# accept_run KEY COUNT [cpu]: COUNT 4 KB messages into Relay, timed until smtp-source has had every 250 (no sink).
accept_run() {
  local cpu=()
  [ "${3:-}" = cpu ] && cpu=(--cpu-pid "$RELAY_PID")
  smtp_source_command relay "$QUEUE_SESSIONS" "$2" 4096 yes
  "${TOOLS[@]}" load --results "$RESULTS_TSV" --key "$1" --expect "$2" "${cpu[@]}" -- "${SOURCE_COMMAND[@]}" >&2 \
    || die "$1 failed (log: $WORK/relay/relay.log)"
}

# Cost as work grows: Relay restarted with its next hop paused (no sink listens: each message's first attempt is
# refused at once and it waits for its retry, set to an hour so nothing is attempted again during the step). For
# each level of QUEUE_LEVELS the spool is filled up to that many messages (not measured), then QUEUE_ACCEPT_MESSAGES
# more are accepted and timed, with Relay's CPU. Then the sink starts, every queued message is asked to retry at
# once (the files `relay queue retry ID` leaves, written in bulk) and the drain is timed until the sink has them all.
measure_queue_growth() {
  local level queued need total started finished
  stop_relay
  start_relay --Relay:Delivery:InitialRetryDelay=01:00:00 --Relay:Delivery:MaxRetryDelay=01:00:00
  # A warm-up of the restarted Relay (JIT, connection pool), delivered, so the spool is empty again for level 0.
  start_sink queue-warmup
  accept_run queue.warmup "$WARMUP_MESSAGES"
  wait_for_sink_count "$WARMUP_MESSAGES" 60 || die "the queue step's warm-up did not reach the sink"
  wait_for_empty_spool 30 || die "Relay's spool still holds $(spool_size) messages after the warm-up was delivered"
  stop_sink
  result meta.queue_accept_messages "$QUEUE_ACCEPT_MESSAGES"
  result meta.queue_sessions "$QUEUE_SESSIONS"
  for level in "${QUEUE_LEVELS[@]}"; do
    queued=$(spool_size)
    need=$((level - queued))
    if [ "$need" -gt 0 ]; then
      log "queue growth: filling the spool from $queued to $level messages"
      accept_run "queue.$level.fill" "$need"
    elif [ "$need" -lt 0 ]; then
      log "queue growth: $queued messages already queued, more than $level (levels are cumulative); measuring at $queued"
    fi
    # Let the refused first attempts of the filling finish before timing.
    sleep "$((SETTLE_SECONDS + 1))"
    result "queue.$level.queued_before" "$(spool_size)"
    accept_run "queue.$level.accept" "$QUEUE_ACCEPT_MESSAGES" cpu
  done
  sleep "$((SETTLE_SECONDS + 1))"
  total=$(spool_size)
  start_sink drain
  started=$(date +%s.%N)
  /usr/bin/python3 - "$WORK/relay/data/spool" <<'PY' || die "could not request the retries"
import os, sys
spool = sys.argv[1]
inbox = os.path.join(spool, "cmd")
os.makedirs(inbox, mode=0o700, exist_ok=True)
for name in os.listdir(os.path.join(spool, "env")):
    if name.endswith(".json"):
        os.close(os.open(os.path.join(inbox, name[:-5] + ".retry"), os.O_WRONLY | os.O_CREAT, 0o600))
PY
  wait_for_sink_count "$total" "$((total / 20 + 120))" || die "the drain got $(sink_count) of $total messages to the sink"
  finished=$(date +%s.%N)
  result queue.drain.messages "$total"
  result queue.drain.seconds "$(awk -v a="$started" -v b="$finished" 'BEGIN { printf "%.2f", b - a }')"
  log "queue growth: drained $total messages in $(awk -v a="$started" -v b="$finished" 'BEGIN { printf "%.1f", b - a }') s"
  stop_sink
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

# The cost of dual signing (RFC 8463): Relay restarted alternately without and with the provider's Ed25519 key, so
# that every message carries two RSA-2048 signatures, or those and an ed25519-sha256 one; RUNS interleaved runs of
# 4 KB at 50 sessions, connections reused. Keys: ed25519.rsa_only and ed25519.with_ed25519 (and their CPU). Relay
# is left running as it was started last, without the Ed25519 key.
measure_ed25519_cost() {
  local run variant
  openssl genpkey -algorithm ed25519 -out "$WORK/keys/provider-ed25519.pem" 2> /dev/null || die "openssl could not make an Ed25519 key"
  # First, that the Ed25519 signature is there at all: a few messages captured at the sink.
  stop_relay
  start_relay --Relay:Provider:Ed25519Selector=bench-ed --Relay:Provider:Ed25519PrivateKeyPath="$WORK/keys/provider-ed25519.pem"
  start_sink ed25519-capture "$WORK/capture/ed25519"
  load_run relay 4096 "$CAPTURE_MESSAGES" "capture.ed25519" 1 yes
  stop_sink
  result ed25519.sample_total "$CAPTURE_MESSAGES"
  result ed25519.sample_signed "$(grep -l 'a=ed25519-sha256' "$WORK/capture/ed25519"/msg.* 2> /dev/null | wc -l)"
  start_sink ed25519
  for run in $(seq "$RUNS"); do
    for variant in with_ed25519 rsa_only; do
      stop_relay
      if [ "$variant" = with_ed25519 ]; then
        start_relay --Relay:Provider:Ed25519Selector=bench-ed --Relay:Provider:Ed25519PrivateKeyPath="$WORK/keys/provider-ed25519.pem"
      else
        start_relay
      fi
      load_run relay 4096 "$WARMUP_MESSAGES" "warmup.ed25519.$variant" 50 yes
      sleep "$SETTLE_SECONDS"
      load_run relay 4096 "$MESSAGES" "ed25519.$variant" 50 yes
    done
  done
  stop_sink
}
