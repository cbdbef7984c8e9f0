#!/usr/bin/env bash
# Installs what is missing, builds the release dist/, and serves it on localhost with a plain
# static server (no rewrite rules: exactly what a static host gives you).
#   scripts/serve.sh            # http://127.0.0.1:8080/
#   PORT=9000 scripts/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
trunk build --release
PORT="${PORT:-8080}"
echo
echo "Docket is at http://127.0.0.1:$PORT/  (Ctrl+C stops the server)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist
