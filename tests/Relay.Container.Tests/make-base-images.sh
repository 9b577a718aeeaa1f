#!/usr/bin/env bash
# Builds local stand-ins for the two official .NET base images from Debian itself, for machines without an image
# registry, and imports them into podman:
#   localhost/relay-runtime-deps:bookworm-HASH  debootstrap minbase + what a self-contained .NET app needs
#   localhost/relay-sdk:10-HASH                 the same + this machine's .NET SDK (copied from its install folder)
# HASH covers this script, the host SDK version and the host's CA bundle, so images already in podman's store are
# reused and a change to any of them builds new ones. Prints "RUNTIME_IMAGE=…" and "SDK_IMAGE=…" on stdout.
# Needs root, debootstrap and podman; CONTAINERS_CONF should point at a containers.conf that works here.
set -euo pipefail

podman=(podman --runtime runc)
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
sdk_version=$(dotnet --version)
# The SDK stage restores from NuGet through this machine's HTTPS egress, which may present a CA that only the
# host's bundle trusts: the SDK stand-in carries the host's bundle, the runtime stand-in only Debian's.
host_ca_bundle=/etc/ssl/certs/ca-certificates.crt
hash=$( { cat "$0"; echo "$sdk_version"; cat "$host_ca_bundle"; } | sha256sum | cut -c1-12)
runtime_image=localhost/relay-runtime-deps:bookworm-$hash
sdk_image=localhost/relay-sdk:10-$hash

if "${podman[@]}" image exists "$runtime_image" && "${podman[@]}" image exists "$sdk_image"; then
  echo "reusing $runtime_image and $sdk_image" >&2
  echo "RUNTIME_IMAGE=$runtime_image"
  echo "SDK_IMAGE=$sdk_image"
  exit 0
fi

# The first Debian archive URL apt is configured with (deb822 "URIs:" or a one-line "deb URL bookworm ...").
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
  | awk '/^URIs:/ && $2 ~ /\/debian\/?$/ { print $2; exit } /^deb / && $2 ~ /\/debian\/?$/ { print $2; exit }') || true
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d /var/tmp/relay-base-images.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

echo "debootstrap bookworm from $mirror" >&2
# libc6, libgcc-s1, libstdc++6 and zlib1g are part of minbase; ICU is left out because Relay sets InvariantGlobalization.
# libcap2-bin (setcap) is for the SDK stand-in only: it is moved out of the way while the runtime stand-in is imported.
debootstrap --variant=minbase --include=ca-certificates,libssl3,tzdata,libcap2-bin bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
# What an image does not need: package indexes, downloaded packages, documentation, translations.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
       "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log

mkdir -p "$work/sdk-only"
mv "$rootfs"/usr/sbin/setcap "$rootfs"/usr/sbin/getcap "$rootfs"/usr/sbin/getpcaps "$rootfs"/usr/sbin/capsh "$work/sdk-only/"
echo "importing $runtime_image" >&2
tar -C "$rootfs" -c . | "${podman[@]}" import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/bash"]' - "$runtime_image" >/dev/null

echo "importing $sdk_image (SDK $sdk_version from $dotnet_root)" >&2
mv "$work/sdk-only/"* "$rootfs/usr/sbin/"
cp "$host_ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
mkdir -p "$rootfs/usr/share/dotnet"
cp -a "$dotnet_root/." "$rootfs/usr/share/dotnet/"
# The SDK is not invariant-globalization by itself; without ICU in the image it must be told to be.
tar -C "$rootfs" -c . | "${podman[@]}" import --quiet \
  --change 'ENV PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
  --change 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1' \
  --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' \
  --change 'ENV DOTNET_NOLOGO=1' \
  --change 'ENV NUGET_CERT_REVOCATION_MODE=offline' \
  --change 'CMD ["/bin/bash"]' - "$sdk_image" >/dev/null

# Older stand-ins (another hash) would only take space.
for repository in localhost/relay-runtime-deps localhost/relay-sdk; do
  "${podman[@]}" images --format '{{.Repository}}:{{.Tag}}' "$repository" \
    | grep -vxF -e "$runtime_image" -e "$sdk_image" | xargs -r "${podman[@]}" rmi -f >/dev/null 2>&1 || true
done

echo "RUNTIME_IMAGE=$runtime_image"
echo "SDK_IMAGE=$sdk_image"
