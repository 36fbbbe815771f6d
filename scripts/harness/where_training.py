"""Where training should run: the same paced training (12 ms chunks, a yield
after each) on the page's main thread and in a web worker running a second
instance of the page's wasm (bench/worker), with the slider's latency, long
tasks and dropped frames on the main thread meanwhile (BENCH_ONLY=worker runs
this alone). Apart from page_figures.py because it trains through the page's
bindings (kd_paced, the worker's own module) rather than the page's buttons;
it reuses that module's slider and frame-watching scripts.
"""
import sys

from browser import open_settled
from page_figures import SLIDER_JS, WATCH_JS


# Paced training for TRAIN_MS while the slider is moved 200 times, on the
# page's thread (mode "main") or in a web worker (mode "worker"). The worker
# is a second instance of the page's own wasm and glue, which the loader
# names in window.kdBuild; its start-up is timed on its own, before the rest.
PACED_MS = 8000
WHERE_JS = """
const [mode, name, ms] = ['%MODE%', '%NAME%', %MS%];
let train, load = null;
if (mode === 'worker') {
    const worker = window.__kdWorker ||= new Worker('/worker/train_worker.js', {type: 'module'});
    const ask = msg => new Promise((resolve, reject) => {
        worker.onmessage = e => e.data.error ? reject(new Error(e.data.error)) : resolve(e.data);
        worker.postMessage(msg);
    });
    if (!window.__kdWorkerLoad) {
        const {glue: js, wasm} = window.kdBuild;
        window.__kdWorkerLoad = await ask({load: {js, wasm}});
    }
    load = window.__kdWorkerLoad;
    train = () => ask({train: {name, ms, chunk_ms: 12}});
} else {
    train = async () => ({result: JSON.parse(await window.wasmBindings.kd_paced(name, ms, 12))});
}
%WATCH%
const training = train();
await new Promise(r => setTimeout(r, 300));
const t0 = performance.now();
const slider = await (async () => { %SLIDER% })();
const slider_secs = (performance.now() - t0) / 1e3;
const trained = await training;
running = false;
observer.disconnect();
return {mode, name, ...trained.result, worker_memory_mb: trained.memory_mb, load, slider, slider_secs,
        longest_task_ms: Math.max(0, ...tasks), long_tasks: tasks.length, frames, dropped_frames: dropped};
"""


def where_training_runs(b, url):
    # `?page-thread`: the loader gives the page the build with the CPU engine
    # (kd_paced's), where it otherwise runs the UI-only module.
    open_settled(b, url + "?page-thread")
    out = []
    for name in ("teacher", "digits"):
        for mode in ("main", "worker"):
            js = WHERE_JS.replace("%MODE%", mode).replace("%NAME%", name).replace("%MS%", str(PACED_MS)).replace("%SLIDER%", SLIDER_JS).replace("%WATCH%", WATCH_JS)
            r = b.js_async(js)
            if r.get("error"):
                raise RuntimeError(f"{mode} {name}: {r['error']}")
            out.append(r)
            print(f"  {mode:6} {name:8} {r}", file=sys.stderr)
    return out
