#!/usr/bin/env bash
# Installs what is missing, builds the release page and serves it at
# http://127.0.0.1:8080 (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
# No auto-reload: its inline script would break the page's Content-Security-Policy.
exec trunk serve --release --offline --no-autoreload --address 127.0.0.1 --port 8080
