"""Stacked training (src/core/stacked.rs): a 6 T x 3 seed temperature sweep
timed stacked and point by point, natively (kd-bench sweep) and in the page's
wasm, and a width x batch x K grid of stacked steps natively (kd-bench
crossover, with a GPU where the machine has one) and on the page's CPU
backend and WebGPU (BENCH_ONLY=stacking runs this alone). Its own module: it
measures a different question (what stacking buys) from throughput.py's.
"""
import json, subprocess, sys

from browser import wait_for


# Stacked training: student steps per sweep point, and the in-page grid
# (width, batch, K): small enough for the software adapter's minutes.
SWEEP_STEPS = 300
BROWSER_GRID = [(16, 64, 1), (16, 64, 32), (256, 64, 1), (256, 64, 32)]


def stacking_in_page(b, url):
    b.open(url + "?bench")
    wait_for(b, "window.wasmBindings && window.wasmBindings.kd_sweep")
    out = {"sweeps": [], "grid": []}
    # A first, untimed sweep: the page's first training pays for warming up.
    b.js_async("return await window.wasmBindings.kd_sweep('cpu', false, true, 1, 20);")
    for digits in ("false", "true"):
        for stacked in ("true", "false"):
            r = b.js_async(f"return JSON.parse(await window.wasmBindings.kd_sweep('cpu', {digits}, {stacked}, 3, {SWEEP_STEPS}));")
            out["sweeps"].append({"backend": "wasm-cpu", "result": r})
            print(f"  sweep wasm-cpu {r}", file=sys.stderr)
    for backend in ("cpu", "webgpu"):
        for width, batch, k in BROWSER_GRID:
            r = b.js_async(f"return JSON.parse(await window.wasmBindings.kd_crossover({width}, {batch}, {k}, '{backend}', 500));")
            out["grid"].append({"backend": f"wasm-{backend}", "result": r})
            print(f"  stack {backend:6} {r}", file=sys.stderr)
    return out


def stacking_native(binary):
    lines = subprocess.check_output([binary, "sweep", str(SWEEP_STEPS)]).decode().splitlines()
    lines += subprocess.check_output([binary, "crossover", "500"]).decode().splitlines()
    rows = [json.loads(line) for line in lines]
    for r in rows:
        print(f"  native {r}", file=sys.stderr)
    return {"sweeps": [r for r in rows if "stacked" in r["result"]], "grid": [r for r in rows if "shape" in r["result"]]}
