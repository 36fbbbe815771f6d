#!/usr/bin/env python3
"""Issue 20's levers of burn's WebGPU engine, timed side by side on the
browser's adapter: the shipped build against builds with kernel fusion and
with autotune (scripts/harness/gpu_levers.sh makes them). For each build,
in a fresh headless Chromium each time (so no build finds another's shaders
cached), bench/engine loads it and times, on WebGPU:

- the default MLP teacher (2-64-64-3, the `teacher` bench case),
- the small CNN teacher on MNIST (`cnn-teacher`),
- a stacked step of 8 networks 64-64-64-10 (kd_crossover, the sweeps' shape),

with the first step (shader compilation, and autotune's benchmarks where it
is on), steps/s, and the GPU work counted by bench/engine/engine.js:
compute pipelines created and dispatches per step (the whole call's
dispatches over its steps, set-up included). Rounds alternate the builds.

usage: gpu_levers.py DIST LEVERS_DIR [ROUNDS] [OUT.json]
       (LEVERS_DIR holds <lever>/kd-playground.js and _bg.wasm)
"""
import json, os, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Browser, await_js  # noqa: E402
from throughput import open_bench  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PORT = 8191
CASES = [("teacher", 3, 20), ("cnn-teacher", 1, 3)]


def measure(url, query):
    b = Browser()
    try:
        open_bench(b, url + "engine.html?bench" + query)
        counts = lambda: b.js("return {...window.kdGpuCounts};")
        out = {}
        for case, warmup, steps in CASES:
            before = counts()
            t0 = time.time()
            r = await_js(b, f"window.wasmBindings.kd_bench('{case}', 'webgpu', {warmup}, {steps})")
            r["call_secs"] = time.time() - t0
            after = counts()
            r["pipelines"] = after["pipelines"] - before["pipelines"]
            r["dispatches_per_step"] = (after["dispatches"] - before["dispatches"]) / (2 + warmup + steps)
            out[case] = r
        before = counts()
        t0 = time.time()
        r = await_js(b, "window.wasmBindings.kd_crossover(64, 64, 8, 'webgpu', 3000)")
        r["call_secs"] = time.time() - t0
        after = counts()
        r["pipelines"] = after["pipelines"] - before["pipelines"]
        r["dispatches"] = after["dispatches"] - before["dispatches"]
        out["stack-8x64"] = r
        return out
    finally:
        b.close()


def main():
    dist, levers = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    out_path = sys.argv[4] if len(sys.argv) > 4 else "gpu-levers.json"
    names = sorted(d for d in os.listdir(levers) if os.path.exists(os.path.join(levers, d, "kd-playground_bg.wasm")))
    serve = tempfile.mkdtemp()
    for f in os.listdir(dist):
        os.symlink(os.path.join(dist, f), os.path.join(serve, f))
    os.symlink(os.path.join(ROOT, "bench", "engine", "index.html"), os.path.join(serve, "engine.html"))
    os.symlink(os.path.join(ROOT, "bench", "engine", "engine.js"), os.path.join(serve, "engine.js"))
    os.symlink(levers, os.path.join(serve, "levers"))
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(PORT), "--bind", "127.0.0.1", "--directory", serve],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    res = {"rounds": []}
    try:
        time.sleep(1)
        url = f"http://127.0.0.1:{PORT}/"
        for i in range(rounds):
            one = {}
            for name in ["shipped"] + names:
                query = "" if name == "shipped" else f"&glue=./levers/{name}/kd-playground.js&wasm=./levers/{name}/kd-playground_bg.wasm"
                print(f"round {i + 1}: {name}…", file=sys.stderr)
                one[name] = measure(url, query)
                print(f"  {json.dumps(one[name])}", file=sys.stderr)
            res["rounds"].append(one)
    finally:
        server.kill()
    with open(out_path, "w") as f:
        json.dump(res, f, indent=2)
    print(report(res))


def report(res):
    lines = ["| build | case | first step (s) | steps/s | pipelines | dispatches per step |", "|---|---|---|---|---|---|"]
    builds = list(res["rounds"][0])
    for name in builds:
        for case in [c for c, _, _ in CASES] + ["stack-8x64"]:
            runs = [r[name][case] for r in res["rounds"] if name in r and case in r[name]]
            if all("error" in r for r in runs):
                lines.append(f"| {name} | {case} | error: {next(r['error'] for r in runs if 'error' in r)} | | | |")
                continue
            runs = [r for r in runs if "error" not in r]
            first = ", ".join(f"{r.get('first_step_ms', 0) / 1e3:.1f}" for r in runs)
            if case == "stack-8x64":
                rate = ", ".join(f"{1e3 / r['ms_per_step']:.1f}" if r.get("ms_per_step") else "–" for r in runs)
                per = ", ".join(f"{r['dispatches'] / max(r.get('steps', 1), 1):.0f}" for r in runs)
            else:
                rate = ", ".join(f"{r['steps_per_sec']:.2f}" for r in runs)
                per = ", ".join(f"{r['dispatches_per_step']:.0f}" for r in runs)
            pipes = ", ".join(str(r["pipelines"]) for r in runs)
            lines.append(f"| {name} | {case} | {first} | {rate} | {pipes} | {per} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
