#!/usr/bin/env bash
# Fetch the Debian cloud kernel that `oomlab vm` boots when the host's own /boot/vmlinuz is unreadable.
# It is unpacked with `dpkg -x` into a cache directory (default: <repo>/.cache/vm-kernel), never
# installed: the host's /boot and /lib/modules are not touched. Result:
#   .cache/vm-kernel/boot/vmlinuz-<ver>      the kernel
#   .cache/vm-kernel/lib/modules/<ver>/      its modules (virtio, 9p, ... are modules in this kernel)
# Idempotent: does nothing when a kernel is already there. Needs apt-get (Debian/Ubuntu) and root
# only for `apt-get update` when the package lists are missing.
#   scripts/fetch-vm-kernel.sh [DEST]            the cloud flavour (zram, MGLRU; no zswap)
#   scripts/fetch-vm-kernel.sh --generic [DEST]  the generic flavour, linux-image-amd64 (zswap too),
#       into .cache/vm-kernel-generic; boot it with `oomlab vm run --kernel .cache/vm-kernel-generic/boot/vmlinuz-*`
set -euo pipefail
cd "$(dirname "$0")/.."

flavour=cloud-amd64
if [ "${1:-}" = --generic ]; then
  flavour=amd64
  shift
fi
if [ "$flavour" = amd64 ]; then
  dest="${1:-.cache/vm-kernel-generic}"
  meta=linux-image-amd64
else
  dest="${1:-.cache/vm-kernel}"
  meta=linux-image-cloud-amd64
fi

if compgen -G "$dest/boot/vmlinuz-*" >/dev/null && compgen -G "$dest/lib/modules/*/kernel" >/dev/null; then
  echo "fetch-vm-kernel: already present: $(ls "$dest"/boot/vmlinuz-* | head -1)"
  exit 0
fi

if ! apt-cache show "$meta" >/dev/null 2>&1; then
  apt-get update -qq
fi
# The metapackage only depends on the versioned image package, which holds vmlinuz and the modules.
pkg="$(apt-cache depends "$meta" | sed -n "s/^ *Depends: \(linux-image-[0-9][^ ]*-$flavour\)\$/\1/p" | grep -v -- '-cloud-amd64$\|-rt-amd64$' | head -1 || true)"
if [ "$flavour" = cloud-amd64 ]; then pkg="$(apt-cache depends "$meta" | sed -n "s/^ *Depends: \(linux-image-[0-9][^ ]*-cloud-amd64\)\$/\1/p" | head -1)"; fi
if [ -z "$pkg" ]; then
  echo "fetch-vm-kernel: cannot resolve $meta to a linux-image-<ver>-$flavour package" >&2
  exit 1
fi

tmp="$(mktemp -d)"
chmod 777 "$tmp" # apt-get download drops to the _apt user, which must be able to write here
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -qq "$pkg")
mkdir -p "$dest"
dpkg -x "$tmp"/"$pkg"_*.deb "$dest"
# Some layouts (usrmerge) put modules under usr/lib; expose them at lib/modules too.
if [ ! -d "$dest/lib/modules" ] && [ -d "$dest/usr/lib/modules" ]; then
  ln -s usr/lib "$dest/lib"
fi
chmod -R a+rX "$dest"
echo "fetch-vm-kernel: $pkg -> $(ls "$dest"/boot/vmlinuz-* | head -1)"
