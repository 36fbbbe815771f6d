#!/usr/bin/env bash
# Installs what is missing, then runs every test: the native core tests, the
# browser tests in headless Chromium (with a software WebGPU adapter) and in
# headless Firefox ESR (no WebGPU: the CPU fallback), and a smoke check that
# the release page built by trunk renders in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh

echo "== native tests (cargo test)"
cargo test --offline

echo "== browser tests"
export WASM_BINDGEN_TEST_TIMEOUT=900
# responsiveness is a page of its own, so its long-task measurement starts cold.
# With the WebGPU engine (the `webgpu` feature), as the page loads it where
# the browser has an adapter; the build without it is the one Firefox gets
# in the page check.
wasm_tests=(cargo test --offline --release --target wasm32-unknown-unknown --features webgpu --test responsiveness --test web --test experiments_page --test sharing_page --test device_loss --test cost_page --test stack_placement)
"${wasm_tests[@]}" --no-run
echo "-- Chromium"
env -u GECKODRIVER CHROMEDRIVER=/usr/bin/chromedriver "${wasm_tests[@]}"
echo "-- Firefox ESR"
env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" "${wasm_tests[@]}"

echo "== the release page mounts (trunk build + headless Chromium)"
./scripts/page_check.sh
