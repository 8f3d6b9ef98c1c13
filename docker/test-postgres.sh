#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the integration tests, from the host's Debian
# `postgresql` package: `start DIR` creates and starts it and writes DIR/connection.properties;
# `stop DIR` stops exactly that cluster and removes its data. The superuser's credentials are
# there for tests that play an attacker with full database access.
#
# It listens on loopback (for the tests) and on the Docker bridge gateway, which containers
# reach as host.docker.internal (for Keycloak in the Palisade image). Nothing else.
set -euo pipefail

cmd="${1:-}" dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "test-postgres: no PostgreSQL server found; install Debian's 'postgresql' package" >&2
  exit 1
fi

# The server refuses to run as root; as root, run it as the package's postgres user.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop() {
  local data
  [ -f "$dir/connection.properties" ] || return 0
  data=$(sed -n 's/^dataDir=//p' "$dir/connection.properties")
  if [ -n "$data" ] && [ -f "$data/postmaster.pid" ]; then
    # A server gone with its machine leaves a stale pid file; there is nothing to stop then.
    as_owner "$bindir/pg_ctl" stop -D "$data" -m fast -w >/dev/null 2>&1 || true
  fi
  [ -n "$data" ] && rm -rf "$(dirname "$data")"
  rm -f "$dir/connection.properties"
}

free_port() {
  local port
  for port in $(seq 55432 55532); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "test-postgres: no free port in 55432-55532" >&2; exit 1
}

start() {
  stop
  mkdir -p "$dir"
  local gateway port root data password
  # host-gateway, what host.docker.internal resolves to in a container, is docker0's address.
  gateway=$(ip -4 -o addr show docker0 2>/dev/null | awk '{print $4}' | cut -d/ -f1 || true)
  [ -n "$gateway" ] || { echo "test-postgres: no docker0 bridge (is dockerd running?)" >&2; exit 1; }
  port=$(free_port)
  password="palisade-$RANDOM$RANDOM"
  superuser_password="superuser-$RANDOM$RANDOM"
  # Under /tmp, not the build tree: the postgres user must be able to reach it.
  root=$(mktemp -d /tmp/palisade-test-postgres.XXXXXX)
  data="$root/data"
  [ "$(id -u)" = 0 ] && chown postgres "$root"
  printf '%s\n' "$superuser_password" > "$root/pw"
  [ "$(id -u)" = 0 ] && chown postgres "$root/pw"
  as_owner "$bindir/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$root/pw" -E UTF8 --locale=C >"$root/initdb.log" 2>&1 \
    || { cat "$root/initdb.log" >&2; exit 1; }
  rm -f "$root/pw"
  # Docker bridges live in 172.16.0.0/12; only they and loopback may connect.
  echo "host all all 172.16.0.0/12 scram-sha-256" >> "$data/pg_hba.conf"
  as_owner "$bindir/pg_ctl" start -D "$data" -w -l "$root/server.log" \
    -o "-p $port -k $root -c listen_addresses=127.0.0.1,$gateway -c max_connections=200" >/dev/null \
    || { cat "$root/server.log" >&2; exit 1; }
  as_owner "$bindir/psql" -h "$root" -p "$port" -U postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE keycloak LOGIN PASSWORD '$password'" \
    -c "CREATE DATABASE keycloak OWNER keycloak" >/dev/null
  cat > "$dir/connection.properties" <<PROPS
host=127.0.0.1
containerHost=host.docker.internal
port=$port
database=keycloak
username=keycloak
password=$password
superuser=postgres
superuserPassword=$superuser_password
dataDir=$data
PROPS
  echo "test-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port and $gateway:$port"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
