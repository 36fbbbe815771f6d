#!/usr/bin/env bash
# Trunk post-build hook: builds the page a second time without burn's WebGPU
# engine (no `webgpu` feature) and puts it in the staging folder next to the
# build trunk made, as kd-playground-cpu-HASH.js and _bg.wasm (plus its
# snippets). loader.js (scripts/build/csp_loader.py, run after this in the
# same hook, Trunk.toml) loads this one where the browser offers no WebGPU
# adapter: the engine is about two thirds of the module, and such a browser
# could never run it.
#
# The steps are trunk's own: cargo, wasm-bindgen --target web, wasm-opt -O2
# --enable-simd (the same tools, found on PATH by scripts/env.sh). The build
# has a target folder of its own: with different features the crate's wasm
# would overwrite the one trunk reads from the shared folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
staging="${TRUNK_STAGING_DIR:-dist}"
target="${CARGO_TARGET_DIR:-$HOME/.cache/kd-playground/target}-cpu"
profile=release
flags=(--release)
if [ "${TRUNK_PROFILE:-release}" = "debug" ]; then
  profile=debug
  flags=()
fi
cargo build --offline "${flags[@]}" --target wasm32-unknown-unknown --bin kd-playground --target-dir "$target" --quiet
out="$target/cpu-module"
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target=web --out-dir="$out" --out-name=kd-playground-cpu --no-typescript "$target/wasm32-unknown-unknown/$profile/kd-playground.wasm"
if [ "$profile" = "release" ]; then
  wasm-opt -O2 --enable-simd "$out/kd-playground-cpu_bg.wasm" -o "$out/opt.wasm"
  mv "$out/opt.wasm" "$out/kd-playground-cpu_bg.wasm"
fi
hash=$(cat "$out/kd-playground-cpu_bg.wasm" "$out/kd-playground-cpu.js" | sha256sum | cut -c1-16)
cp "$out/kd-playground-cpu_bg.wasm" "$staging/kd-playground-cpu-${hash}_bg.wasm"
cp "$out/kd-playground-cpu.js" "$staging/kd-playground-cpu-${hash}.js"
if [ -d "$out/snippets" ]; then
  mkdir -p "$staging/snippets"
  cp -r "$out/snippets/." "$staging/snippets/"
fi
echo "cpu_module: kd-playground-cpu-${hash} ($(du -h "$staging/kd-playground-cpu-${hash}_bg.wasm" | cut -f1), without the WebGPU engine)"
