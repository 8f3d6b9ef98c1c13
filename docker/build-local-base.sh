#!/usr/bin/env bash
# Builds a local stand-in for quay.io/keycloak/keycloak:<version> where that image cannot be
# pulled: a Debian 13 + OpenJDK 21 root file system (the Java the official image uses) with
# the Keycloak distribution zip from Maven unpacked to /opt/keycloak, run as uid 1000.
# The tag says "palisade-local" on purpose: it is not the official image and must not look
# like it. Cached images are reused; pass --rebuild to build them again.
#
# Usage: docker/build-local-base.sh [--rebuild] [KEYCLOAK_VERSION]
# Prints the image reference it built or found as its last line.
set -euo pipefail

rebuild=false
if [ "${1:-}" = "--rebuild" ]; then rebuild=true; shift; fi
kc_version="${1:-26.7.3}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
java_base="palisade-local/debian-java:trixie-21"
kc_base="palisade-local/keycloak-base:${kc_version}"

# shellcheck source=debian-base.sh
. "$here/debian-base.sh"
require_docker build-local-base

if $rebuild || ! have_image "$java_base"; then
  debian_image "$java_base" openjdk-21-jre-headless,ca-certificates
fi

if $rebuild || ! have_image "$kc_base"; then
  zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/${kc_version}/keycloak-quarkus-dist-${kc_version}.zip"
  if [ ! -f "$zip" ]; then
    "$root/mvnw" -q -B dependency:get -Dtransitive=false \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:${kc_version}:zip" >&2
  fi
  ctx="$(mktemp -d)"
  # Unpacked here rather than in the image, so the image needs no unzip tool.
  if command -v unzip >/dev/null; then unzip -q "$zip" -d "$ctx"; else (cd "$ctx" && jar xf "$zip"); fi
  mv "$ctx/keycloak-${kc_version}" "$ctx/keycloak"
  # Permissions set here, not in a RUN layer that would copy every file a second time;
  # group 0 writable so an arbitrary uid in group 0 (OpenShift) can run `kc.sh build`.
  chmod +x "$ctx"/keycloak/bin/*.sh
  chmod -R g+rwX "$ctx/keycloak"
  cp "$here/local-base.Dockerfile" "$ctx/Dockerfile"
  docker build -q --build-arg JAVA_BASE="$java_base" \
    -t "$kc_base" "$ctx" >&2
  rm -rf "$ctx"
fi
echo "$kc_base"
