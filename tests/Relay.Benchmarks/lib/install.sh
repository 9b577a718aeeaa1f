# Installs the Debian packages the benchmark needs, only those missing.
# shellcheck shell=bash

BENCH_PACKAGES=(postfix opendkim opendkim-tools python3-dkim openssl iproute2)

ensure_packages() {
  local missing=() package
  for package in "${BENCH_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages ${missing[*]}; run as root so they can be installed"
  log "installing ${missing[*]}"
  # The system's own Postfix stays unconfigured; the benchmark runs a private instance.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } \
    || die "apt-get could not install ${missing[*]}"
}
