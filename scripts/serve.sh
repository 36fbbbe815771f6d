#!/usr/bin/env bash
# Installs what is missing, builds the release page and serves it at
# http://127.0.0.1:8080 (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
exec trunk serve --release --offline --address 127.0.0.1 --port 8080
