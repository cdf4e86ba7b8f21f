#!/usr/bin/env bash
# Refresh the vendored socket.io client from the npm lockfile (web/package-lock.json).
# The copy in bot/web/static/vendor/ is committed, so running the assistant needs no Node.js;
# run this after changing the socket.io-client version in web/package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
(cd web && npm ci --no-audit --no-fund --loglevel=error)
src=web/node_modules/socket.io-client
dst=bot/web/static/vendor
mkdir -p "$dst"
cp "$src/dist/socket.io.min.js" "$dst/socket.io.min.js"
cp "$src/LICENSE" "$dst/socket.io.LICENSE.txt"
version=$(node -p "require('./$src/package.json').version")
echo "socket.io-client $version -> $dst/socket.io.min.js"
