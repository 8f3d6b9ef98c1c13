#!/bin/sh
# Starts HAProxy with the operator's certificates from /etc/haproxy/certs, or, where none are
# mounted, with a self-signed one made here so that a try-out or a test has TLS at once.
# Numeric settings are checked first: HAProxy would read a typo as 0 and refuse everything.
set -eu

certs=/etc/haproxy/certs
generated=/var/lib/haproxy/tls/self-signed.pem

for name in PALISADE_NODES_MAX PALISADE_HTTPS_PORT PALISADE_RATE_PER_IP PALISADE_RATE_PER_IP_WINDOW \
            PALISADE_RATE_PER_USERNAME PALISADE_RATE_PER_USERNAME_WINDOW PALISADE_MAX_BODY_SIZE; do
  eval "value=\${$name-}"
  case "$value" in
    *[!0-9]*) echo "palisade-proxy: $name must be a whole number, not '$value'" >&2; exit 2 ;;
  esac
done

# HAProxy loads every file of the folder but these extensions and dot files (Kubernetes'
# secret volumes keep their bookkeeping in dot entries).
mounted=$(find "$certs" -mindepth 1 -maxdepth 1 ! -name '.*' ! -name '*.key' ! -name '*.issuer' \
            ! -name '*.ocsp' ! -name '*.sctl' 2>/dev/null | head -n 1)
if [ -n "$mounted" ]; then
  PALISADE_TLS_CERTS="$certs"
else
  host="${PALISADE_PUBLIC_HOST:-localhost}"
  case "$host" in
    *[!0-9.]*) san="DNS:$host" ;;
    *) san="IP:$host" ;;
  esac
  # Kept across restarts of the same container, so clients that pinned it keep working.
  if [ ! -s "$generated" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
      -subj "/CN=$host" -addext "subjectAltName=$san" \
      -keyout "$generated.key" -out "$generated.crt" 2>/dev/null
    # HAProxy reads the certificate and its key from one PEM file.
    cat "$generated.crt" "$generated.key" > "$generated"
    rm -f "$generated.crt" "$generated.key"
  fi
  cat >&2 <<WARN
######################################################################################
# palisade-proxy: NO TLS CERTIFICATE MOUNTED in $certs.
# Serving a SELF-SIGNED certificate for '$host' (valid 365 days), which no browser or
# client trusts. For anything but a try-out or a test, mount a PEM file holding your
# certificate chain and its private key into $certs.
######################################################################################
WARN
  PALISADE_TLS_CERTS="$generated"
fi
export PALISADE_TLS_CERTS

# Master-worker mode in the foreground: the master forwards signals and reaps the worker.
exec haproxy -W -db -f /etc/haproxy/haproxy.cfg "$@"
