#!/bin/sh
# Runs train.py with the first Python that has torch and numpy: `python3` on PATH (a virtualenv,
# conda or pip install with CUDA), else Debian's /usr/bin/python3 (apt-get install python3-torch).
# find_spec only looks the modules up, so the check costs no torch import.
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import importlib.util as u, sys; sys.exit(0 if u.find_spec("torch") and u.find_spec("numpy") else 1)' 2>/dev/null; then
    exec "$py" "$(dirname "$0")/train.py" "$@"
  fi
done
echo "torch-mlp: no Python with torch and numpy found (tried python3 on PATH and /usr/bin/python3); install Debian's python3-torch (apt-get install python3-torch) or pip install torch numpy" >&2
exit 127
