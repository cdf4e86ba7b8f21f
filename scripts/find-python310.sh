#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter: PATH first, then pyenv. Exit 1 with a clear
# message when there is none (Rasa 3.6 does not install on 3.11).
set -u
is310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

for candidate in python3.10 python3 python; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if is310 "$path"; then echo "$path"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -V -r); do
    path="$(pyenv prefix "$version" 2>/dev/null)/bin/python"
    if is310 "$path"; then echo "$path"; exit 0; fi
  done
fi
for path in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python 2>/dev/null | sort -V -r); do
  if is310 "$path"; then echo "$path"; exit 0; fi
done
echo "Fant ikke Python 3.10 (Rasa 3.6 krever 3.10). Installer den, f.eks. med 'pyenv install 3.10.13', eller legg python3.10 på PATH." >&2
exit 1
