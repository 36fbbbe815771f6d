#!/usr/bin/env python3
"""Opens the served release page in headless Chromium through ChromeDriver's
W3C WebDriver HTTP API (scripts/lib/webdriver.py, standard library only),
waits for the app to mount, and fails on a blank page or a visible error banner. It also checks that
the page
- runs the UI-only build (no burn) and fetched no other, while its
  training worker runs the build with burn's WebGPU engine in Chromium
  (which has an adapter here) and the one with the CPU engine in Firefox ESR;
- runs under the Content-Security-Policy it was served with (an injected
  inline script must not run) and broke no rule of it while loading;
- fetched nothing from another origin;
- can be worked with the keyboard: Tab reaches every visible control, and
  the arrow keys move the temperature slider (real key presses, sent by
  WebDriver);
- trains in its web worker (the header says where training runs): the
  teacher's step count climbs and Pause stops it, the students train from
  it, and an experiment (panel 6) reports progress and stops at Cancel, all
  through the worker's messages. The browser tests cannot check this: their
  harness has no trunk-built glue to hand a worker, so their pages train on
  the main thread;
- in Chromium, once it has trained and run that experiment, breaks no rule
  of axe-core of impact serious or critical (axe_check.py, beside this
  file).

With WORKER=fails (the page served by `csp_server.py --worker-fails-after`,
beside this file, whose worker script answers 404 seconds late), it checks
instead that a worker failing while it boots leaves a working page: the session starts on
the page's thread (the CPU engine's build, loaded beside the UI-only one),
the header says why, and a Play clicked while the worker was still booting
is not lost.

usage: [BROWSER=firefox] [WORKER=fails] page_check.py URL [SCREENSHOT.png [SECONDS_BEFORE_SHOT]]
(Chromium by default; Firefox ESR through geckodriver with BROWSER=firefox)
"""
import base64, os, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib.page import CONTROLS, DESCRIBE, MOUNTED, PLACE  # noqa: E402
from lib.webdriver import Browser, call, settles  # noqa: E402
import axe_check  # noqa: E402

REQUIRED = ["temperature-slider", "soft-target-bars", "entropy-marker", "train-teacher",
            "teacher-accuracy", "train-students", "student-kd-accuracy", "student-scratch-accuracy",
            "backend", "error-banner"]


def check_build(js, browser):
    """The loader's choice: the page itself runs the UI-only build (no burn)
    everywhere, and fetched no other wasm (the worker fetches its own, out
    of the page's sight); its training worker runs the build with the
    WebGPU engine where the browser has an adapter (headless Chromium here,
    with --enable-unsafe-webgpu; the header's probe line then reports WebGPU
    ready or timed, which the build without that engine never does), the
    one with the CPU engine elsewhere (Firefox ESR)."""
    build = js("return window.kdBuild ? [window.kdBuild.page, window.kdBuild.name] : null")
    want = "cpu" if browser == "firefox" else "webgpu"
    fetched = js("return performance.getEntriesByType('resource').map(e => e.name.split('/').pop()).filter(n => n.endsWith('.wasm'))")
    failures = []
    if build != ["ui", want]:
        failures.append(f"the loader chose the builds {build!r} (page, worker) in {browser}, not ['ui', {want!r}]")
    if len(fetched) != 1 or "-ui-" not in fetched[0]:
        failures.append(f"the page fetched the wasm modules {fetched}: expected only the UI-only build")
    probe = "document.querySelector('.probe')?.textContent || ''"
    if want == "webgpu" and not settles(js, f"/WebGPU(: ready| probe: [0-9])/.test({probe})", 90):
        failures.append(f"the worker did not run WebGPU's engine: {js('return ' + probe)!r}")
    print(f"page check: the page runs the {build[0] if build else None} build ({', '.join(fetched)}), its worker the {want} one")
    return failures


def check_csp_and_origin(b):
    js = b.js
    failures = []
    # The log first: the probe below causes a violation of its own.
    try:
        logs = call("POST", b.s + "/se/log", {"type": "browser"})
    except OSError as e:
        logs = []
        print(f"page check: (browser log unavailable: {e})")
    refused = [l["message"] for l in logs if "Content Security Policy" in l.get("message", "")]
    if refused:
        failures.append(f"Content-Security-Policy violations while loading: {refused[:3]}")
    ran = js("const e = document.createElement('script'); e.textContent = 'window.__inlineRan = true'; "
             "document.head.appendChild(e); return !!window.__inlineRan")
    if ran:
        failures.append("an inline script ran: the page is not under a strict Content-Security-Policy")
    foreign = js("return performance.getEntriesByType('resource').map(e => e.name)"
                 ".filter(n => !n.startsWith(location.origin) && !n.startsWith('blob:') && !n.startsWith('data:'))")
    if foreign:
        failures.append(f"requests to other origins: {foreign[:5]}")
    return failures


TAB, RIGHT, LEFT = "\ue004", "\ue014", "\ue012"


def check_keyboard(b):
    js = b.js
    failures = []
    controls = js(CONTROLS + DESCRIBE + "return all.map(d)")
    js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    reached, first = set(), None
    for _ in range(len(controls) + 20):
        b.press(TAB)
        now = js(CONTROLS + "return all.indexOf(document.activeElement)")
        if now == first:
            break
        first = now if first is None else first
        reached.add(now)
    missed = [c for i, c in enumerate(controls) if i not in reached]
    if missed:
        failures.append(f"{len(missed)} of {len(controls)} controls never got the focus by Tab: {missed[:5]}")
    # The temperature slider, focused, moves with the arrow keys, and so do the bars' T.
    slider = "document.querySelector('[data-testid=temperature-slider]')"
    shown = "document.querySelector('[data-testid=temperature-value]').textContent"
    js(f"{slider}.focus()")
    before = js(f"return [{slider}.value, {shown}]")
    b.press(RIGHT, 30)
    settles(js, f"+{slider}.value > {float(before[0])} && {shown} !== {before[1]!r}", 5)
    after = js(f"return [{slider}.value, {shown}]")
    if float(after[0]) <= float(before[0]) or after[1] == before[1]:
        failures.append(f"ArrowRight did not move the temperature slider: {before} -> {after}")
    b.press(LEFT, 30)
    settles(js, f"+{slider}.value === {float(before[0])}", 5)
    back = js(f"return {slider}.value")
    if abs(float(back) - float(before[0])) > 1e-9:
        failures.append(f"ArrowLeft did not bring the slider back: {before[0]} -> {back}")
    print(f"page check: Tab reached {len(controls) - len(missed)} of {len(controls)} controls; the arrow keys move the T slider ({before[1]} -> {after[1]})")
    return failures


STEP = ("const t = document.querySelector('[data-testid=train-teacher]').closest('section').textContent;"
        "const m = t.match(/Teacher · step (\\d+)/); return m ? +m[1] : 0")


PROGRESS = "return document.querySelector('[data-testid=experiment-progress]').value"
STATUS = "return document.querySelector('[data-testid=experiment-status]').textContent"
STUDENT = "return document.querySelector('[data-testid=student-kd-accuracy]').textContent.trim()"
# The header's sentence on where training runs (PLACE: "worker" or "page").
PLACE_TEXT = "return document.querySelector('[data-testid=placement]').textContent"
BANNER = "const b = document.querySelector('[data-testid=error-banner]'); return b.classList.contains('hidden') ? '' : b.textContent"


def value(body):
    """A JavaScript function body (ending in `return ...`) as an expression, for settles()."""
    return f"(() => {{ {body} }})()"


def check_worker(js):
    if not settles(js, value(PLACE), 60):
        return ["the training session never said where it runs"]
    place = js(PLACE_TEXT)
    if js(PLACE) != "worker":
        return [f"training does not run in the web worker: {place!r}"]
    js("document.querySelector('[data-testid=train-teacher]').click()")
    if not settles(js, f"{value(STEP)} >= 50", 60):
        return [f"the teacher did not train in the worker (step {js(STEP)})"]
    js("document.querySelector('[data-testid=train-teacher]').click()")
    time.sleep(1.0)
    paused = js(STEP)
    time.sleep(1.0)
    if js(STEP) != paused:
        return [f"Pause did not reach the worker: step {paused} -> {js(STEP)}"]
    # The students learn from the paused teacher there.
    js("document.querySelector('[data-testid=train-students]').click()")
    if not settles(js, f"!['', '–'].includes({value(STUDENT)})", 60):
        return [f"the students did not train in the worker (distilled accuracy {js(STUDENT)!r})"]
    js("document.querySelector('[data-testid=train-students]').click()")
    # Panel 6's experiment runs in the worker too: it reports progress, and
    # Cancel reaches it.
    js("document.querySelector('[data-testid=run-experiment]').click()")
    if not settles(js, f"{value(PROGRESS)} > 0", 60):
        return [f"the experiment made no progress in the worker: {js(STATUS)!r}"]
    js("document.querySelector('[data-testid=cancel-experiment]').click()")
    if not settles(js, f"{value(STATUS)}.includes('Cancelled')", 30):
        return [f"Cancel did not reach the worker's experiment: {js(STATUS)!r}"]
    print(f"page check: {place} The teacher trained to step {paused} there and paused; the students "
          f"trained (distilled {js(STUDENT)}); an experiment ran there and was cancelled ({js(STATUS)!r}).")
    return []


def check_worker_fails_while_booting(js):
    if not settles(js, f"{value(PLACE)} === 'worker'", 10):
        return [f"expected the worker to be booting when the page mounted; the page says {js(PLACE)!r}"]
    js("document.querySelector('[data-testid=train-teacher]').click()")
    if not settles(js, f"{value(PLACE)} === 'page'", 60):
        return [f"the session did not move to the page's thread when the worker failed: {js(PLACE)!r}"]
    why = js(PLACE_TEXT)
    if "could not start" not in why:
        failures = [f"the header does not say why training left the worker: {why!r}"]
    else:
        failures = []
    if not settles(js, f"{value(STEP)} >= 50", 60):
        return failures + [f"the Play clicked while the worker booted was lost: the teacher is at step {js(STEP)}"]
    if js(BANNER):
        failures.append(f"an error banner after the fallback: {js(BANNER)!r}")
    print(f"page check: the worker failed while booting; {why} The Play clicked before that trained the teacher to step {js(STEP)} there.")
    return failures


def main():
    url = sys.argv[1]
    shot = sys.argv[2] if len(sys.argv) > 2 else None
    wait = float(sys.argv[3]) if len(sys.argv) > 3 else 12
    browser = os.environ.get("BROWSER", "chromium")
    with Browser(browser, port=9517, window=(1400, 2000), browser_log=True) as b:
        js = b.js
        b.open(url)
        deadline = time.time() + 90
        while not js(f"return !!{MOUNTED}"):
            if time.time() > deadline:
                print("page check: the app never mounted (blank page)", file=sys.stderr)
                print(js("return document.body.outerHTML")[:2000], file=sys.stderr)
                return 1
            time.sleep(0.5)
        missing = [t for t in REQUIRED if not js(f"return !!document.querySelector('[data-testid={t}]')")]
        if missing:
            print(f"page check: missing {missing}", file=sys.stderr)
            return 1
        if shot:
            time.sleep(wait)
            with open(shot, "wb") as f:
                f.write(base64.b64decode(call("GET", b.s + "/screenshot")))
        banner = js(BANNER)
        if banner:
            print(f"page check: error banner shown: {banner}", file=sys.stderr)
            return 1
        if os.environ.get("WORKER") == "fails":
            failures = check_worker_fails_while_booting(js)
        else:
            failures = check_build(js, browser) + check_csp_and_origin(b) + check_keyboard(b)
            if not shot:
                worker_failures = check_worker(js)
                failures += worker_failures
                # axe-core once the page has trained (whatever the checks before found).
                if browser != "firefox" and not worker_failures:
                    failures += axe_check.check(b)
        if failures:
            for f in failures:
                print(f"page check: {f}", file=sys.stderr)
            return 1
        print(f"page check ({browser}): the app mounted; backend:", js("return document.querySelector('[data-testid=backend]').textContent"))
        return 0


if __name__ == "__main__":
    sys.exit(main())
