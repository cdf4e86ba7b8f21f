#!/usr/bin/env bash
# Known vulnerabilities in the pinned dependencies, with pip-audit in its own venv (it needs
# a newer `packaging` than Rasa 3.6 allows). Exit 0: audited, none found; 1: vulnerabilities;
# 2: the advisory data could not be reached, so nothing was audited (said plainly).
set -u
cd "$(dirname "$0")/.."
if [ ! -x .venv-audit/bin/pip-audit ]; then
  python3 -m venv .venv-audit && .venv-audit/bin/pip install --quiet --disable-pip-version-check -r requirements/audit.txt || exit 2
fi
out=$(mktemp)
.venv-audit/bin/pip-audit -r requirements/constraints.txt --no-deps --disable-pip \
  --progress-spinner off --desc off >"$out" 2>&1
status=$?
total=$(grep -cE '^[A-Za-z0-9_.-]+==' requirements/constraints.txt)
unaudited=$(grep -c 'could not be audited' "$out")
grep -vE 'could not be audited' "$out"
if [ "$unaudited" -ge "$total" ]; then
  echo "pip-audit: ingen av $total pakker kunne revideres – sårbarhetsdataene (PyPI JSON API) kan ikke nås herfra."
  rm -f "$out"; exit 2
fi
echo "pip-audit: $((total - unaudited)) av $total pakker revidert ($unaudited uten data)."
rm -f "$out"
exit $status
