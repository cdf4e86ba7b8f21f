#!/usr/bin/env bash
# `make deploy-check`: the operator's recipe (deploy/) is valid as written.
#   1. nginx -t on the entry point rendered for this machine and for a production layout;
#   2. systemd-analyze verify on the units (paths /opt/edi → this checkout, so ExecStart exists);
#   3. the compose file: `docker compose config` where Compose is installed, else YAML only.
# A tool that is missing is skipped with one line; anything invalid fails.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
say() { echo "deploy-check: $*"; }

if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
    EDI_VAR_DIR="$tmp/var" EDI_RASA_PROCESSES=2 "$PY" -m bot nginx-config "$tmp/local" --check \
        >/dev/null || { say "nginx -t feilet for det lokale oppsettet"; status=1; }
    EDI_VAR_DIR="$tmp/var" EDI_HOST=0.0.0.0 EDI_SERVER_NAME=chat.kommune.example \
        EDI_HTTPS_PORT=443 EDI_HTTP_PORT=80 EDI_WEB_UPSTREAM=10.0.0.10:8080 \
        EDI_RASA_UPSTREAMS=10.0.0.11:5005,10.0.0.12:5005 \
        "$PY" -m bot nginx-config "$tmp/production" --log-dir "$tmp/log" --check \
        >/dev/null || { say "nginx -t feilet for produksjonsoppsettet"; status=1; }
    [ $status -eq 0 ] && say "nginx -t: begge oppsettene er gyldige."
else
    say "nginx mangler (scripts/install-nginx.sh); nginx -t hoppes over."
fi

if command -v systemd-analyze >/dev/null; then
    mkdir -p "$tmp/units"
    for unit in deploy/systemd/*; do
        sed "s|/opt/edi|$PWD|g" "$unit" >"$tmp/units/$(basename "$unit")"
    done
    cp "$tmp/units/edi-rasa@.service" "$tmp/units/edi-rasa@5005.service"
    (cd "$tmp/units" && systemd-analyze verify edi-rasa@5005.service \
        $(ls | grep -v '@' | tr '\n' ' ')) \
        && say "systemd-analyze verify: enhetene er gyldige." \
        || { say "systemd-analyze verify fant feil i deploy/systemd/"; status=1; }
else
    say "systemd-analyze mangler; enhetene sjekkes ikke."
fi

if docker compose version >/dev/null 2>&1; then
    POSTGRES_PASSWORD=x EDI_ACTION_SECRET=x EDI_SERVER_NAME=localhost \
        docker compose -f deploy/compose.yaml config -q \
        && say "docker compose config: compose.yaml er gyldig." \
        || { say "docker compose config fant feil i deploy/compose.yaml"; status=1; }
else
    "$PY" -c 'import sys, yaml; yaml.safe_load(open("deploy/compose.yaml"))' \
        && say "compose.yaml er gyldig YAML (Docker Compose mangler: ikke sjekket videre)." \
        || { say "deploy/compose.yaml er ikke gyldig YAML"; status=1; }
fi
exit $status
