#!/usr/bin/env bash
# Builds the edge proxy image from docker/proxy/Dockerfile; called by the Maven build (docker
# module) after the Palisade image, whose script has already said so if no engine answers.
# Usage: docker/proxy/build-image.sh BASE_IMAGE TAG [TAG…]
set -euo pipefail
base="$1"; shift
here="$(cd "$(dirname "$0")" && pwd)"

# shellcheck source=../debian-base.sh
. "$here/../debian-base.sh"
require_docker build-proxy-image
if ! have_image "$base" && [[ "$base" == palisade-local/* ]]; then
  echo "Base image $base is missing: run docker/proxy/build-local-base.sh or build with -Plocal-base" >&2
  exit 1
fi

tags=()
for tag in "$@"; do tags+=(-t "$tag"); done
id=$(docker build -q --build-arg PROXY_BASE="$base" "${tags[@]}" "$here")
echo "Built $id as $*"
# Each rebuild leaves the previous image untagged; drop those so the engine does not fill up.
docker image prune -f --filter "label=org.opencontainers.image.title=Palisade edge proxy" >/dev/null
