#!/usr/bin/env bash
# Installs what is missing, then runs every test: formatting and lints
# (cargo fmt, cargo clippy natively and for wasm, warnings as errors), the
# native core tests (the module-cycle check among them), the
# browser tests in headless Chromium (with a software WebGPU adapter) and in
# headless Firefox ESR (no WebGPU: the CPU fallback; the tests that need
# WebGPU are listed as skipped there, by name), and a smoke check that the
# release page built by trunk renders in Chromium and Firefox (in Chromium
# also axe-core's rules once it has trained, scripts/check/axe_check.py),
# on a phone and a tablet with touch (scripts/check/phone_check.py), then
# Lighthouse's audit of that page served precompressed
# (scripts/check/audit.py: accessibility and best practices 100, SEO 90+),
# and the same build under a sub-path, offline and updated
# (scripts/check/offline_check.py).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh

echo "== formatting and lints (cargo fmt --check, cargo clippy -D warnings, native and wasm)"
cargo fmt --check
cargo clippy --offline --all-targets -- -D warnings
cargo clippy --offline --target wasm32-unknown-unknown --features webgpu --lib --tests -- -D warnings
# The page's UI-only module: the crate without burn (the loader's page build).
cargo clippy --offline --target wasm32-unknown-unknown --no-default-features --lib --bin kd-playground -- -D warnings

echo "== native tests (cargo test)"
cargo test --offline

echo "== browser tests"
export WASM_BINDGEN_TEST_TIMEOUT=900
# responsiveness is a page of its own, so its training code starts cold.
# With the WebGPU engine (the `webgpu` feature), as the page loads it where
# the browser has an adapter; the build without it is the one Firefox gets
# in the page check.
wasm_tests=(cargo test --offline --release --target wasm32-unknown-unknown --features webgpu --test responsiveness --test web --test experiments_page --test sharing_page --test device_loss --test cost_page --test stack_placement --test table_page)
"${wasm_tests[@]}" --no-run
# A test that needs WebGPU is #[ignore = "needs WebGPU"] (tests/common/mod.rs):
# Chromium, with its software adapter, is asked to run those too; Firefox
# ESR, with no WebGPU, reports each as ignored, by name. The runs are kept
# to list at the end what each browser left out, and why.
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
echo "-- Chromium (software WebGPU adapter: the tests that need WebGPU run too)"
env -u GECKODRIVER CHROMEDRIVER=/usr/bin/chromedriver "${wasm_tests[@]}" -- --include-ignored 2>&1 | tee "$runs/Chromium"
echo "-- Firefox ESR (no WebGPU: the tests that need it are ignored)"
env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" "${wasm_tests[@]}" 2>&1 | tee "$runs/Firefox ESR"
echo "-- browser tests skipped"
for browser in Chromium "Firefox ESR"; do
  awk -v browser="$browser" -f scripts/check/skipped_tests.awk "$runs/$browser"
done

echo "== the release page mounts (trunk build + headless Chromium)"
./scripts/check/page_check.sh
