#!/usr/bin/env bash
# Builds the release page with trunk, serves dist/ on 127.0.0.1 under a strict
# Content-Security-Policy header and checks in headless Chromium that the app
# mounts with no error (a blank page fails), fetches only from its own origin,
# and can be worked with the keyboard alone; then the same in Firefox ESR.
# A second server whose worker script fails (404, five seconds late) checks
# in both browsers that the session then runs on the page's thread and keeps
# what was clicked while the worker booted. Then the phone check (touch, at
# phone and tablet sizes), Lighthouse's audit, and the offline check (below).
# SCREENSHOT=path instead saves a screenshot after ten seconds of ?demo
# training, and the phone's and the tablet's beside it. table_check.py: a
# user's CSV file through the page to an ONNX file run in onnxruntime.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
trunk build --release --offline
for wasm in dist/kd-playground-*_bg.wasm; do
  echo "wasm: $(basename "$wasm"): $(du -h "$wasm" | cut -f1) raw, $(gzip -9 -c "$wasm" | wc -c | awk '{printf "%.2f MB", $1/1e6}') gzipped"
done
# What the page's thread loads before the first interaction: the UI-only
# module (no burn), within issue 20's 1 MB gzipped (docs/PERFORMANCE.md).
ui_gz=$(gzip -9 -c dist/kd-playground-ui-*_bg.wasm | wc -c)
if [ "$ui_gz" -gt 1000000 ]; then
  echo "page check: the page's UI-only module is $ui_gz bytes gzipped, over its 1 MB budget" >&2
  exit 1
fi
port=8093
python3 scripts/check/csp_server.py "$port" dist &
server=$!
python3 scripts/check/csp_server.py "$((port + 1))" dist --worker-fails-after 5 &
failing=$!
trap 'kill $server $failing 2>/dev/null || true' EXIT
sleep 1
if [ -n "${SCREENSHOT:-}" ]; then
  python3 scripts/check/page_check.py "http://127.0.0.1:$port/?demo" "$SCREENSHOT" 12
  # The phone's and the tablet's beside it: screenshot-phone.png (390 × 844), screenshot-tablet.png (820 × 1180).
  python3 scripts/check/phone_check.py "http://127.0.0.1:$port/" "$(dirname "$SCREENSHOT")"
else
  python3 scripts/check/page_check.py "http://127.0.0.1:$port/"
  BROWSER=firefox python3 scripts/check/page_check.py "http://127.0.0.1:$port/"
  WORKER=fails python3 scripts/check/page_check.py "http://127.0.0.1:$((port + 1))/"
  WORKER=fails BROWSER=firefox python3 scripts/check/page_check.py "http://127.0.0.1:$((port + 1))/"
  # MNIST fetched only when chosen, CNNs trained, drawn and compared, the link and a weights file round trip, a missing MNIST file.
  python3 scripts/check/mnist_check.py "http://127.0.0.1:$port/"
  BROWSER=firefox python3 scripts/check/mnist_check.py "http://127.0.0.1:$port/"
  # A CSV file of the user's: picked, a bad one refused, trained, the student out as ONNX and run in onnxruntime, the link asking for the file again.
  python3 scripts/check/table_check.py "http://127.0.0.1:$port/"
  BROWSER=firefox python3 scripts/check/table_check.py "http://127.0.0.1:$port/"
  # Touch screens: no sideways scrolling at 360, 390 and 820 px, 44 px tap
  # targets, a digit drawn with a finger, the slider and a tooltip by tap.
  python3 scripts/check/phone_check.py "http://127.0.0.1:$port/"
fi
# Lighthouse (desktop) on the same build, served precompressed: accessibility and
# best practices 100, SEO at least 90; performance reported (scripts/check/audit.py).
[ -n "${SCREENSHOT:-}" ] || python3 scripts/check/audit.py dist 8095
# The page under a sub-path (/kd-playground/, nothing at the root, as on GitHub
# Pages), then offline from its service worker, then a next deploy taking over
# (scripts/check/offline_check.py, with a server of its own), in both browsers.
[ -n "${SCREENSHOT:-}" ] || python3 scripts/check/offline_check.py dist 8096
[ -n "${SCREENSHOT:-}" ] || BROWSER=firefox python3 scripts/check/offline_check.py dist 8097
