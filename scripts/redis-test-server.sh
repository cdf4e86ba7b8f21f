#!/usr/bin/env bash
# A throwaway Redis server for tests, on loopback only.
#
#   scripts/redis-test-server.sh start DIR PORT   install Debian's redis-server if missing, start
#                                                 it on 127.0.0.1:PORT with its files in DIR
#   scripts/redis-test-server.sh stop DIR         stop the server started in DIR
#
# Exit codes: 0 ok, 1 failure, 2 usage, 3 Redis is missing and cannot be installed here.
set -euo pipefail

die() { echo "redis-test-server: $2" >&2; exit "$1"; }

install_redis() {
  command -v redis-server >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die 3 "Redis er ikke installert, og bare root kan installere det."
  command -v apt-get >/dev/null || die 3 "Redis er ikke installert, og apt-get finnes ikke."
  echo "redis-test-server: installerer redis-server (apt-get) ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2 || die 3 "apt-get update feilet."
  apt-get install -y -q --no-install-recommends redis-server >&2 || die 3 "apt-get install feilet."
  # Debian starts a system service on 6379 when it can; the tests do not use it.
  command -v redis-server >/dev/null || die 3 "redis-server mangler etter installasjon."
}

case "${1:-}" in
  start)
    [ $# -eq 3 ] || die 2 "bruk: $0 start DIR PORT"
    install_redis
    mkdir -p "$2"
    redis-server --bind 127.0.0.1 --port "$3" --dir "$2" --daemonize yes \
      --pidfile "$2/redis.pid" --logfile "$2/redis.log" --save "" --appendonly no \
      --protected-mode yes >/dev/null
    for _ in $(seq 50); do
      redis-cli -h 127.0.0.1 -p "$3" ping 2>/dev/null | grep -q PONG && { echo "redis://127.0.0.1:$3/0"; exit 0; }
      sleep 0.1
    done
    die 1 "Redis svarte ikke på port $3."
    ;;
  stop)
    [ $# -eq 2 ] || die 2 "bruk: $0 stop DIR"
    [ -f "$2/redis.pid" ] && kill "$(cat "$2/redis.pid")" 2>/dev/null || true
    ;;
  *) die 2 "bruk: $0 start DIR PORT | stop DIR" ;;
esac
