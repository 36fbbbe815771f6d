"""The harness's browser session and the waits its measurements share.

One headless Chromium over WebDriver (scripts/lib/webdriver.py) with the
harness's own driver port, window and script time-outs, and the two waits
that every part of the harness starts from: for a condition in the page, and
for the page to settle (first evaluation shown, backend probe over). Apart
from the measurements so that all of them (page_figures.py,
where_training.py, throughput.py, stacking.py) share one set-up and one way
of waiting. Imported by bench.py, which puts scripts/ on sys.path for lib/.
"""
import json, time

from lib.webdriver import Browser as Session, settles


def Browser():
    """The harness's Chromium: its own driver port, a 1400 x 1000 window, and
    scripts that may run for the 15 minutes a slow case takes."""
    b = Session("chromium", port=9541, window=(1400, 1000), timeouts={"script": 900_000, "pageLoad": 120_000})
    try:
        b.version = b.js("return navigator.userAgent")
    except BaseException:
        b.close()
        raise
    return b


def wait_for(b, condition_js, timeout=120):
    if not settles(b.js, condition_js, timeout):
        raise RuntimeError(f"timed out waiting for {condition_js}")


def open_settled(b, url):
    """Opens the page and waits for its first evaluation and for the backend
    probe (WebGPU shader compilation included), which runs at start, to end."""
    b.open(url)
    wait_for(b, "window.wasmBindings && document.querySelector('[data-testid=teacher-accuracy]')?.textContent.includes('%')")
    wait_for(b, "/WebGPU (probe:|unavailable)/.test(document.querySelector('.probe')?.textContent || '')", timeout=180)


def await_js(b, expr, timeout=900):
    """Awaits the promise `expr` in the page by polling, not in one
    WebDriver call (whose HTTP request gives up after 120 s: TF.js's cpu
    backend on the CNN, autotune's first step); its JSON-parsed result, or
    {"error": ...}. `expr` resolves to a JSON string or a plain object."""
    b.js(f"window.kdCall = null; Promise.resolve().then(() => {expr}).then(v => window.kdCall = {{ok: v}}, e => window.kdCall = {{error: String(e)}});")
    start = time.time()
    while time.time() - start < timeout:
        done = b.js("return window.kdCall;")
        if done:
            if "error" in done:
                return {"error": done["error"]}
            return json.loads(done["ok"]) if isinstance(done["ok"], str) else done["ok"]
        time.sleep(0.5)
    return {"error": f"no answer within {timeout} s"}
