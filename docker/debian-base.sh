# Shell functions shared by the scripts that build local base images from Debian packages,
# where no image registry can be reached. Sourced, not run.

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# $1: the calling script's name, for the message.
require_docker() {
  docker info >/dev/null 2>&1 && return 0
  echo "$1: no Docker engine answers (start dockerd first; see docs/development.md)" >&2
  exit 1
}

# The Debian mirror this machine already trusts; debootstrap needs one URL.
debian_mirror() {
  local uri
  uri=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
        | grep -oE 'https?://[^ ]+' | head -n 1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# debian_image NAME PACKAGES: a minimal Debian 13 root file system with PACKAGES
# (comma-separated) installed, imported into the engine as NAME.
debian_image() {
  local name="$1" packages="$2" mirror
  command -v debootstrap >/dev/null || { echo "debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
  mirror="$(debian_mirror)"
  # Global, not local: the EXIT trap runs after this function has returned.
  debian_rootfs="$(mktemp -d)"
  trap 'rm -rf "$debian_rootfs" "$debian_rootfs.log"' EXIT
  echo "debootstrap trixie + $packages from $mirror" >&2
  debootstrap --variant=minbase --include="$packages" trixie "$debian_rootfs" "$mirror" \
    > "$debian_rootfs.log" 2>&1 || { tail -n 30 "$debian_rootfs.log" >&2; exit 1; }
  # Package caches and lists only make the image bigger.
  rm -rf "$debian_rootfs"/var/cache/apt/archives/*.deb "$debian_rootfs"/var/lib/apt/lists/*
  tar -C "$debian_rootfs" -c . | docker import - "$name" >&2
  rm -rf "$debian_rootfs" "$debian_rootfs.log"
}
