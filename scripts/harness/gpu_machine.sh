#!/usr/bin/env bash
# Issue 20's real-GPU figures, for a machine with a GPU (the lent device, or
# any with Vulkan, Metal or DX12): builds kd-bench natively with burn's wgpu
# backend, without and with burn's kernel fusion, and times each case on the
# host's CPU backend and on the GPU, one JSON object per line in OUT:
#
# - the small CNN teacher (784-16c3-32c3-128-10) and Hinton et al.'s MLP
#   teacher (784-1200-1200-10) on MNIST, at batch 64, 256 and 1024
#   (`kd-bench gpu`);
# - the stacked-MLP crossover grid over width, batch and K (`kd-bench
#   crossover`).
#
#   scripts/harness/gpu_machine.sh [OUT]     (default gpu-machine.jsonl)
#
# The builds take their own target folders (target-gpu-plain,
# target-gpu-fusion) so neither rebuilds the other. Nothing here estimates:
# without a GPU, kd-bench says so and times the CPU alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-gpu-machine.jsonl}
: > "$out"
for variant in plain fusion; do
  features=native-wgpu
  [ "$variant" = fusion ] && features=native-wgpu,webgpu-fusion
  echo "== $variant: cargo build --release --features $features" >&2
  cargo build --release --features "$features" --bin kd-bench --target-dir "target-gpu-$variant" >&2
  bin="target-gpu-$variant/release/kd-bench"
  for case in cnn-teacher mnist-mlp-teacher; do
    for batch in 64 256 1024; do
      echo "== $variant: $case at batch $batch" >&2
      "$bin" gpu "$case" 100 "$batch" | sed "s/^/{\"variant\":\"$variant\",\"run\":/; s/\$/}/" >> "$out"
    done
  done
  echo "== $variant: crossover grid" >&2
  "$bin" crossover 500 | sed "s/^/{\"variant\":\"$variant\",\"run\":/; s/\$/}/" >> "$out"
done
echo "gpu_machine: $(wc -l < "$out") figures in $out" >&2
