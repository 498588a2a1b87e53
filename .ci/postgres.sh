#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on 127.0.0.1 (for CI, benchmarks and local tests), and stops it.
#   source .ci/postgres.sh && pg_throwaway_start [port]   → exports PG_THROWAWAY_URL
#   pg_throwaway_stop
PG_BIN=/usr/lib/postgresql/15/bin

pg_throwaway_start() {
  local port="${1:-55432}"
  PG_THROWAWAY_DIR="$(mktemp -d /tmp/spie-pg.XXXXXX)"
  chmod 755 "$PG_THROWAWAY_DIR"
  local as_pg=()
  if [ "$(id -u)" = "0" ]; then
    chown postgres:postgres "$PG_THROWAWAY_DIR"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_THROWAWAY_DIR/data" -U spie --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/log" -w \
    -o "-h 127.0.0.1 -p $port -k $PG_THROWAWAY_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  "${as_pg[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U spie spie
  export PG_THROWAWAY_URL="postgres://spie@127.0.0.1:$port/spie"
  export PG_THROWAWAY_DIR
}

pg_throwaway_stop() {
  [ -n "${PG_THROWAWAY_DIR:-}" ] || return 0
  local as_pg=()
  [ "$(id -u)" = "0" ] && as_pg=(runuser -u postgres --)
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_THROWAWAY_DIR"
}
