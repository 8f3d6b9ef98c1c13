#!/usr/bin/env bash
# Builds the Palisade image from docker/Dockerfile; called by the Maven build (docker module).
# Usage: docker/build-image.sh BASE_IMAGE OVERLAY_DIR TAG [TAG…]
set -euo pipefail
base="$1" overlay="$2"; shift 2
here="$(cd "$(dirname "$0")" && pwd)"

if ! docker info >/dev/null 2>&1; then
  cat >&2 <<MSG
No Docker engine answers. Palisade's build makes an image and its integration tests run it,
so './mvnw verify' needs a running Docker engine (docs/development.md says how to start one).
Build without the image and its tests: ./mvnw package -Dpalisade.image.skip -DskipITs
MSG
  exit 1
fi
if ! docker image inspect "$base" >/dev/null 2>&1 && [[ "$base" == palisade-local/* ]]; then
  echo "Base image $base is missing: run docker/build-local-base.sh or build with -Plocal-base" >&2
  exit 1
fi

tags=()
for tag in "$@"; do tags+=(-t "$tag"); done
echo "Building $* from docker/Dockerfile on $base"
id=$(docker build -q --build-arg KEYCLOAK_IMAGE="$base" -f "$here/Dockerfile" "${tags[@]}" "$overlay")
echo "Built $id as $*"
# Each rebuild leaves the previous image untagged; drop those so the engine does not fill up.
docker image prune -f --filter "label=org.opencontainers.image.title=Palisade" >/dev/null
