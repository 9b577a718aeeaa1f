# Side B: a private Postfix instance on loopback with the OpenDKIM milter adding two signatures per message.
# Everything lives below $WORK/postfix and $WORK/opendkim (configuration, queue, data, mail log); the system's
# Postfix and other instances are never touched: every postfix command names this instance's configuration folder.
# shellcheck shell=bash

OPENDKIM_PID=
POSTFIX_ETC=

start_opendkim() {
  local dir=$WORK/opendkim
  mkdir -p "$dir"
  printf '%s\n' \
    "customer $CUSTOMER_DOMAIN:$CUSTOMER_SELECTOR:$WORK/keys/customer.pem" \
    "provider $PROVIDER_DOMAIN:$PROVIDER_SELECTOR:$WORK/keys/provider.pem" > "$dir/KeyTable"
  # The keys are throwaway ones below /tmp, which everyone may write to, so OpenDKIM's "safe keys" check (the key
  # file and every folder above it) would refuse them: it is turned off below.
  # With MultipleSignatures every matching line applies: the customer's signature, and the provider's on all mail.
  printf '%s\n' \
    "*@$CUSTOMER_DOMAIN customer" \
    "* provider" > "$dir/SigningTable"
  printf '%s\n' \
    "Mode                s" \
    "Socket              inet:$MILTER_PORT@127.0.0.1" \
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
  OPENDKIM_PID=$!
  wait_for_port "$MILTER_PORT" 20 "$OPENDKIM_PID" || die "opendkim did not start: $(tail -5 "$dir/opendkim.log")"
}

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
    "smtpd_milters = inet:127.0.0.1:$MILTER_PORT" \
    "non_smtpd_milters =" \
    "milter_default_action = tempfail" > "$POSTFIX_ETC/main.cf"
  # service type private unpriv chroot wakeup maxproc command: Debian's services without chroot, plus the listener.
  printf '%s\n' \
    "127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd" \
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
    "smtp      unix  -       -       n       -       -       smtp" \
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
  wait_for_port "$POSTFIX_PORT" 30 || die "Postfix does not listen on $POSTFIX_PORT: $(tail -5 "$root/maillog" 2>/dev/null)"
}

stop_postfix_and_opendkim() {
  if [ -n "$POSTFIX_ETC" ] && [ -f "$POSTFIX_ETC/main.cf" ]; then
    postfix -c "$POSTFIX_ETC" stop > /dev/null 2>&1 || true
    POSTFIX_ETC=
  fi
  if [ -n "$OPENDKIM_PID" ]; then
    stop_pid "$OPENDKIM_PID"
    OPENDKIM_PID=
  fi
}
