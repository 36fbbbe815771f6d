"""The harness's Markdown report: the tables bench.py prints from the same
figures it saves as JSON (training throughput, the slider, the main thread
while training against the long-task budget, page load, main thread or web
worker, stacked training). Formatting only: nothing here measures, so the
wording of a table can change without touching how a figure is taken.
"""
from stacking import SWEEP_STEPS
from throughput import CASES, CNN_CASES
from where_training import PACED_MS


# A main-thread task longer than this is one a person notices (the RAIL
# model's 50 ms). The harness prints every longest task against it; the
# browser tests do not assert it (on their shared, busy machine a wall clock
# measures the machine as much as the page).
LONG_TASK_BUDGET_MS = 50


def budget(ms):
    return f"within {LONG_TASK_BUDGET_MS} ms" if ms < LONG_TASK_BUDGET_MS else f"**over {LONG_TASK_BUDGET_MS} ms**"


def sps(r):
    return r.get("steps_per_sec") if isinstance(r, dict) and not r.get("error") else None


def fmt(v, digits=0):
    return "–" if v is None else f"{v:,.{digits}f}"


def markdown(res):
    t = res["throughput"]
    lines = ["## Training throughput (steps/s; × 64 for samples/s)", "",
             "| case | native CPU | burn wasm CPU | burn WebGPU | TF.js cpu | TF.js wasm | TF.js webgl | TF.js webgpu | burn CPU ÷ best TF.js | burn WebGPU ÷ TF.js webgpu | wasm ÷ native |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for case in CASES:
        g = lambda k: sps(t.get(f"{case}/{k}", {}))
        tf_best = max((v for v in map(g, ("tfjs-cpu", "tfjs-wasm", "tfjs-webgl", "tfjs-webgpu")) if v), default=None)
        ratio = lambda a, b: f"{a / b:.2f}×" if a and b else "–"
        lines.append(f"| {case} | {fmt(g('native-cpu'))} | {fmt(g('burn-cpu'))} | {fmt(g('burn-webgpu'), 1)} | {fmt(g('tfjs-cpu'))} | {fmt(g('tfjs-wasm'))} | "
                     f"{fmt(g('tfjs-webgl'), 1)} | {fmt(g('tfjs-webgpu'), 1)} | {ratio(g('burn-cpu'), tf_best)} | {ratio(g('burn-webgpu'), g('tfjs-webgpu'))} | {ratio(g('burn-cpu'), g('native-cpu'))} |")
    lines += ["", "First step on WebGPU (shader compilation), ms: " + ", ".join(
        f"{c} burn {fmt(t.get(f'{c}/burn-webgpu', {}).get('first_step_ms'))} / TF.js {fmt(t.get(f'{c}/tfjs-webgpu', {}).get('first_step_ms'))}" for c in CASES)]
    if "cnn" in res:
        lines += cnn_markdown(res["cnn"])
    lines += page_markdown(res)
    if "where" in res:
        lines += where_markdown(res["where"])
    if "stacking" in res:
        lines += stacking_markdown(res["stacking"])
    return "\n".join(lines)


def spread(values, digits):
    """Median and range of one figure over the rounds: "12.3 (11.0–13.1)"."""
    v = sorted(x for x in values if x)
    if not v:
        return "–"
    med = v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
    return fmt(med, digits) + (f" ({fmt(v[0], digits)}–{fmt(v[-1], digits)})" if len(v) > 1 else "")


def cnn_markdown(cnn):
    """The CNN cases against TF.js: the median of each backend over the
    interleaved rounds with its range, and each ratio taken within a round
    (so both sides of it saw the same load) then summarised the same way."""
    rounds = cnn["rounds"]
    tf_backends = ("tfjs-cpu", "tfjs-wasm", "tfjs-webgl", "tfjs-webgpu")
    cols = ("native-cpu", "burn-cpu", "burn-webgpu") + tf_backends
    lines = ["", f"## MNIST CNNs against TF.js (steps/s, batch 64; median and range of {len(rounds)} interleaved rounds)", "",
             "| case | native CPU | burn wasm CPU | burn WebGPU | TF.js cpu | TF.js wasm | TF.js webgl | TF.js webgpu | burn best ÷ TF.js best | burn WebGPU ÷ TF.js webgpu | wasm ÷ native |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for case in CNN_CASES:
        g = lambda r, k: sps(r.get(f"{case}/{k}", {}))
        per = lambda f: [f(r) for r in rounds]
        ratio = lambda a, b: a / b if a and b else None
        best = lambda r, ks: max((v for v in (g(r, k) for k in ks) if v), default=None)
        cells = [spread(per(lambda r, k=k: g(r, k)), 2 if "webg" in k else 1) for k in cols]
        cells.append(spread(per(lambda r: ratio(best(r, ("burn-cpu", "burn-webgpu")), best(r, tf_backends))), 2) + "×")
        cells.append(spread(per(lambda r: ratio(g(r, "burn-webgpu"), g(r, "tfjs-webgpu"))), 2) + "×")
        cells.append(spread(per(lambda r: ratio(g(r, "burn-cpu"), g(r, "native-cpu"))), 2) + "×")
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    first = lambda case, k: spread([r.get(f"{case}/{k}", {}).get("first_step_ms") for r in rounds], 0)
    lines += ["", "First step, ms (WebGPU: shader compilation): " + "; ".join(
        f"{c}: burn WebGPU {first(c, 'burn-webgpu')}, TF.js webgpu {first(c, 'tfjs-webgpu')}, TF.js webgl {first(c, 'tfjs-webgl')}" for c in CNN_CASES)]
    return lines


def page_markdown(res):
    """The page's own figures: slider, main thread while training, load; the
    page as shipped (worker) next to `?page-thread` where that was run."""
    runs = [(r.get("placement"), r) for r in [res, res.get("page_thread")] if r]
    runs = [({"worker": "web worker", "page": "page's thread"}.get(p, p or "?"), r) for p, r in runs]
    busy = lambda v: f"{v['cores_busy']:.2f} of {v['cores']}" if "cores_busy" in v else "–"
    lines = ["", "## Temperature slider → bars (200 moves)", "", "| | training runs in | median | p95 | worst | cores busy |", "|---|---|---|---|---|---|"]
    for where, r in runs:
        for k in ("idle", "while the teacher trains", "bare page (the harness's floor)"):
            if k in r["slider"]:
                s = r["slider"][k]
                lines.append(f"| {k} | {where if 'floor' not in k else '–'} | {s['median_ms']:.1f} ms | {s['p95_ms']:.1f} ms | {s['worst_ms']:.1f} ms | {busy(s)} |")
    lines += ["", "## Slider moved by key presses (from each input event's timestamp)", "", "| | training runs in | moves | median | p95 | worst | cores busy |", "|---|---|---|---|---|---|---|"]
    for where, r in runs:
        for k, v in r.get("slider_keys", {}).items():
            lines.append(f"| {k} | {where} | {v['moves']} | {v['median_ms']:.1f} ms | {v['p95_ms']:.1f} ms | {v['worst_ms']:.1f} ms | {busy(v)} |")
    lines += ["", f"## Main thread while training (long-task budget: {LONG_TASK_BUDGET_MS} ms)", "",
              "| | training runs in | seconds | longest task | budget | tasks > 50 ms | frames | dropped | rate shown |", "|---|---|---|---|---|---|---|---|---|"]
    over = []
    for where, r in runs:
        measures = [(what, r[key]) for key, what in (("long_tasks", "students, CPU"), ("long_tasks_webgpu", "switch to WebGPU, teacher")) if key in r]
        cold = r.get("long_tasks_cold")
        measures += [(f"cold page: {t['what']}", t) for t in cold] if isinstance(cold, list) else []
        for what, t in measures:
            lines.append(f"| {what} | {where} | {t['seconds']} | {t['longest_task_ms']:.0f} ms | {budget(t['longest_task_ms'])} | {t['long_tasks']} | "
                         f"{t.get('frames', '–')} | {t.get('dropped_frames', '–')} | {t.get('rate', '–')} |")
            if t["longest_task_ms"] >= LONG_TASK_BUDGET_MS:
                over.append(f"{what} ({where}): {t['longest_task_ms']:.0f} ms")
    lines += ["", f"Over the {LONG_TASK_BUDGET_MS} ms budget: {'; '.join(over) if over else 'none'}."]
    pl, w = res["page_load"], res["wasm"]
    lines += ["", "## Page load (127.0.0.1, median of 3)", "",
              f"First paint {fmt(pl['first_paint_ms'])} ms, first contentful paint {fmt(pl['first_contentful_paint_ms'])} ms, interactive {fmt(pl['interactive_ms'])} ms; "
              f"wasm {w['raw_mb']:.1f} MB raw, {w['gzip_mb']:.1f} MB gzipped"
              + (f" (without the WebGPU engine, for browsers with no adapter: {w['builds']['cpu']['raw_mb']:.1f} MB raw, {w['builds']['cpu']['gzip_mb']:.1f} MB gzipped)" if "cpu" in w.get("builds", {}) else "")
              + f"; this browser loaded the {res.get('build', '?')} build (its adapter request answered {res.get('adapter')} in {res.get('adapter_ms')} ms).", "", f"Browser: {res['browser']}"]
    return lines


def where_markdown(rows):
    lines = ["", f"## Main thread or web worker (paced training, 12 ms chunks, {PACED_MS // 1000} s, slider moved 200 times meanwhile)", "",
             "| case | trains on | steps/s | slider median | slider worst | longest task | tasks > 50 ms | dropped frames |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['name']} | {'web worker' if r['mode'] == 'worker' else 'main thread'} | {fmt(r['steps_per_sec'])} | {r['slider']['median_ms']:.1f} ms | "
                     f"{r['slider']['worst_ms']:.1f} ms | {r['longest_task_ms']:.0f} ms | {r['long_tasks']} | {r['dropped_frames']} |")
    load = next((r["load"] for r in rows if r.get("load")), None)
    if load:
        memory = max(r.get("worker_memory_mb") or 0 for r in rows)
        lines += ["", f"Worker start (fetch, compile and instantiate a second module): {load['ready_ms']:.0f} ms; its wasm memory: {load['memory_mb']:.0f} MB at start, {memory:.0f} MB after training."]
    return lines


def stacking_markdown(st):
    lines = ["", "## Stacked sweeps (6 T × 3 seeds, %d student steps each)" % SWEEP_STEPS, "",
             "| backend | data | point by point | stacked | speed-up |", "|---|---|---|---|---|"]
    by = {}
    for r in st["sweeps"]:
        by.setdefault((r["backend"], r["result"]["dataset"]), {})[r["result"]["stacked"]] = r["result"]["secs"]
    for (backend, data), t in by.items():
        a, s = t.get(False), t.get(True)
        lines.append(f"| {backend} | {data} | {fmt(a, 2)} s | {fmt(s, 2)} s | {a / s:.1f}× |" if a and s else f"| {backend} | {data} | {fmt(a, 2)} | {fmt(s, 2)} | – |")
    lines += ["", "## Stacked steps (64-W-W-10 students on the digits)", "",
              "| backend | W | batch | K | first step ms | ms/step | net-steps/s | GFLOP/s |", "|---|---|---|---|---|---|---|---|"]
    for r in st["grid"]:
        t, sh = r["result"], r["result"]["shape"]
        lines.append(f"| {r['backend']} | {sh['width']} | {sh['batch']} | {sh['k']} | {fmt(t['first_step_ms'])} | {fmt(t['ms_per_step'], 2)} | {fmt(t['net_steps_per_sec'])} | {fmt(t['gflops'], 1)} |")
    return lines
