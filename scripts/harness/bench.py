#!/usr/bin/env python3
"""The performance harness's driver (scripts/bench.sh runs it): one headless
Chromium (with its software WebGPU adapter) over WebDriver
(scripts/lib/webdriver.py), standard library only. It measures, in one invocation:

- training throughput of three fixed MLP cases (src/core/throughput.rs) with
  burn natively (kd-bench), burn in this page's wasm on the CPU and on WebGPU
  (wasmBindings.kd_bench; WebGPU on bench/engine, which loads the build with
  the engine), and TensorFlow.js 4.22 on cpu, wasm, webgl and webgpu
  (bench/tfjs) on the very same rows, batch, Adam and step counts;
- the same for the MNIST CNN teacher and student, in three interleaved rounds
  (each round: native, burn in the page, TF.js) for the spread;
- slider -> bars latency over 200 moves, idle and while the teacher trains,
  and on a bare page (bench/floor: the measurement's own floor), with how
  many cores the browser's threads kept busy meanwhile (from /proc);
- the longest main-thread task and dropped frames while the students train
  on the CPU, and while the page switches to WebGPU and trains there; the
  longest task while each kind of run (teacher, students, a mutual-learning
  pair, the digits' teacher and students) first trains on a fresh page; the
  slider and these again with `?page-thread` (the session on the page's
  thread instead of the page's web worker); every longest task is printed
  against the long-task budget (report.py's LONG_TASK_BUDGET_MS), which no
  test asserts;
- where training should run: the same paced training (12 ms chunks, a
  yield after each) on the page's main thread and in a web worker running a
  second instance of the page's wasm (bench/worker), with the slider's
  latency, long tasks and dropped frames on the main thread meanwhile;
- first paint, first contentful paint and time to interactive of the page;
- the wasm's size, raw and gzipped;
- stacked training (src/core/stacked.rs): a 6 T x 3 seed temperature sweep
  timed stacked and point by point, natively and in the page's wasm, and a
  width x batch x K grid of stacked steps on the page's CPU backend and on
  WebGPU (kd-bench crossover gives the native grid, with a GPU where the
  machine has one).

usage: bench.py SERVE_DIR PORT KD_BENCH_BINARY OUT.json
       BENCH_ONLY=stacking bench.py ...   the stacked-training tables alone
       BENCH_ONLY=worker bench.py ...     the main thread / worker table alone
       BENCH_ONLY=page bench.py ...       page load, slider and long tasks alone,
                                          with training in the worker and on the page's thread
       BENCH_ONLY=cnn bench.py ...        the MNIST CNN cases against TF.js alone (CNN_ROUNDS, default 3)

The parts live beside this file, one job each: browser.py (the harness's
Chromium session and waits), page_figures.py (page load, wasm size, slider,
long tasks), where_training.py (main thread or web worker), throughput.py
(burn natively and in the page against TF.js), stacking.py (stacked
training) and report.py (the Markdown tables). This file is the command
line: which parts run (BENCH_ONLY), in which order, and the JSON file.
"""
import json, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from browser import Browser  # noqa: E402
from page_figures import page_both_ways, wasm_sizes  # noqa: E402
from report import markdown, page_markdown, stacking_markdown, where_markdown  # noqa: E402
from stacking import stacking_in_page, stacking_native  # noqa: E402
from report import cnn_markdown  # noqa: E402
from throughput import CASES, burn_in_page, cnn_peers, native, tfjs_in_page  # noqa: E402
from where_training import where_training_runs  # noqa: E402


def only_part(res, out, measure, markdown_of):
    """BENCH_ONLY: one part of the harness in its own browser, saved and printed."""
    b = Browser()
    try:
        res["browser"] = b.version
        res.update(measure(b))
    finally:
        b.close()
    with open(out, "w") as f:
        json.dump(res, f, indent=2)
    print("\n".join(markdown_of(res)))


def main():
    serve, port, binary, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    url = f"http://127.0.0.1:{port}/"
    res = {"wasm": wasm_sizes(serve), "throughput": {}}
    if os.environ.get("BENCH_ONLY") == "worker":
        return only_part(res, out, lambda b: {"where": where_training_runs(b, url)}, lambda r: where_markdown(r["where"]))
    if os.environ.get("BENCH_ONLY") == "page":
        return only_part(res, out, lambda b: page_both_ways(b, url), page_markdown)
    rounds = int(os.environ.get("CNN_ROUNDS", "3"))
    if os.environ.get("BENCH_ONLY") == "cnn":
        return only_part(res, out, lambda b: {"cnn": cnn_peers(b, url, binary, rounds)}, lambda r: cnn_markdown(r["cnn"]))
    print("stacked training, native…", file=sys.stderr)
    native_stacking = stacking_native(binary)
    if os.environ.get("BENCH_ONLY") == "stacking":
        # The stacked-training tables alone (a few minutes instead of ten).
        measure = lambda b: {k: native_stacking[k] + v for k, v in stacking_in_page(b, url).items()}
        return only_part(res, out, lambda b: {"stacking": measure(b)}, lambda r: stacking_markdown(r["stacking"]))
    print("native…", file=sys.stderr)
    res["throughput"].update(native(binary))
    b = Browser()
    try:
        res["browser"] = b.version
        res.update(page_both_ways(b, url))
        print("main thread or worker…", file=sys.stderr)
        res["where"] = where_training_runs(b, url)
        # Interleaved: a case's burn and TF.js runs follow each other, so a
        # change in the machine's load between cases hits both alike.
        for case in CASES:
            print(f"burn, then TF.js, in the page: {case}…", file=sys.stderr)
            res["throughput"].update(burn_in_page(b, url, [case]))
            res["throughput"].update(tfjs_in_page(b, url, [case]))
        res["cnn"] = cnn_peers(b, url, binary, rounds)
        print("stacked training in the page…", file=sys.stderr)
        page_stacking = stacking_in_page(b, url)
        res["stacking"] = {k: native_stacking[k] + page_stacking[k] for k in ("sweeps", "grid")}
    finally:
        b.close()
    with open(out, "w") as f:
        json.dump(res, f, indent=2)
    print(markdown(res))


if __name__ == "__main__":
    main()
