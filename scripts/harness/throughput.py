"""Training throughput of three fixed cases (src/core/throughput.rs), burn
against TensorFlow.js: burn natively (kd-bench native), burn in the page's
wasm on the CPU and on WebGPU (wasmBindings.kd_bench), and TensorFlow.js 4.22
on cpu, wasm, webgl and webgpu (bench/tfjs) on the very same rows, batch,
Adam and step counts. One module so that both sides of the comparison read
their step counts and layer widths from the same table.
"""
import json, subprocess, sys

from browser import wait_for


# Steps timed per case: CPU-like backends, and GPU backends on the software
# adapter (which run ~100x slower); burn and TF.js get the same counts.
CPU_STEPS = {"small": 2000, "teacher": 2000, "digits": 200}
GPU_STEPS = {"small": 20, "teacher": 20, "digits": 10}
NATIVE_STEPS = {"small": 3000, "teacher": 1500, "digits": 300}
HIDDEN = {"small": [16, 16], "teacher": [64, 64], "digits": [256, 256]}
CASES = ["small", "teacher", "digits"]


def native(binary):
    out = {}
    for case in CASES:
        r = json.loads(subprocess.check_output([binary, "native", case, str(NATIVE_STEPS[case])]))["result"]
        out[f"{case}/native-cpu"] = r
        print(f"  native     {case:8} {r}", file=sys.stderr)
    return out


def burn_in_page(b, url, cases):
    b.open(url + "?bench")
    wait_for(b, "window.wasmBindings && window.wasmBindings.kd_bench")
    out = {}
    for case in cases:
        for backend, steps in (("cpu", CPU_STEPS[case]), ("webgpu", GPU_STEPS[case])):
            r = b.js_async(f"return JSON.parse(await window.wasmBindings.kd_bench('{case}', '{backend}', 5, {steps}));")
            out[f"{case}/burn-{backend}"] = r
            print(f"  burn {backend:6} {case:8} {r}", file=sys.stderr)
    return out


def tfjs_in_page(b, url, cases):
    b.open(url + "tfjs/index.html")
    wait_for(b, "window.tfjsReady && window.tfjsBench")
    out = {}
    for case in cases:
        for backend in ("cpu", "wasm", "webgl", "webgpu"):
            steps = GPU_STEPS[case] if backend in ("webgl", "webgpu") else CPU_STEPS[case]
            cfg = {"backend": backend, "data_url": f"../bench-data/{case}.json", "hidden": HIDDEN[case], "batch": 64, "lr": 0.01, "warmup": 5, "steps": steps, "seed": 1}
            r = b.js_async(f"return await window.tfjsBench({json.dumps(cfg)});")
            out[f"{case}/tfjs-{backend}"] = r
            print(f"  tfjs {backend:6} {case:8} {r}", file=sys.stderr)
    return out
