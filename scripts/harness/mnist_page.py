#!/usr/bin/env python3
"""MNIST in the page as a user gets it (issue 19): the small CNN teacher and
the tiny CNN students training in the page's web worker, and what the page's
own thread does meanwhile — its long tasks (over 50 ms) and dropped frames —
on the CPU backend, then the teacher on WebGPU (Chromium's software adapter)
on 1,000 of the digits (there, evaluating all 10,000 takes over a minute).

The figures come from the page itself: the steps its panels show after a
pause, over the seconds trained, and the header's rate. mnist_speed.py times
the same networks without the page (core/mnist_bench.rs); this is what the
session, its evaluations and the worker's messages leave of that. A
benchmark that prints, never a timed test.

usage: mnist_page.py DIST [SECS]   (serves DIST; SECS of training per case,
default 30; prints one JSON line per case and a markdown table)"""
import json, os, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "check"))
sys.path.insert(0, HERE)
from browser import Browser, wait_for  # noqa: E402
from lib.server import serve  # noqa: E402
from lib.webdriver import settles  # noqa: E402
from mnist_check import BACKEND_NOW, MNIST_READY, POINTS_FIELD, STUDENTS_PLAYING, STUDENTS_STEP, TEACHER_PLAYING, q, still, text  # noqa: E402
from page_check import STEP, value  # noqa: E402
from page_figures import WATCH_JS  # noqa: E402

WEBGPU_POINTS = 1000
# Chromium's long animation frames (over 50 ms), for where a long task's time
# went: script (and what invoked it: a worker's message, a timer) or
# style, layout and paint.
FRAMES_JS = """window.__loaf = [];
try {
  new PerformanceObserver(l => l.getEntries().forEach(e => window.__loaf.push({
    ms: Math.round(e.duration), blocking_ms: Math.round(e.blockingDuration),
    render_ms: e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : 0,
    layout_ms: e.styleAndLayoutStart ? Math.round(e.startTime + e.duration - e.styleAndLayoutStart) : 0,
    scripts: e.scripts.map(s => `${s.invoker || s.invokerType} ${Math.round(s.duration)} ms`).slice(0, 3)}))).observe({type: 'long-animation-frame'});
} catch (e) { window.__loaf = null; }"""


def watch(b, button, playing, step_js, secs):
    """Trains with `button` for `secs` while watching the page's thread; the
    steps shown once the pause's evaluation lands, over the seconds trained."""
    b.js(WATCH_JS +
         "window.__w = {stop: () => { running = false; observer.disconnect();"
         " return {longest_task_ms: Math.max(0, ...tasks), long_tasks: tasks.length, frames, dropped_frames: dropped}; }};")
    b.js(FRAMES_JS)
    before = b.js(step_js)
    b.js(f"{q(button)}.click()")
    wait_for(b, playing, 60)
    start = time.time()
    time.sleep(secs)
    rate = b.js(text("backend"))
    b.js(f"{q(button)}.click()")
    trained = time.time() - start
    wait_for(b, f"!({playing})", 60)
    watched = b.js("return window.__w.stop()")
    # The pause's evaluation shows the last step (on MNIST it takes seconds).
    settles(b.js, f"{value(step_js)} > {before}", 120)
    steps = still(lambda: b.js(step_js)) - before
    frames = b.js("return window.__loaf && [...window.__loaf].sort((a, b) => b.ms - a.ms).slice(0, 4)")
    return {**watched, "seconds": round(trained, 1), "steps": steps, "steps_per_sec": round(steps / trained, 2), "header": rate,
            "longest_frames": frames}


def main():
    dist = sys.argv[1] if len(sys.argv) > 1 else "dist"
    secs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    server = serve(dist, 8132)
    rows = []
    try:
        b = Browser()
        try:
            b.open("http://127.0.0.1:8132/")
            wait_for(b, f"{q('dataset-kind')} && {q('teacher-accuracy')}?.textContent.includes('%')", 120)
            b.js("localStorage.clear()")
            b.js(f"const s = {q('dataset-kind')}; s.value = 'mnist'; s.dispatchEvent(new Event('change', {{bubbles: true}}))")
            wait_for(b, MNIST_READY, 120)
            b.js(f"{q('preset-small-cnn')}.click()")
            wait_for(b, f"{q('teacher-size')}.textContent.includes('c3')", 30)
            b.js(f"{q('preset-tiny-cnn')}.click()")
            wait_for(b, "/WebGPU (probe:|unavailable)/.test(document.querySelector('.probe')?.textContent || '')", 180)
            cases = [("small CNN teacher", "train-teacher", TEACHER_PLAYING, STEP),
                     ("tiny CNN students (distilled + scratch)", "train-students", STUDENTS_PLAYING, STUDENTS_STEP)]
            for name, button, playing, step_js in cases:
                r = watch(b, button, playing, step_js, secs)
                row = {"case": name, "backend": b.js(BACKEND_NOW), "points": 10000, **r}
                print(json.dumps(row), flush=True)
                rows.append(row)
            if "WebGPU probe:" in b.js("return document.querySelector('.probe')?.textContent || ''"):
                b.js(f"const e = {POINTS_FIELD}; e.value = '{WEBGPU_POINTS}'; e.dispatchEvent(new Event('change', {{bubbles: true}}))")
                wait_for(b, f"{value(STEP)} === 0", 60)
                b.js(f"const s = {q('backend-select')}; s.value = 'webgpu'; s.dispatchEvent(new Event('change', {{bubbles: true}}))")
                wait_for(b, f"{value(BACKEND_NOW)} === 'webgpu'", 180)
                # A first short run compiles the shaders (the warm-up), then the timed one.
                warm = watch(b, "train-teacher", TEACHER_PLAYING, STEP, 10)
                r = watch(b, "train-teacher", TEACHER_PLAYING, STEP, secs)
                row = {"case": "small CNN teacher", "backend": "webgpu", "points": WEBGPU_POINTS, "warm_up": warm, **r}
                print(json.dumps(row), flush=True)
                rows.append(row)
            else:
                print(json.dumps({"case": "small CNN teacher", "backend": "webgpu", "skipped": "no WebGPU adapter"}))
        finally:
            b.close()
    finally:
        server.kill()
    print(f"\n{rows[0]['header'] if rows else ''}")
    print("\n| case | backend | digits | seconds | steps | steps/s | longest task | tasks > 50 ms | frames | dropped |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['case']} | {r['backend']} | {r['points']} | {r['seconds']} | {r['steps']} | {r['steps_per_sec']} | "
              f"{r['longest_task_ms']:.0f} ms | {r['long_tasks']} | {r['frames']} | {r['dropped_frames']} |")


if __name__ == "__main__":
    main()
