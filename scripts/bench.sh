#!/usr/bin/env bash
# The performance harness (not part of the test run: it takes several
# minutes). Installs what is missing (as the test command does, plus
# TensorFlow.js from npm into bench/tfjs/node_modules), builds the release
# page and the native kd-bench, then measures burn natively, burn in the
# page (CPU and WebGPU) and TF.js in the same headless Chromium, slider
# latency, long tasks and page load. Prints a Markdown table; the raw
# figures go to bench-results.json (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
out=${1:-bench-results.json}

echo "== TensorFlow.js (npm, pinned in bench/tfjs/package-lock.json)" >&2
(cd bench/tfjs && npm ci --silent --no-audit --no-fund >/dev/null)

echo "== building the release page and kd-bench" >&2
trunk build --release --offline >&2
cargo build --offline --release --bin kd-bench >&2

serve=$(mktemp -d)
trap 'rm -rf "$serve"; kill ${server:-} 2>/dev/null || true' EXIT
for f in dist/*; do ln -s "$PWD/$f" "$serve/"; done
ln -s "$PWD/bench/tfjs" "$serve/tfjs"
ln -s "$PWD/bench/worker" "$serve/worker"
ln -s "$PWD/bench/floor" "$serve/floor"
ln -s "$PWD/bench/engine/index.html" "$serve/engine.html"
ln -s "$PWD/bench/engine/engine.js" "$serve/engine.js"
"$CARGO_TARGET_DIR/release/kd-bench" data "$serve/bench-data"

port=8095
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$serve" >/dev/null 2>&1 &
server=$!
sleep 1
python3 scripts/harness/bench.py "$serve" "$port" "$CARGO_TARGET_DIR/release/kd-bench" "$out"
