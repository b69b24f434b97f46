# shellcheck shell=bash
# A throwaway PostgreSQL cluster for scripts (script/test, script/benchmark): sourced, not run.
# The caller defines say() and die(). PostgreSQL refuses to run as root, so as root the cluster belongs to
# the 'postgres' user and its commands run through runuser. Sets pg_bin, pg_dir and pg_port.
#
#   find_pg_bin                  the newest /usr/lib/postgresql/*/bin with pg_ctl and initdb, or nothing
#   start_postgres [SETTINGS...] initdb and start on 127.0.0.1 (TEST_PG_PORT or 55432, or the next free port),
#                                durability off; extra "-c name=value" settings go to the server
#   stop_postgres                stop it and delete its folder (safe to call twice)

find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
}

pg_bin=${pg_bin:-}
pg_dir=""
pg_port=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_postgres() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir" ]; then
    say "Stopping PostgreSQL and removing $pg_dir"
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
    pg_dir=""
  fi
}

start_postgres() {
  pg_bin=${pg_bin:-$(find_pg_bin)}
  [ -n "$pg_bin" ] || die "PostgreSQL is not installed (apt-get install -y postgresql)"
  pg_port=${TEST_PG_PORT:-55432}
  while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
  pg_dir=$(mktemp -d /tmp/infant-massage-audit-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (PostgreSQL refuses to run as root)"
    chown postgres: "$pg_dir"
  fi
  say "Starting a throwaway PostgreSQL ($("$pg_bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$pg_port in $pg_dir"
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; die "initdb failed"; }
  # Durability is pointless for a cluster deleted in minutes; turning it off makes the tests faster.
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 $*" \
    start >/dev/null || { cat "$pg_dir/server.log" >&2; die "PostgreSQL did not start"; }
}
