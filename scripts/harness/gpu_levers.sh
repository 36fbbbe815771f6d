#!/usr/bin/env bash
# Builds the page's module with burn's WebGPU engine once per lever of
# issue 20 (kernel fusion, autotune), the way trunk builds the shipped one
# (cargo --release, wasm-bindgen --target web, wasm-opt -O2 --enable-simd),
# into DIR/<lever>/kd-playground.js and _bg.wasm, for
# scripts/harness/gpu_levers.py to time next to the shipped build.
#
#   scripts/harness/gpu_levers.sh DIR [LEVER...]   LEVER: fusion, autotune, fusion+autotune
#
# The levers are cargo features (Cargo.toml: webgpu-fusion, webgpu-autotune).
# It builds in the shared target folder, so the crates a lever does not
# change are reused; run `trunk build` again afterwards, not before, if the
# page must be rebuilt (cargo re-copies the crate's wasm either way).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
dir=$1
shift
levers=("${@:-fusion autotune}")
for lever in ${levers[*]}; do
  features=webgpu
  case $lever in
    fusion) features=webgpu-fusion ;;
    autotune) features=webgpu-autotune ;;
    fusion+autotune) features=webgpu-fusion,webgpu-autotune ;;
    *) echo "gpu_levers: no lever $lever (fusion, autotune, fusion+autotune)" >&2; exit 2 ;;
  esac
  echo "== $lever: cargo --features $features" >&2
  start=$(date +%s)
  cargo build --offline --release --target wasm32-unknown-unknown --bin kd-playground --features "$features" --quiet
  out="$dir/$lever"
  rm -rf "$out"
  mkdir -p "$out"
  wasm-bindgen --target=web --out-dir="$out" --out-name=kd-playground --no-typescript "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/kd-playground.wasm"
  wasm-opt -O2 --enable-simd "$out/kd-playground_bg.wasm" -o "$out/opt.wasm"
  mv "$out/opt.wasm" "$out/kd-playground_bg.wasm"
  echo "== $lever: $(du -h "$out/kd-playground_bg.wasm" | cut -f1) in $(( $(date +%s) - start )) s" >&2
done
