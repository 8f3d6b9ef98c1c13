#!/usr/bin/env bash
# Builds the edge proxy's base where debian:trixie-slim cannot be pulled: a Debian 13 root file
# system with HAProxy and OpenSSL from Debian packages. The Dockerfile then needs no package
# download. A cached image is reused; pass --rebuild to build it again.
#
# Usage: docker/proxy/build-local-base.sh [--rebuild]
# Prints the image reference it built or found as its last line.
set -euo pipefail

rebuild=false
if [ "${1:-}" = "--rebuild" ]; then rebuild=true; fi
here="$(cd "$(dirname "$0")" && pwd)"
proxy_base="palisade-local/debian-haproxy:trixie"

# shellcheck source=../debian-base.sh
. "$here/../debian-base.sh"
require_docker build-local-base

if $rebuild || ! have_image "$proxy_base"; then
  debian_image "$proxy_base" haproxy,openssl,ca-certificates
fi
echo "$proxy_base"
