"""The page as users get it, measured in the harness's browser: page load
(first paint, first contentful paint, time to interactive) and the wasm's
size, raw and gzipped; slider -> bars latency (script-made moves and real key
presses, idle and while the teacher trains, and on a bare page: the
measurement's own floor) with how many cores the browser's threads kept busy
meanwhile (from /proc); and the longest main-thread task and dropped frames
while the students train on the CPU, while the page switches to WebGPU and
trains there, and while each kind of run first trains on a cold page. All of
it on the page as shipped (training in its web worker) and again with
`?page-thread` (BENCH_ONLY=page runs this alone).

One module because these share the page's scripts (SLIDER_JS, WATCH_JS, which
where_training.py reuses) and make up one table set (report.page_markdown).
"""
import glob, gzip, os, statistics, sys, time

from browser import open_settled
from lib.page import PLACE


def page_load(b, url, runs=3):
    loads = []
    for _ in range(runs):
        b.open("about:blank")
        b.open(url)
        # Time to interactive: the slider is there and the teacher's first evaluation is shown.
        tti = b.js_async("""
            while (!(document.querySelector('[data-testid=temperature-slider]') &&
                     (document.querySelector('[data-testid=teacher-accuracy]') || {}).textContent?.includes('%')))
                await new Promise(r => setTimeout(r, 5));
            return performance.now();""")
        paints = {e["name"]: e["startTime"] for e in b.js("return performance.getEntriesByType('paint').map(e => ({name: e.name, startTime: e.startTime}))")}
        loads.append({"first_paint_ms": paints.get("first-paint"), "first_contentful_paint_ms": paints.get("first-contentful-paint"), "interactive_ms": tti})
    return {k: statistics.median(l[k] for l in loads if l[k] is not None) for k in loads[0]}


SLIDER_JS = """
const slider = document.querySelector('[data-testid=temperature-slider]');
const bars = document.querySelector('[data-testid=soft-target-bars]');
const times = [];
for (let i = 0; i < 200; i++) {
    const value = String(100 + ((i * 373) % 850) + (i % 2));
    const changed = new Promise(resolve => {
        const o = new MutationObserver(() => { o.disconnect(); resolve(); });
        o.observe(bars, {attributes: true, childList: true, subtree: true, characterData: true});
        setTimeout(() => { o.disconnect(); resolve(); }, 1000);
    });
    const t0 = performance.now();
    slider.value = value;
    slider.dispatchEvent(new Event('input', {bubbles: true}));
    await changed;
    times.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 8));
}
times.sort((a, b) => a - b);
return {median_ms: times[100], p95_ms: times[190], worst_ms: times[199]};
"""


# The slider moved by real key presses (WebDriver actions, through the
# browser's input pipeline): latency from each input event's own timestamp
# to the bars' first change after it. Unlike SLIDER_JS, whose script-made
# events start timing only once the page's thread is free, this includes any
# wait for a training chunk on that thread to end.
KEYS_SETUP_JS = """
window.__kdKeys = [];
const slider = document.querySelector('[data-testid=temperature-slider]');
if (!window.__kdKeyWatch) {
    window.__kdKeyWatch = {since: null};
    const w = window.__kdKeyWatch;
    slider.addEventListener('input', e => { if (w.since === null) w.since = e.timeStamp; }, true);
    new MutationObserver(() => { if (w.since !== null) { window.__kdKeys.push(performance.now() - w.since); w.since = null; } })
        .observe(document.querySelector('[data-testid=soft-target-bars]'), {attributes: true, childList: true, subtree: true, characterData: true});
}
slider.focus();
"""


def slider_by_keys(b, moves=200):
    b.js(KEYS_SETUP_JS)
    # PageUp and PageDown in turn: each moves T by a tenth of the slider, so
    # every move changes the bars (an arrow key's small step may not change
    # a confident teacher's rounded bars, and would then be timed to the
    # next evaluation's redraw instead).
    steps = []
    for i in range(moves):
        key = "\ue00e" if i % 2 == 0 else "\ue00f"
        steps += [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}, {"type": "pause", "duration": 15}]
    b.actions(steps)
    time.sleep(0.3)
    t = sorted(b.js("return window.__kdKeys"))
    at = lambda q: t[min(len(t) - 1, int(q * len(t)))]
    return {"moves": len(t), "median_ms": at(0.5), "p95_ms": at(0.95), "worst_ms": t[-1]}


# Long tasks and frames on the page, from now until `running` is set false.
WATCH_JS = """
const tasks = [];
const observer = new PerformanceObserver(l => l.getEntries().forEach(e => tasks.push(e.duration)));
observer.observe({type: 'longtask'});
let frames = 0, dropped = 0, last = performance.now(), running = true;
const tick = now => { frames++; const gap = now - last; if (gap > 25) dropped += Math.round(gap / 16.7) - 1; last = now; if (running) requestAnimationFrame(tick); };
requestAnimationFrame(tick);
"""


LONG_TASKS_JS = WATCH_JS + """document.querySelector('[data-testid=train-students]').click();
await new Promise(r => setTimeout(r, 5000));
document.querySelector('[data-testid=train-students]').click();
running = false;
const rate = document.querySelector('[data-testid=backend]')?.textContent || '';
const placement = document.querySelector('[data-testid=placement]')?.textContent || '';
return {longest_task_ms: Math.max(0, ...tasks), long_tasks: tasks.length, frames, dropped_frames: dropped, seconds: 5, rate, placement};
"""


# The same watch while the page switches to WebGPU and the teacher trains
# there for 8 s (the switch moves every model to the GPU), then back to Auto.
LONG_TASKS_WEBGPU_JS = WATCH_JS + """const select = document.querySelector('[data-testid=backend-select]');
const choose = v => { select.value = v; select.dispatchEvent(new Event('change', {bubbles: true})); };
const on = () => document.querySelector('[data-testid=backend]').dataset.backend;
const sleep = ms => new Promise(r => setTimeout(r, ms));
choose('webgpu');
for (let waited = 0; on() !== 'webgpu' && waited < 60000; waited += 100) await sleep(100);
const play = document.querySelector('[data-testid=train-teacher]');
play.click();
await sleep(8000);
play.click();
running = false;
const rate = document.querySelector('[data-testid=backend]')?.textContent || '';
const placement = document.querySelector('[data-testid=placement]')?.textContent || '';
choose('auto');
return {longest_task_ms: Math.max(0, ...tasks), long_tasks: tasks.length, frames, dropped_frames: dropped, seconds: 8, rate, placement, backend: on()};
"""


# A fresh page (nothing trained yet but the backend probe): each kind of run
# plays for 3 s in turn, and the longest main-thread task of each is kept.
COLD_JS = """
const sleep = ms => new Promise(r => setTimeout(r, ms));
const q = id => document.querySelector(`[data-testid=${id}]`);
const tasks = [];
const observer = new PerformanceObserver(l => l.getEntries().forEach(e => tasks.push(e.duration)));
observer.observe({type: 'longtask'});
const play = async (button, what) => {
    await sleep(200);
    const from = tasks.length;
    q(button).click();
    await sleep(3000);
    q(button).click();
    const mine = tasks.slice(from);
    return {what, seconds: 3, longest_task_ms: Math.max(0, ...mine), long_tasks: mine.length};
};
const out = [];
out.push(await play('train-teacher', 'teacher'));
out.push(await play('train-students', 'students'));
out.push(await play('train-strategy', 'mutual-learning pair'));
const kind = q('dataset-kind');
kind.value = 'digits';
kind.dispatchEvent(new Event('change', {bubbles: true}));
for (let waited = 0; !document.querySelector('[data-testid=teacher-heatmap] rect[data-row]') && waited < 10000; waited += 50) await sleep(50);
out.push(await play('train-teacher', 'digits teacher'));
out.push(await play('train-students', 'digits students'));
observer.disconnect();
return out;
"""


def browser_cpu():
    """CPU seconds so far of every thread of every Chromium process, by
    thread name (Linux /proc; empty elsewhere)."""
    out = {}
    for pid in glob.glob("/proc/[0-9]*"):
        try:
            if "chromium" not in open(f"{pid}/cmdline").read().split("\0")[0]:
                continue
            for task in glob.glob(f"{pid}/task/*"):
                st = open(f"{task}/stat").read()
                f = st[st.rindex(")") + 2:].split()
                out[task] = (st[st.index("(") + 1:st.rindex(")")], (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK"))
        except OSError:
            pass
    return out


def cores_busy(measure):
    """Runs `measure()` and returns its result with how many cores the
    browser's threads kept busy meanwhile, in all and by thread name: on a
    machine with two, what the page's thread had to share them with."""
    before, t0 = browser_cpu(), time.time()
    result = measure()
    after, secs = browser_cpu(), time.time() - t0
    by = {}
    for task, (name, cpu) in after.items():
        by[name] = by.get(name, 0) + (cpu - before.get(task, (name, 0))[1]) / secs
    top = dict(sorted(((k, round(v, 2)) for k, v in by.items() if v >= 0.05), key=lambda kv: -kv[1]))
    return {**result, "cores_busy": round(sum(by.values()), 2), "cores_by_thread": top, "cores": os.cpu_count()}


def page_part(b, url, load=True):
    """Page load, the slider (bare page, idle, while the teacher trains) and
    the main thread while the students train, on the page as users get it."""
    res = {}
    if load:
        print("page load…", file=sys.stderr)
        res["page_load"] = page_load(b, url)
    print(f"slider ({url})…", file=sys.stderr)
    # A page of the same origin: the settings a run before saved (say,
    # WebGPU chosen) go, so that each run starts from the defaults.
    b.open(url.split("?")[0] + "floor/slider.html")
    b.js("localStorage.clear()")
    if load:
        # The harness's own floor: the same measurement on a bare page.
        res["slider"] = {"bare page (the harness's floor)": b.js_async(SLIDER_JS)}
    open_settled(b, url)
    # Where the page says its training runs ("worker" or "page").
    res["placement"] = b.js(PLACE)
    # Which build the loader chose: "webgpu" (with the engine) or "cpu", and
    # how long the browser took to answer its adapter request (null: > 3 s).
    build = b.js("return window.kdBuild ? {name: kdBuild.name, adapter: kdBuild.adapter, ms: kdBuild.adapterMs} : {}")
    res["build"], res["adapter"], res["adapter_ms"] = build.get("name"), build.get("adapter"), build.get("ms")
    res.setdefault("slider", {})["idle"] = cores_busy(lambda: b.js_async(SLIDER_JS))
    res["slider_keys"] = {"idle": cores_busy(lambda: slider_by_keys(b))}
    b.js("document.querySelector('[data-testid=train-teacher]').click()")
    time.sleep(1)
    res["slider"]["while the teacher trains"] = cores_busy(lambda: b.js_async(SLIDER_JS))
    res["slider_keys"]["while the teacher trains"] = cores_busy(lambda: slider_by_keys(b))
    b.js("document.querySelector('[data-testid=train-teacher]').click()")
    print("long tasks…", file=sys.stderr)
    res["long_tasks"] = b.js_async(LONG_TASKS_JS)
    if "WebGPU probe:" in b.js("return document.querySelector('header').textContent"):
        print("long tasks on WebGPU…", file=sys.stderr)
        res["long_tasks_webgpu"] = b.js_async(LONG_TASKS_WEBGPU_JS)
    print("long tasks on a cold page…", file=sys.stderr)
    open_settled(b, url)
    res["long_tasks_cold"] = b.js_async(COLD_JS)
    # The digits chosen there are saved; the next page starts from the defaults.
    b.js("localStorage.clear()")
    return res


def page_both_ways(b, url):
    """The page as shipped (training in its web worker), then the same page
    with `?page-thread` (the session on the page's thread, in 12 ms turns)."""
    res = page_part(b, url)
    res["page_thread"] = page_part(b, url + "?page-thread", load=False)
    return res


def wasm_sizes(serve):
    """The two builds' modules, raw and gzipped (MB): with the WebGPU engine
    (loaded where the browser has an adapter) and without (elsewhere)."""
    sizes = {}
    for path in glob.glob(os.path.join(serve, "kd-playground-*_bg.wasm")):
        raw = open(path, "rb").read()
        sizes["cpu" if "-cpu-" in path else "webgpu"] = {"raw_mb": len(raw) / 1e6, "gzip_mb": len(gzip.compress(raw, 9)) / 1e6}
    # The module a WebGPU browser loads, as the figures before the split were.
    return {**sizes["webgpu"], "builds": sizes}
