#!/usr/bin/env python3
"""The MNIST speed figures (issue 19), in headless Chromium (burn's CPU
backend in wasm, on the page's thread: the page's build has no WebGPU
engine) beside native:
the small CNN teacher's test accuracy against seconds of training until it
reaches 98 % (or the budget ends), and the tiny CNN student pair's steps/s
at batch 64 — core/mnist_bench.rs, the same code `kd-bench mnist` runs
natively. A benchmark that prints, never a timed test.

usage: mnist_speed.py DIST [SECS]   (serves DIST itself; prints JSON lines
and a markdown table; the native line comes from `kd-bench mnist SECS`)"""
import json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
from browser import Browser, wait_for  # noqa: E402
from lib.server import serve  # noqa: E402


def main():
    dist = sys.argv[1] if len(sys.argv) > 1 else "dist"
    secs = int(sys.argv[2]) if len(sys.argv) > 2 else 120
    rows = []
    server = serve(dist, 8131)
    try:
        b = Browser()
        try:
            b.open("http://127.0.0.1:8131/?bench")
            wait_for(b, "window.wasmBindings && window.wasmBindings.kd_mnist")
            # The page's own build has no WebGPU engine (only its training worker
            # loads it): the in-page figure is the CPU backend's.
            for backend in ["cpu"]:
                # Started, then polled: a run takes minutes, longer than one WebDriver request may.
                b.js(f"window.kdMnist = null; window.wasmBindings.kd_mnist('{backend}', {secs}, 200)"
                     ".then(r => window.kdMnist = r, e => window.kdMnist = 'error: ' + e);")
                wait_for(b, "window.kdMnist !== null", timeout=secs * 4 + 300)
                raw = b.js("return window.kdMnist")
                if raw.startswith("error"):
                    print(json.dumps({"backend": f"wasm-{backend}", "error": raw[:300]}))
                    continue
                line = {"backend": f"wasm-{backend}", "browser": b.version, "result": json.loads(raw)}
                print(json.dumps(line))
                rows.append(line)
        finally:
            b.close()
    finally:
        server.kill()
    # The dev profile: its dependencies (burn) are optimised (Cargo.toml), as in the tests.
    native = subprocess.run(["cargo", "run", "--offline", "--bin", "kd-bench", "--", "mnist", str(secs)],
                            capture_output=True, text=True)
    if native.returncode == 0:
        line = json.loads(native.stdout.strip().splitlines()[-1])
        print(json.dumps(line))
        rows.append(line)
    else:
        print(f"native: kd-bench failed: {native.stderr[-300:]}", file=sys.stderr)
    print("\n| backend | teacher | s of training to 98 % | best test accuracy (s) | tiny CNN pair steps/s |")
    print("|---|---|---|---|---|")
    for line in rows:
        r = line["result"]
        best = max(r["teacher_curve"], key=lambda p: p["test_accuracy"])
        to98 = f"{r['secs_to_98']:.0f}" if r["secs_to_98"] else f"not in {secs}"
        print(f"| {line['backend']} | {r['teacher']} | {to98} | {100 * best['test_accuracy']:.1f} % ({best['train_secs']:.0f}) | {r['student_pair_steps_per_sec']:.1f} |")


if __name__ == "__main__":
    main()
