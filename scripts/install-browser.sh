#!/usr/bin/env bash
# What the browser test (tests/browser/) needs: Debian's chromium and chromium-driver, and
# axe-core from npm (web/package-lock.json). Installs only what is missing; non-interactive.
#
# Exit 0 when everything is there. When something cannot be installed: exit 1 under CI=true
# (the browser test must not be skipped there), else a warning and exit 0 (the test skips).
set -uo pipefail
cd "$(dirname "$0")/.."

in_ci() { [[ "${CI:-}" =~ ^(1|true|yes)$ ]]; }
problem() {
    echo "install-browser: $*" >&2
    if in_ci; then exit 1; fi
    echo "install-browser: nettlesertesten hoppes over (CI er ikke satt)." >&2
    exit 0
}

have_browser() { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }

if ! have_browser; then
    if ! command -v apt-get >/dev/null; then
        problem "chromium/chromedriver mangler, og apt-get finnes ikke her."
    fi
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
            problem "chromium/chromedriver mangler; installer med: sudo apt-get install chromium chromium-driver"
        fi
    fi
    echo "Installerer chromium og chromium-driver med apt-get …"
    export DEBIAN_FRONTEND=noninteractive
    if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends \
            chromium chromium-driver fonts-dejavu-core >/dev/null; }; then
        problem "apt-get kunne ikke installere chromium og chromium-driver."
    fi
    have_browser || problem "chromium/chromedriver mangler fortsatt etter apt-get."
fi

# axe-core (and the socket.io client, which is also vendored) exactly as the lockfile says.
axe=web/node_modules/axe-core/axe.min.js
stamp=web/node_modules/.package-lock.json
if [ ! -f "$axe" ] || [ ! -f "$stamp" ] || [ web/package-lock.json -nt "$stamp" ]; then
    command -v npm >/dev/null || problem "npm mangler, så axe-core kan ikke installeres."
    echo "Installerer axe-core med npm ci …"
    (cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
        || problem "npm ci i web/ feilet."
fi
[ -f "$axe" ] || problem "fant ikke $axe etter npm ci."

echo "Nettlesertesten er klar: $(chromium --version 2>/dev/null | head -1), axe-core $(node -p "require('./web/node_modules/axe-core/package.json').version" 2>/dev/null)"
