#!/usr/bin/env bash
# Trunk post-build hook: builds the page twice more and puts both in the
# staging folder next to the build trunk made (which has burn's WebGPU
# engine, for the training worker where the browser has an adapter):
#
# - kd-playground-cpu-HASH: the crate without the WebGPU engine (no `webgpu`
#   feature), burn's CPU engine only. The worker runs it where the browser
#   offers no WebGPU adapter; the page loads it beside the UI where no
#   worker starts, and runs it alone for `?bench` (the harness times burn
#   there) and `?page-thread` (the session on the page's thread).
# - kd-playground-ui-HASH: the crate without burn at all (no `engine`
#   feature): the UI, which the page's own thread runs everywhere else. It
#   draws, computes soft targets from logits and sends commands; training
#   lives in the worker. (Sizes: docs/PERFORMANCE.md, "Sizes, measured".)
#
# loader.js (scripts/build/csp_loader.py, run after this in the same hook,
# Trunk.toml) chooses among the three. The steps are trunk's own: cargo,
# wasm-bindgen --target web, wasm-opt -O2 --enable-simd (the same tools,
# found on PATH by scripts/env.sh). Each build has a target folder of its
# own: with different features the crate's wasm would overwrite the one
# trunk reads from the shared folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
staging="${TRUNK_STAGING_DIR:-dist}"
profile=release
flags=(--release)
if [ "${TRUNK_PROFILE:-release}" = "debug" ]; then
  profile=debug
  flags=()
fi

# build NAME WHAT [CARGO_ARGS...]
build() {
  local name=$1 what=$2
  shift 2
  local target="${CARGO_TARGET_DIR:-$HOME/.cache/kd-playground/target}-$name"
  cargo build --offline "${flags[@]}" "$@" --target wasm32-unknown-unknown --bin kd-playground --target-dir "$target" --quiet
  local out="$target/$name-module" stem="kd-playground-$name"
  rm -rf "$out"
  mkdir -p "$out"
  wasm-bindgen --target=web --out-dir="$out" --out-name="$stem" --no-typescript "$target/wasm32-unknown-unknown/$profile/kd-playground.wasm"
  if [ "$profile" = "release" ]; then
    wasm-opt -O2 --enable-simd "$out/${stem}_bg.wasm" -o "$out/opt.wasm"
    mv "$out/opt.wasm" "$out/${stem}_bg.wasm"
  fi
  local hash
  hash=$(cat "$out/${stem}_bg.wasm" "$out/$stem.js" | sha256sum | cut -c1-16)
  cp "$out/${stem}_bg.wasm" "$staging/$stem-${hash}_bg.wasm"
  cp "$out/$stem.js" "$staging/$stem-${hash}.js"
  if [ -d "$out/snippets" ]; then
    mkdir -p "$staging/snippets"
    cp -r "$out/snippets/." "$staging/snippets/"
  fi
  echo "extra_modules: $stem-${hash} ($(du -h "$staging/$stem-${hash}_bg.wasm" | cut -f1), $what)"
}

build cpu "without the WebGPU engine"
build ui "the UI alone, without burn" --no-default-features
