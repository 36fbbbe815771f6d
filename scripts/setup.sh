#!/usr/bin/env bash
# Installs, only where missing, every tool the page and its tests need on a
# fresh Debian machine with Rust stable: the wasm32 target, trunk, the
# wasm-bindgen CLI matching Cargo.lock, binaryen 132 (npm, project-local),
# Chromium + ChromeDriver, Firefox ESR + geckodriver, Lighthouse 12.2.3 and
# axe-core 4.11.4 (npm, project-local, for the audits). Safe to rerun.
# KD_SETUP_BUILD_ONLY=1: only what the build needs, no browsers or drivers
# (the GitHub Pages job, .github/workflows/pages.yml, builds and tests nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

log() { printf '\n== setup: %s\n' "$*" >&2; }

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
LIGHTHOUSE_VERSION=12.2.3
AXE_CORE_VERSION=4.11.4
ONNX_VERSION=1.17.0
ONNXRUNTIME_VERSION=1.20.1
NUMPY_VERSION=2.1.3
# The CLI must be the exact version of the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')

source scripts/env.sh

for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    log "adding the $component component"
    rustup component add "$component"
  fi
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

need_apt=()
[ "${KD_SETUP_BUILD_ONLY:-}" = 1 ] || {
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v firefox-esr >/dev/null || need_apt+=(firefox-esr)
}
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  log "building trunk $TRUNK_VERSION (a few minutes)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  log "building wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes)"
  # Without --locked: its lockfile pins crates this toolchain cannot build.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "${KD_SETUP_BUILD_ONLY:-}" != 1 ] && ! command -v geckodriver >/dev/null; then
  log "building geckodriver"
  cargo install --locked geckodriver
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  log "installing binaryen $BINARYEN_VERSION from npm into .tools/ (never Debian's 108)"
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# The audits: Lighthouse (scripts/check/audit.py) and axe-core (the page
# check's scripts/check/axe_check.py), exact versions, project-local too.
if [ "${KD_SETUP_BUILD_ONLY:-}" != 1 ]; then
  audit_tools=()
  for tool in "lighthouse@$LIGHTHOUSE_VERSION" "axe-core@$AXE_CORE_VERSION"; do
    [ "$(node -p "require('./.tools/node_modules/${tool%@*}/package.json').version" 2>/dev/null)" = "${tool##*@}" ] || audit_tools+=("$tool")
  done
  if [ ${#audit_tools[@]} -gt 0 ]; then
    log "installing ${audit_tools[*]} from npm into .tools/"
    mkdir -p .tools
    npm install --silent --no-audit --no-fund --save-exact --prefix .tools "${audit_tools[@]}" >/dev/null
  fi
fi

# The real ONNX clients that check the exported files (tests/onnx_export.rs
# runs scripts/check/onnx_check.py with this Python): pinned, in a
# virtual environment inside the project.
if [ "${KD_SETUP_BUILD_ONLY:-}" != 1 ]; then
  onnx_venv=.tools/onnx-venv
  if ! "$onnx_venv/bin/python" -c "import onnx, onnxruntime; assert onnx.__version__ == '$ONNX_VERSION' and onnxruntime.__version__ == '$ONNXRUNTIME_VERSION'" 2>/dev/null; then
    log "installing onnx $ONNX_VERSION and onnxruntime $ONNXRUNTIME_VERSION into $onnx_venv"
    mkdir -p .tools
    python3 -m venv "$onnx_venv"
    "$onnx_venv/bin/pip" install --quiet --disable-pip-version-check "onnx==$ONNX_VERSION" "onnxruntime==$ONNXRUNTIME_VERSION" "numpy==$NUMPY_VERSION"
  fi
fi

log "fetching crates so trunk and cargo can run offline"
cargo fetch --target wasm32-unknown-unknown >/dev/null
cargo fetch >/dev/null
log "tools ready"
