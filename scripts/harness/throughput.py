"""Training throughput of the fixed cases (src/core/throughput.rs), burn
against TensorFlow.js: burn natively (kd-bench native), burn in the page's
wasm on the CPU and on WebGPU (wasmBindings.kd_bench), and TensorFlow.js 4.22
on cpu, wasm, webgl and webgpu (bench/tfjs) on the very same rows, network,
batch, Adam and step counts (the network, batch and step size come from the
case's data file, which `kd-bench data` writes). One module so that both
sides of the comparison read their step counts from the same table.

The CPU runs happen on the shipped page (`?bench`: its page thread runs the
build without the WebGPU engine), the WebGPU runs on bench/engine, which
(served as engine.html) loads the build with the engine on its own thread and counts the GPU work.
"""
import json, subprocess, sys

from browser import await_js, wait_for


# Steps timed per case: CPU-like backends, and GPU backends on the software
# adapter (which run ~100x slower); burn and TF.js get the same counts.
CPU_STEPS = {"small": 2000, "teacher": 2000, "digits": 200, "cnn-teacher": 20, "cnn-student": 100}
GPU_STEPS = {"small": 20, "teacher": 20, "digits": 10, "cnn-teacher": 3, "cnn-student": 5}
WARMUP = {"cnn-teacher": 2, "cnn-student": 2}
NATIVE_STEPS = {"small": 3000, "teacher": 1500, "digits": 300, "cnn-teacher": 60, "cnn-student": 300}
CASES = ["small", "teacher", "digits"]
CNN_CASES = ["cnn-teacher", "cnn-student"]


def native(binary, cases=CASES):
    out = {}
    for case in cases:
        r = json.loads(subprocess.check_output([binary, "native", case, str(NATIVE_STEPS[case])]))["result"]
        out[f"{case}/native-cpu"] = r
        print(f"  native     {case:8} {r}", file=sys.stderr)
    return out


def open_bench(b, page):
    b.open(page)
    wait_for(b, "window.wasmBindings && window.wasmBindings.kd_bench || window.kdEngineError")
    error = b.js("return window.kdEngineError || null;")
    if error:
        raise RuntimeError(f"{page}: {error}")


def burn_in_page(b, url, cases, engine_query=""):
    """burn's CPU backend on the shipped page, then WebGPU on bench/engine
    (`engine_query` picks another build of it: scripts/harness/gpu_levers.sh)."""
    out = {}
    for backend, page in (("cpu", url + "?bench"), ("webgpu", url + "engine.html?bench" + engine_query)):
        open_bench(b, page)
        for case in cases:
            steps = CPU_STEPS[case] if backend == "cpu" else GPU_STEPS[case]
            before = b.js("return window.kdGpuCounts ? {...window.kdGpuCounts} : null;")
            r = await_js(b, f"window.wasmBindings.kd_bench('{case}', '{backend}', {WARMUP.get(case, 5)}, {steps})")
            after = b.js("return window.kdGpuCounts ? {...window.kdGpuCounts} : null;")
            if before and after:
                # Over the whole call: set-up, the first step, the warm-up and the timed steps.
                r["gpu_counts"] = {k: after[k] - before[k] for k in after}
                r["gpu_counts"]["steps"] = 2 + WARMUP.get(case, 5) + steps
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
            data = f"../bench-data/{case}"
            cfg = {"backend": backend, "data_url": data + ".json", "x_url": data + ".f32", "warmup": WARMUP.get(case, 5), "steps": steps, "seed": 1}
            r = await_js(b, f"window.tfjsBench({json.dumps(cfg)})")
            out[f"{case}/tfjs-{backend}"] = r
            print(f"  tfjs {backend:6} {case:8} {r}", file=sys.stderr)
    return out


def cnn_peers(b, url, binary, repeats):
    """The CNN cases, burn and TF.js interleaved `repeats` times (a round:
    each case natively, burn CPU and WebGPU in the page, TF.js's four
    backends), so a change in the machine's load hits every side alike.
    Returns {"rounds": [{key: result}, ...]}."""
    rounds = []
    for i in range(repeats):
        print(f"CNN cases, round {i + 1} of {repeats}…", file=sys.stderr)
        r = native(binary, CNN_CASES)
        r.update(burn_in_page(b, url, CNN_CASES))
        r.update(tfjs_in_page(b, url, CNN_CASES))
        rounds.append(r)
    return {"rounds": rounds}
