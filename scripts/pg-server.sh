#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the ledger tests and benchmarks.
# Usage: source scripts/pg-server.sh   -> starts it, exports QRPASS_TEST_PG_URL and
#        defines pg_server_stop (call it, or trap it, to stop and delete the server).
# Installs Debian's `postgresql` if missing. initdb refuses root, so the server runs
# as the package's `postgres` user in a temporary directory it owns; no system service.

pg_server_start() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y -q postgresql >/dev/null 2>&1 || { $sudo apt-get update -q && $sudo apt-get install -y -q postgresql; }
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  PG_SERVER_DIR=$(mktemp -d /tmp/qrpass-pg.XXXXXX)
  PG_SERVER_PORT=${QRPASS_PG_PORT:-54329}
  # The first free port from there (a port that accepts a connection is taken).
  while (exec 3<>"/dev/tcp/127.0.0.1/$PG_SERVER_PORT") 2>/dev/null; do
    PG_SERVER_PORT=$((PG_SERVER_PORT + 1))
  done
  local as=()
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$PG_SERVER_DIR"
    as=(runuser -u postgres --)
  fi
  PG_SERVER_CTL=("${as[@]}" "$bin/pg_ctl" -D "$PG_SERVER_DIR/data")
  "${as[@]}" "$bin/initdb" -D "$PG_SERVER_DIR/data" -U postgres -A trust -E UTF8 --no-locale >"$PG_SERVER_DIR/initdb.log" 2>&1 \
    || { cat "$PG_SERVER_DIR/initdb.log"; return 1; }
  "${PG_SERVER_CTL[@]}" -w -l "$PG_SERVER_DIR/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $PG_SERVER_PORT -c unix_socket_directories=$PG_SERVER_DIR -c max_connections=60" \
    start >/dev/null || { cat "$PG_SERVER_DIR/server.log"; return 1; }
  export QRPASS_TEST_PG_URL="postgres://postgres@127.0.0.1:$PG_SERVER_PORT/postgres"
  echo "PostgreSQL ($("$bin/postgres" --version)) on $QRPASS_TEST_PG_URL, data in $PG_SERVER_DIR"
}

pg_server_stop() {
  if [[ -n "${PG_SERVER_DIR:-}" && -d "$PG_SERVER_DIR/data" ]]; then
    "${PG_SERVER_CTL[@]}" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_SERVER_DIR"
  fi
}

pg_server_start
