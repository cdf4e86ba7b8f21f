#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests, on loopback only.
#
#   scripts/postgres-test-server.sh install              install Debian's postgresql if missing
#   scripts/postgres-test-server.sh start DIR PORT [DB]  initialise a cluster in DIR (once), start
#                                                        it on 127.0.0.1:PORT, create database DB
#                                                        (default edi_test), print its URL
#   scripts/postgres-test-server.sh stop DIR             stop the server in DIR (DIR is kept; the
#                                                        caller removes it)
#
# Exit codes: 0 ok, 1 failure, 2 usage, 3 PostgreSQL is missing and cannot be installed here.
# As root, the server runs as the `postgres` user and DIR is given to it; the parent of DIR
# must be open to that user (a fresh directory under /tmp is).
set -euo pipefail

die() { echo "postgres-test-server: $2" >&2; exit "$1"; }

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  dir=$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)")
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  return 1
}

install_postgres() {
  bindir >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die 3 "PostgreSQL er ikke installert, og bare root kan installere det. Kjør: sudo apt-get install -y postgresql"
  command -v apt-get >/dev/null || die 3 "PostgreSQL er ikke installert, og apt-get finnes ikke på denne maskinen."
  echo "postgres-test-server: installerer PostgreSQL (apt-get) ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  apt-get update -q >&2 || die 3 "apt-get update feilet."
  # No system-wide cluster on port 5432: only the throwaway clusters below are wanted.
  "${apt[@]}" install --no-install-recommends postgresql-common >&2 \
    || die 3 "apt-get install postgresql-common feilet."
  sed -ri 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' \
    /etc/postgresql-common/createcluster.conf
  "${apt[@]}" install --no-install-recommends postgresql >&2 \
    || die 3 "apt-get install postgresql feilet."
  bindir >/dev/null || die 3 "PostgreSQL ble installert, men initdb og pg_ctl ble ikke funnet."
}

# Run a command as the server's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; return; fi
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

start() {
  local dir=$1 port=$2 db=${3:-edi_test}
  [[ $port =~ ^[0-9]+$ ]] || die 2 "porten må være et tall: $port"
  [[ $db =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die 2 "ugyldig databasenavn: $db"
  install_postgres
  local bin; bin=$(bindir)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" = 0 ]; then
    getent passwd postgres >/dev/null || die 1 "brukeren postgres finnes ikke (er postgresql-common installert?)"
    chown postgres: "$dir"
  fi
  chmod 700 "$dir"
  as_owner test -w "$dir" || die 1 "serveren kan ikke skrive i $dir; velg en ny mappe, f.eks. under /tmp"

  if [ ! -f "$dir/data/PG_VERSION" ]; then
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/password"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir/password"
    chmod 600 "$dir/password"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 \
      --pwfile="$dir/password" --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die 1 "initdb feilet"; }
    echo "include_if_exists = 'test-server.conf'" >>"$dir/data/postgresql.conf"
  fi
  # Loopback only; durability is not wanted for a throwaway test database.
  local conf
  conf="listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off"
  if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    if [ "$(cat "$dir/data/test-server.conf" 2>/dev/null)" = "$conf" ]; then
      conf=""  # already running as asked
    else
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    fi
  fi
  if [ -n "$conf" ]; then
    printf '%s\n' "$conf" >"$dir/data/test-server.conf"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir/data/test-server.conf"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2 || true; die 1 "serveren startet ikke på port $port"; }
  fi

  local password; password=$(cat "$dir/password")
  export PGPASSWORD=$password
  if [ -z "$("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
      "select 1 from pg_database where datname = '$db'")" ]; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" || die 1 "createdb $db feilet"
  fi
  echo "postgresql://postgres:$password@127.0.0.1:$port/$db"
}

stop() {
  local dir=$1 bin
  [ -f "$dir/data/PG_VERSION" ] || return 0
  bin=$(bindir) || die 1 "finner ikke pg_ctl"
  if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
  fi
}

case "${1:-}" in
  install) install_postgres ;;
  start) [ $# -ge 3 ] || die 2 "bruk: $0 start DIR PORT [DB]"; start "$2" "$3" "${4:-}" ;;
  stop) [ $# -eq 2 ] || die 2 "bruk: $0 stop DIR"; stop "$2" ;;
  *) die 2 "bruk: $0 install | start DIR PORT [DB] | stop DIR" ;;
esac
