#!/usr/bin/env python3
"""What a first visit downloads before the page can be used, and what after:
serves a release build precompressed from loopback (scripts/check/csp_server.py
--log, which records the bytes of every answer), opens it in a fresh headless
Chromium (with a WebGPU adapter) and a fresh Firefox ESR (none), and splits
what the page fetched before the app mounted (its controls there: the first
interaction possible; the page's own Resource Timing entries, compressed
body sizes) from the rest the server sent (the training worker's build, the
service worker's copies), which loads beside and after it. On loopback the
two overlap in time, so the split is by who asked, not by the clock.

With ROUNDS=N it then times N more fresh visits per browser, alternating the
page as shipped (its thread runs the UI-only module) with `?page-thread`
(its thread runs the build with burn's CPU engine, as the page did before
issue 20): when the app mounted and when the teacher's first evaluation
showed, median and range of each.

usage: [ROUNDS=N] first_load.py DIST [PORT]   (prints a table per browser, and JSON last)"""
import json, os, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from lib.page import MOUNTED  # noqa: E402
from lib.server import serve  # noqa: E402
from lib.webdriver import Browser, settles  # noqa: E402

# The teacher evaluated by the worker: its accuracy shown.
READY = "/[0-9]/.test(document.querySelector('[data-testid=teacher-accuracy]')?.textContent || '')"


# The page's own fetches that had finished: [name, compressed body bytes].
PAGE_FETCHES = """const now = performance.now();
return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .filter(e => e.responseEnd <= now).map(e => [e.name, e.encodedBodySize]);"""


def visit(browser, url, log):
    open(log, "w").close()
    with Browser(browser, port=9580, window=(1400, 1000)) as b:
        start = time.time()
        b.open(url)
        if not settles(b.js, MOUNTED, 120):
            sys.exit(f"first load: the app never mounted in {browser}")
        mounted = time.time()
        page = b.js(PAGE_FETCHES)
        settles(b.js, READY, 120)
        ready = time.time()
        time.sleep(3)  # the service worker's own copies, after the page is up
    sent = [json.loads(line) for line in open(log)]
    before = [{"path": "/" + name.split("/", 3)[-1], "bytes": size, "encoding": "(page)"} for name, size in page]
    after = list(sent)
    for fetch in before:  # what the page fetched, the rest is the worker's and the service worker's
        match = next((line for line in after if line["path"] == fetch["path"] and line["bytes"] == fetch["bytes"]), None)
        if match:
            after.remove(match)
    return {"browser": browser, "mounted_ms": round(1000 * (mounted - start)), "ready_ms": round(1000 * (ready - start)),
            "before": before, "after": after}


def table(visit):
    print(f"\n{visit['browser']}: mounted after {visit['mounted_ms']} ms, teacher evaluated after {visit['ready_ms']} ms (polled)")
    for when in ("before", "after"):
        total = sum(line["bytes"] for line in visit[when])
        print(f"  {when} the first interaction: {total / 1e6:.2f} MB in {len(visit[when])} files")
        for line in sorted(visit[when], key=lambda line: -line["bytes"])[:6]:
            print(f"    {line['bytes'] / 1e3:9.1f} kB  {line['encoding'] or 'identity':8} {line['path']}")


def main():
    dist = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8195
    log = tempfile.mktemp(suffix=".jsonl")
    server = serve(dist, port, "--log", log)
    rounds = int(os.environ.get("ROUNDS", "0"))
    try:
        visits = [visit(browser, f"http://127.0.0.1:{port}/", log) for browser in ("chromium", "firefox")]
        timed = {(browser, mode): [] for browser in ("chromium", "firefox") for mode in ("ui", "page-thread")}
        for _ in range(rounds):
            for (browser, mode), runs in timed.items():
                runs.append(visit(browser, f"http://127.0.0.1:{port}/" + ("?page-thread" if mode == "page-thread" else ""), log))
    finally:
        server.kill()
    for (browser, mode), runs in timed.items() if rounds else ():
        for key in ("mounted_ms", "ready_ms"):
            values = sorted(r[key] for r in runs)
            print(f"{browser} {mode:11} {key}: median {values[len(values) // 2]} ms, {values[0]}–{values[-1]} ms over {len(values)} visits")
    for v in visits:
        table(v)
    print(json.dumps([{k: v[k] for k in ("browser", "mounted_ms", "ready_ms")}
                      | {"bytes_before": sum(line["bytes"] for line in v["before"]), "bytes_after": sum(line["bytes"] for line in v["after"])}
                      for v in visits]))


if __name__ == "__main__":
    main()
