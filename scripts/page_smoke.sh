#!/usr/bin/env bash
# Builds the release page with trunk, serves dist/ on 127.0.0.1 and checks in
# headless Chromium that the app mounted (a blank page fails). With
# SCREENSHOT=path it also saves a screenshot after a few seconds of training.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release --offline
port=8093
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d)")
dom=$("${chrome[@]}" --virtual-time-budget=15000 --dump-dom "http://127.0.0.1:$port/" 2>/dev/null)
for id in temperature-slider soft-target-bars entropy-marker train-teacher teacher-accuracy train-students backend; do
  grep -q "data-testid=\"$id\"" <<<"$dom" || { echo "page smoke: no $id in the rendered page"; exit 1; }
done
echo "page smoke: the release page mounted ($(du -h dist/*.wasm | cut -f1) of wasm)"
if [ -n "${SCREENSHOT:-}" ]; then
  "${chrome[@]}" --window-size=1400,1900 --virtual-time-budget=20000 --screenshot="$SCREENSHOT" "http://127.0.0.1:$port/?demo" 2>/dev/null
fi
