# Side B: a private Postfix instance on loopback with the OpenDKIM milter adding two signatures per message.
# Everything lives below $WORK/postfix and $WORK/opendkim (configuration, queue, data, mail log); the system's
# Postfix and other instances are never touched: every postfix command names this instance's configuration folder.
# shellcheck shell=bash

# One OpenDKIM per milter transport measured (OpenDKIM listens on one socket): "inet" on a loopback port, "unix" on
# a UNIX-domain socket in the work folder. Postfix's smtpd reaches either: the private instance is not chrooted
# (master.cf below), and the socket is made with UMask 000 so the unprivileged smtpd (user postfix) may connect.
# OpenDKIM has no worker-thread setting: libmilter runs one thread per milter connection, and each smtpd process
# keeps its own connection, so its concurrency follows Postfix's process limits.
declare -A OPENDKIM_PIDS=()
POSTFIX_ETC=

# milter_socket TRANSPORT: the socket as Postfix's smtpd_milters names it.
milter_socket() {
  case $1 in
    inet) echo "inet:127.0.0.1:$MILTER_PORT" ;;
    unix) echo "unix:$WORK/opendkim-unix/opendkim.sock" ;;
    *) die "unknown milter transport $1" ;;
  esac
}

# start_opendkim TRANSPORT
start_opendkim() {
  local transport=$1 dir=$WORK/opendkim-$1 socket
  mkdir -p "$dir"
  chmod 755 "$dir"
  printf '%s\n' \
    "customer $CUSTOMER_DOMAIN:$CUSTOMER_SELECTOR:$WORK/keys/customer.pem" \
    "provider $PROVIDER_DOMAIN:$PROVIDER_SELECTOR:$WORK/keys/provider.pem" > "$dir/KeyTable"
  # The keys are throwaway ones below /tmp, which everyone may write to, so OpenDKIM's "safe keys" check (the key
  # file and every folder above it) would refuse them: it is turned off below.
  # With MultipleSignatures every matching line applies: the customer's signature, and the provider's on all mail.
  printf '%s\n' \
    "*@$CUSTOMER_DOMAIN customer" \
    "* provider" > "$dir/SigningTable"
  case $transport in
    inet) socket="inet:$MILTER_PORT@127.0.0.1" ;;
    unix) socket="local:$dir/opendkim.sock" ;;
  esac
  printf '%s\n' \
    "Mode                s" \
    "Socket              $socket" \
    "UMask               000" \
    "PidFile             $dir/opendkim.pid" \
    "Syslog              no" \
    "Canonicalization    relaxed/simple" \
    "SignatureAlgorithm  rsa-sha256" \
    "KeyTable            file:$dir/KeyTable" \
    "SigningTable        refile:$dir/SigningTable" \
    "MultipleSignatures  yes" \
    "OversignHeaders     From" \
    "InternalHosts       127.0.0.1" \
    "RequireSafeKeys     no" > "$dir/opendkim.conf"
  opendkim -f -x "$dir/opendkim.conf" > "$dir/opendkim.log" 2>&1 &
  OPENDKIM_PIDS[$transport]=$!
  if [ "$transport" = inet ]; then
    wait_for_port "$MILTER_PORT" 20 "${OPENDKIM_PIDS[$transport]}" || die "opendkim ($transport) did not start: $(tail -5 "$dir/opendkim.log")"
  else
    wait_for_socket "$dir/opendkim.sock" 20 "${OPENDKIM_PIDS[$transport]}" || die "opendkim ($transport) did not start: $(tail -5 "$dir/opendkim.log")"
  fi
}

# postfix_port TRANSPORT: the Postfix listener whose smtpd uses the OpenDKIM of that milter transport.
postfix_port() {
  case $1 in
    inet) echo "$POSTFIX_PORT" ;;
    unix) echo "$POSTFIX_UNIX_PORT" ;;
    *) die "unknown milter transport $1" ;;
  esac
}

# The private instance's process limits follow the largest session count measured (Postfix's default of 100
# processes per service, and 20 parallel deliveries per destination, would cap the peer below it): smtpd and smtp
# may run one process per session plus a margin, and the sink may take as many parallel deliveries as sessions.
# The anvil limits are off (mynetworks is exempt by default anyway).
start_postfix() {
  local root=$WORK/postfix
  POSTFIX_ETC=$root/etc
  mkdir -p "$POSTFIX_ETC" "$root/queue"
  # Postfix's unprivileged processes must reach the queue below these folders.
  chmod 755 "$WORK" "$root"
  printf '%s\n' \
    "compatibility_level = 3.6" \
    "queue_directory = $root/queue" \
    "data_directory = $root/data" \
    "meta_directory = /etc/postfix" \
    "mail_owner = postfix" \
    "setgid_group = postdrop" \
    "myhostname = postfix.bench.test" \
    "mydomain = bench.test" \
    "syslog_name = postfix-bench" \
    "maillog_file = $root/maillog" \
    "maillog_file_prefixes = $root" \
    "inet_interfaces = 127.0.0.1" \
    "inet_protocols = ipv4" \
    "mydestination =" \
    "local_transport = error:local delivery is disabled" \
    "alias_maps =" \
    "alias_database =" \
    "mynetworks = 127.0.0.0/8" \
    "smtpd_relay_restrictions = permit_mynetworks, reject" \
    "relayhost = [127.0.0.1]:$SINK_PORT" \
    "smtp_tls_security_level = none" \
    "smtpd_milters =" \
    "non_smtpd_milters =" \
    "default_process_limit = $POSTFIX_PROCESS_LIMIT" \
    "default_destination_concurrency_limit = $MAX_SESSIONS" \
    "smtp_destination_concurrency_limit = $MAX_SESSIONS" \
    "smtpd_client_connection_count_limit = 0" \
    "smtpd_client_connection_rate_limit = 0" \
    "smtpd_client_message_rate_limit = 0" \
    "milter_default_action = tempfail" > "$POSTFIX_ETC/main.cf"
  # service type private unpriv chroot wakeup maxproc command: Debian's services without chroot (so smtpd reaches
  # the milter socket in the work folder), plus one listener per milter transport, each naming its own milter.
  local transport listeners=()
  for transport in "${MILTERS[@]}"; do
    listeners+=("127.0.0.1:$(postfix_port "$transport") inet n - n - $POSTFIX_PROCESS_LIMIT smtpd -o smtpd_milters=$(milter_socket "$transport")")
  done
  printf '%s\n' \
    "${listeners[@]}" \
    "pickup    unix  n       -       n       60      1       pickup" \
    "cleanup   unix  n       -       n       -       0       cleanup" \
    "qmgr      unix  n       -       n       300     1       qmgr" \
    "tlsmgr    unix  -       -       n       1000?   1       tlsmgr" \
    "rewrite   unix  -       -       n       -       -       trivial-rewrite" \
    "bounce    unix  -       -       n       -       0       bounce" \
    "defer     unix  -       -       n       -       0       bounce" \
    "trace     unix  -       -       n       -       0       bounce" \
    "verify    unix  -       -       n       -       1       verify" \
    "flush     unix  n       -       n       1000?   0       flush" \
    "proxymap  unix  -       -       n       -       -       proxymap" \
    "smtp      unix  -       -       n       -       $POSTFIX_PROCESS_LIMIT       smtp" \
    "relay     unix  -       -       n       -       -       smtp" \
    "showq     unix  n       -       n       -       -       showq" \
    "error     unix  -       -       n       -       -       error" \
    "retry     unix  -       -       n       -       -       error" \
    "discard   unix  -       -       n       -       -       discard" \
    "anvil     unix  -       -       n       -       1       anvil" \
    "scache    unix  -       -       n       -       1       scache" \
    "postlog   unix-dgram n  -       n       -       1       postlogd" > "$POSTFIX_ETC/master.cf"
  # Postfix writes its complaints to a terminal or the log, never to a pipe: the log tail says why.
  postfix -c "$POSTFIX_ETC" check > "$root/check.log" 2>&1 \
    || die "postfix check: $(cat "$root/check.log") $(tail -5 "$root/maillog" 2>/dev/null)"
  postfix -c "$POSTFIX_ETC" start > "$root/start.log" 2>&1 \
    || die "postfix start: $(cat "$root/start.log") $(tail -5 "$root/maillog" 2>/dev/null)"
  for transport in "${MILTERS[@]}"; do
    wait_for_port "$(postfix_port "$transport")" 30 \
      || die "Postfix does not listen on $(postfix_port "$transport"): $(tail -5 "$root/maillog" 2>/dev/null)"
  done
}

stop_postfix_and_opendkim() {
  if [ -n "$POSTFIX_ETC" ] && [ -f "$POSTFIX_ETC/main.cf" ]; then
    postfix -c "$POSTFIX_ETC" stop > /dev/null 2>&1 || true
    POSTFIX_ETC=
  fi
  local transport
  for transport in "${!OPENDKIM_PIDS[@]}"; do
    stop_pid "${OPENDKIM_PIDS[$transport]}"
    unset "OPENDKIM_PIDS[$transport]"
  done
}
