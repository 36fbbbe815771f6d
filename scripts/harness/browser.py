"""The harness's browser session and the waits its measurements share.

One headless Chromium over WebDriver (scripts/lib/webdriver.py) with the
harness's own driver port, window and script time-outs, and the two waits
that every part of the harness starts from: for a condition in the page, and
for the page to settle (first evaluation shown, backend probe over). Apart
from the measurements so that all of them (page_figures.py,
where_training.py, throughput.py, stacking.py) share one set-up and one way
of waiting. Imported by bench.py, which puts scripts/ on sys.path for lib/.
"""
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
