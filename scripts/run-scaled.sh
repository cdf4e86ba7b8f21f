#!/usr/bin/env bash
# `make run-scaled`: the deployed topology on this machine, from one command — nginx (HTTPS,
# self-signed certificate) in front of the web app and EDI_RASA_PROCESSES Rasa processes
# (default 2), an action server, PostgreSQL and Redis. PostgreSQL and Redis are servers of
# their own under var/scaled/ (scripts/*-test-server.sh, loopback only), kept between runs and
# stopped again on exit. For a real server, see deploy/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
state=${EDI_SCALED_DIR:-var/scaled}
mkdir -p "$state"
state=$(cd "$state" && pwd)
chmod 755 "$state"
pg_port=${EDI_PG_PORT:-5433}
redis_port=${EDI_REDIS_PORT:-6380}

stop_servers() {
    scripts/redis-test-server.sh stop "$state/redis" || true
    scripts/postgres-test-server.sh stop "$state/pg" || true
}
trap stop_servers EXIT

echo "Starter PostgreSQL (port $pg_port) og Redis (port $redis_port) …"
database_url=$(scripts/postgres-test-server.sh start "$state/pg" "$pg_port" edi | tail -n 1)
redis_url=$(scripts/redis-test-server.sh start "$state/redis" "$redis_port" | tail -n 1)

export DATABASE_URL=$database_url
export REDIS_HOST=127.0.0.1 REDIS_PORT=$redis_port
export EDI_NGINX=1 EDI_ENDPOINTS=deploy/endpoints-scaled.yml
export EDI_RASA_PROCESSES=${EDI_RASA_PROCESSES:-2}
"$PY" -m bot run
