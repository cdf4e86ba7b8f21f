#!/usr/bin/env bash
# What the deployment test (tests/integration/test_scale_out.py) and `make deploy-check` need:
# Debian's nginx and openssl. Installs only what is missing; non-interactive. The test runs
# nginx as its own process (`nginx -p DIR -c CONF`); no system service is wanted, so one that
# the package starts is stopped and disabled again.
#
# Exit 0 when everything is there. When something cannot be installed: exit 1 under CI=true
# (the test must not be skipped there), else a warning and exit 0 (the test skips).
set -uo pipefail

in_ci() { [[ "${CI:-}" =~ ^(1|true|yes)$ ]]; }
problem() {
    echo "install-nginx: $*" >&2
    if in_ci; then exit 1; fi
    echo "install-nginx: testen av nginx foran alt hoppes over (CI er ikke satt)." >&2
    exit 0
}

nginx_bin() { command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }
have_all() { [ -n "$(nginx_bin)" ] && command -v openssl >/dev/null; }

if ! have_all; then
    command -v apt-get >/dev/null || problem "nginx/openssl mangler, og apt-get finnes ikke her."
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
            problem "nginx mangler; installer med: sudo apt-get install nginx openssl"
        fi
    fi
    echo "Installerer nginx og openssl med apt-get …"
    export DEBIAN_FRONTEND=noninteractive
    # The package would start a system nginx on port 80: policy-rc.d refuses service starts
    # while it is installed (and is removed again).
    policy=/usr/sbin/policy-rc.d
    made_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy" && made_policy=1
    fi
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends nginx openssl >/dev/null
    status=$?
    [ -n "$made_policy" ] && $sudo rm -f "$policy"
    [ $status -eq 0 ] || problem "apt-get kunne ikke installere nginx og openssl."
    have_all || problem "nginx/openssl mangler fortsatt etter apt-get."
fi

echo "nginx er klar: $("$(nginx_bin)" -v 2>&1 | head -1), $(openssl version)"
