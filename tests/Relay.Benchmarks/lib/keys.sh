# The two RSA-2048 keys both sides sign with, and the TXT records the verifier is given instead of DNS.
# shellcheck shell=bash

CUSTOMER_DOMAIN=customer.test
CUSTOMER_SELECTOR=s2048
PROVIDER_DOMAIN=provider.test
PROVIDER_SELECTOR=relay

make_keys() {
  mkdir -p "$WORK/keys"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/keys/customer.pem" 2>/dev/null || die "openssl genpkey failed"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/keys/provider.pem" 2>/dev/null || die "openssl genpkey failed"
  # OpenDKIM refuses keys that others may read.
  chmod 600 "$WORK/keys/"*.pem
  /usr/bin/python3 - "$WORK/keys/records.json" \
    "$CUSTOMER_SELECTOR._domainkey.$CUSTOMER_DOMAIN" "$(public_key "$WORK/keys/customer.pem")" \
    "$PROVIDER_SELECTOR._domainkey.$PROVIDER_DOMAIN" "$(public_key "$WORK/keys/provider.pem")" <<'PY'
import json, sys
path, *pairs = sys.argv[1:]
records = {pairs[i]: "v=DKIM1; k=rsa; p=" + pairs[i + 1] for i in range(0, len(pairs), 2)}
with open(path, "w", encoding="ascii") as f:
    json.dump(records, f, indent=2)
PY
}

public_key() { openssl pkey -in "$1" -pubout -outform DER 2>/dev/null | base64 -w0; }
