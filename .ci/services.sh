# shellcheck shell=bash
# Services for the tests that need them; sourced by .ci/run (or by hand:
#   . .ci/services.sh            start PostgreSQL, export the variables below
#   frontlijn_services_stop      stop it and remove its data directory).
#
# Starts a throw-away PostgreSQL cluster from Debian's packages on 127.0.0.1 (a free port,
# data in a temp dir, run as a non-root user), creates a database and exports
#   FRONTLIJN_TEST_PG_URL=postgresql+psycopg://frontlijn:<random>@127.0.0.1:<port>/frontlijn_test
#   FRONTLIJN_SERVICES=1
# The role is a superuser of its own throw-away cluster, so the tests may create one
# database per test. Any failure here returns non-zero: with `set -e` in .ci/run a missing
# server stops CI instead of silently skipping the PostgreSQL tests.

_frontlijn_pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
    fi
  done | sort -V | tail -n 1
}

_frontlijn_free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for port in $(seq 25432 25532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  return 1
}

frontlijn_services_start() {
  local bindir rundir port password user as_user
  bindir="$(_frontlijn_pg_bindir)"
  if [ -z "$bindir" ]; then
    echo "services: installing PostgreSQL from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || return 1
    apt-get install -y -qq postgresql >/dev/null || return 1
    bindir="$(_frontlijn_pg_bindir)"
    if [ -z "$bindir" ]; then
      echo "services: PostgreSQL installed but no initdb/pg_ctl under /usr/lib/postgresql/*/bin" >&2
      return 1
    fi
  fi

  # PostgreSQL refuses to run as root: use the packaged 'postgres' user, or make one.
  as_user=()
  if [ "$(id -u)" = 0 ]; then
    user=postgres
    if ! id "$user" >/dev/null 2>&1; then
      user=frontlijn-pg
      id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user" || return 1
    fi
    as_user=(runuser -u "$user" --)
  fi

  rundir="$(mktemp -d /tmp/frontlijn-pg.XXXXXX)" || return 1
  chmod 700 "$rundir"
  [ ${#as_user[@]} -eq 0 ] || chown "$user" "$rundir"
  port="$(_frontlijn_free_port)" || return 1
  password="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf '%s\n' "$password" >"$rundir/pwfile"
  [ ${#as_user[@]} -eq 0 ] || chown "$user" "$rundir/pwfile"

  "${as_user[@]}" "$bindir/initdb" -D "$rundir/data" -U frontlijn --pwfile="$rundir/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
    >"$rundir/initdb.log" 2>&1 || { cat "$rundir/initdb.log" >&2; return 1; }
  rm -f "$rundir/pwfile"
  "${as_user[@]}" "$bindir/pg_ctl" -D "$rundir/data" -l "$rundir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$rundir' -c max_connections=200 -c fsync=on" \
    start >/dev/null || { cat "$rundir/server.log" >&2; return 1; }

  PGPASSWORD="$password" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U frontlijn frontlijn_test \
    || return 1

  export FRONTLIJN_PG_RUNDIR="$rundir"
  export FRONTLIJN_PG_BINDIR="$bindir"
  export FRONTLIJN_PG_USER="${user:-}"
  export FRONTLIJN_TEST_PG_URL="postgresql+psycopg://frontlijn:${password}@127.0.0.1:${port}/frontlijn_test"
  export FRONTLIJN_SERVICES=1
  echo "services: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $rundir)" >&2
}

frontlijn_services_stop() {
  local rundir="${FRONTLIJN_PG_RUNDIR:-}"
  [ -n "$rundir" ] && [ -d "$rundir/data" ] || return 0
  if [ -n "${FRONTLIJN_PG_USER:-}" ]; then
    runuser -u "$FRONTLIJN_PG_USER" -- "$FRONTLIJN_PG_BINDIR/pg_ctl" -D "$rundir/data" -m fast -w stop >/dev/null || true
  else
    "$FRONTLIJN_PG_BINDIR/pg_ctl" -D "$rundir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$rundir"
  unset FRONTLIJN_PG_RUNDIR FRONTLIJN_TEST_PG_URL FRONTLIJN_SERVICES
}

frontlijn_services_start
