#!/usr/bin/env python3
"""MNIST and convolutional networks in the served release page, in headless
Chromium (Firefox ESR with BROWSER=firefox), through WebDriver
(scripts/lib/webdriver.py, standard library only). In one page it checks that

1. the page asks for nothing of MNIST (mnist10k.bin.gz, 1.6 MB) until MNIST
   is chosen;
2. choosing MNIST fetches the file exactly once, with its progress line,
   which hides once the data are in, and brings the image-only controls
   (conv fields, the presets, the attention and hint mixes, the drawing
   pad, the gallery); the service worker, when it controls the page, keeps
   the file in its cache (so MNIST works offline after);
3. the "Small CNN" teacher preset makes the teacher a CNN (its size line
   has "c3" blocks and 784 inputs), and it trains past 80 % test accuracy
   (it trains until it shows 85 %, at most TEACHER_S seconds; the
   evaluation after the pause must still be above 80 %);
3a. before it trains in 3 (Chromium only: Firefox ESR has no WebGPU
   adapter, and the check says so as a skip), the same CNN teacher trains on
   WebGPU, on WEBGPU_POINTS of the digits (on the software adapter the
   session's evaluation of all 10,000 takes over a minute): WebGPU chosen in
   the header's backend select, the header says training runs on WebGPU, the
   teacher, reset, trains (through the header's warm-up status while the
   shaders compile) to step WEBGPU_STEPS or more with its test accuracy
   shown, without an error banner; the steps per second are printed; then
   the select goes back to Auto (the backend the page had chosen), MNIST
   chosen again brings all its digits back, and the teacher is fresh for 3;
4. the temperature slider, moved with the arrow keys, changes the soft-target
   bars, which show each sample as a 28×28 image;
5. the "Tiny CNN" students with attention transfer (the summary names AT)
   train from it: both students' accuracies shown, no error banner;
6. a digit drawn with the mouse is classified: the pad's input as the
   networks read it (28×28 = 784 cells) and the feature maps of the three
   CNNs (teacher, distilled, scratch);
7. the gallery of test digits where the three disagree fills, and hovering
   or focusing one says the models' soft targets;
8. trained weights download: the file the browser saves (in a download
   folder of this check's own) is a CNN's weights file, "KDWEIGHT" first;
9. the page's address reproduces it: opened again (saved settings cleared,
   so only the link speaks), the same dataset, teacher, students and
   knowledge mix;
10. the file saved in 8, picked in the file input through WebDriver, loads
    back into that untrained page: the teacher, at its saved step, and both
    students score exactly what they scored;
11. panel 6's MNIST experiments run in the page (the link's page of 9):
    "Hinton's MNIST table" and "Omitted 3 on MNIST", each with EXPERIMENT_STEPS
    teacher and student steps, run to the end; the first's findings count
    test errors of 2000 beside the paper's 67, the second's name the 3s the
    students never saw, and its table has the bias-corrected student's row
    with its bias;
12. where the MNIST file is missing (a second origin, MISSING_URL, or by
    default a proxy of URL of this script's own that answers 404 for it),
    the link of step 9 (CNNs on MNIST) opened there: the error banner names
    MNIST and stays until dismissed, the dataset goes back to the 8×8
    digits, and the teacher still trains; MNIST chosen again is asked for
    again and refused the same way.

usage: [BROWSER=firefox] [REQUEST_LOG=FILE] [SHOT=PNG] mnist_check.py URL [MISSING_URL]
REQUEST_LOG: the server's --log (csp_server.py); with it, the MNIST requests
are counted at the server too (the page's resource timing counts them
otherwise). SHOT: a screenshot after step 6, the drawing pad and maps in view."""
import base64, http.client, http.server, json, os, shutil, sys, tempfile, threading, time, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
from lib.page import MOUNTED, PLACE, q, text  # noqa: E402
from lib.webdriver import Browser, call, settles  # noqa: E402
from page_check import BANNER, LEFT, PLACE_TEXT, RIGHT, STEP, STUDENT, value  # noqa: E402
from phone_check import rect  # noqa: E402

MNIST_FILE = "mnist10k.bin.gz"
BROWSER = os.environ.get("BROWSER", "chromium")
# Seconds of training at most, and the accuracy the CNN teacher must pass in
# them. It trains until it shows TEACHER_STOP: the evaluation after the
# pause may score a little lower. Measured on two busy cores: 0.2-0.3 steps
# per second both in Chromium (the worker on the software WebGPU adapter)
# and in Firefox ESR (no WebGPU: the CPU), 85 % at step 14-18, 70-90 s.
TEACHER_S = 100
TEACHER_MIN, TEACHER_STOP = 80.0, 85.0
STUDENTS_S = 30
# Then the FitNets hint on the conv maps, for this many seconds more.
HINT_S = 12
# Step 3a (Chromium): the teacher on WebGPU must advance WEBGPU_STEPS steps
# within WEBGPU_S seconds of Train, the first step's shader compilation on
# the software adapter (SwiftShader) included.
# It trains on WEBGPU_POINTS of the digits: the session evaluates the teacher
# on every train and test digit at each refresh, and on the software adapter
# that takes ~8 ms a digit (measured: 10,000 digits 75-90 s; a reset, the
# warm-up and a pause each wait for one). Warm, it trains WEBGPU_TRAIN_S
# seconds (0.5-1 step/s measured), then pauses for the evaluation that shows
# the step count, and trains on while that is short of WEBGPU_STEPS.
WEBGPU_STEPS, WEBGPU_S, WEBGPU_POINTS, WEBGPU_TRAIN_S = 5, 120, 1000, 10
# Step 11: the steps of each teacher and student of panel 6's MNIST
# experiments, and the seconds each run may take.
EXPERIMENT_STEPS, EXPERIMENT_S = 40, 120


def short(message):
    """A console message with its middle left out where long (a page's address can be 900 characters)."""
    return message if len(message) <= 400 else f"{message[:150]} … {message[-250:]}"


def percent(s):
    """'97.3%' as 97.3; None for '–' or ''."""
    try:
        return float(s.rstrip("%"))
    except ValueError:
        return None


# What the page shows on MNIST.
REQUIRED = ["teacher-conv-fields", "teacher-conv", "preset-hinton-teacher", "preset-small-cnn", "preset-tiny-cnn",
            "preset-hinton-student", "preset-tiny-mlp", "knowledge-attention", "knowledge-hint", "weight-attention",
            "weight-hint", "draw-pad", "disagreement-gallery", "export-weights", "import-weights"]
# The MNIST file's requests the page itself made (resource timing).
MNIST_FETCHES = f"return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes({MNIST_FILE!r}))"
# Errors the page reported, for a failure's message (Firefox has no /se/log).
COLLECT_ERRORS = """if (!window.__kdErrors) { window.__kdErrors = [];
  const keep = m => window.__kdErrors.push(String(m).slice(0, 600));
  addEventListener('error', e => keep(`error: ${e.message}`));
  addEventListener('unhandledrejection', e => keep(`unhandled rejection: ${e.reason}`));
  for (const level of ['error', 'warn']) { const f = console[level];
    console[level] = (...a) => { keep(`console.${level}: ${a.join(' ')}`); f.apply(console, a); }; } }"""
# What sw.js lists as the datasets it keeps once fetched.
SW_DATASETS = "return (await (await fetch('sw.js')).text()).match(/DATASETS = new Set\\((\\[[^\\]]*\\])/)?.[1] || null"
# The students' size line (the panel's other .size line is the knowledge summary).
STUDENT_SIZE = ("return [...document.querySelector('[data-testid=train-students]').closest('section').querySelectorAll('p.size')]"
                ".map(p => p.textContent).find(t => t.includes('transfer set')) || ''")
TEACHER_PLAYING = f"{q('train-teacher')}.textContent.includes('Pause')"
# The teacher's Reset button (beside its Train button; no testid of its own).
TEACHER_RESET = f"{q('train-teacher')}.parentElement.querySelector('button[title^=\"New initial weights\"]')"
# The backend the session trains on ("cpu" or "webgpu"), as the header says.
BACKEND_NOW = f"return {q('backend')}.dataset.backend"
BACKEND_OPTION = "document.querySelector('[data-testid=backend-select] option[value=webgpu]')"
# The data panel's Points field (no testid of its own).
POINTS_FIELD = ("[...document.querySelectorAll('label.field')].find(l => l.querySelector('span')?.textContent === 'Points')"
                "?.querySelector('input')")
STUDENTS_PLAYING = f"{q('train-students')}.textContent.includes('Pause')"
# The students' step, as their panel counts it.
STUDENTS_STEP = f"const m = ({q('students-step')}?.textContent || '').match(/step (\\d+)/); return m ? +m[1] : 0"
DATASET = f"return {q('dataset-kind')}.value"
OUTPUTS = f"return !!{q('drawn-outputs')}"
MNIST_READY = (f"{q('dataset-kind')}.value === 'mnist' && {q('mnist-status')}.classList.contains('hidden')"
               f" && {q('teacher-size')}.textContent.startsWith('784-')")


def still(read, seconds=3, at_most=30):
    """`read()` once it has not changed for `seconds` (the evaluation
    after a pause has landed), or after `at_most` seconds."""
    last, since, deadline = read(), time.time(), time.time() + at_most
    while time.time() - since < seconds and time.time() < deadline:
        time.sleep(0.5)
        now = read()
        if now != last:
            last, since = now, time.time()
    return last


class Check:
    def __init__(self, b):
        self.b, self.js, self.failures = b, b.js, []

    def fail(self, message):
        self.failures.append(message)
        print(f"mnist check ({BROWSER}): FAILED: {message}", file=sys.stderr)

    def say(self, message):
        print(f"mnist check ({BROWSER}): {message}", flush=True)

    def click(self, testid):
        self.js(f"{q(testid)}.click()")

    def choose(self, testid, name):
        """A select's option `name` chosen, as a user's choice (a change event)."""
        self.js(f"const s = {q(testid)}; s.value = {name!r}; s.dispatchEvent(new Event('change', {{bubbles: true}}))")

    def choose_dataset(self, kind):
        self.js(f"const s = {q('dataset-kind')}; s.value = {kind!r}; s.dispatchEvent(new Event('change', {{bubbles: true}}))")

    def banner(self):
        return self.js(BANNER)

    def page_errors(self):
        """The browser's console (Chromium) and what the page reported since mounting."""
        lines = []
        if BROWSER != "firefox":
            try:
                lines += [short(l["message"]) for l in call("POST", self.b.s + "/se/log", {"type": "browser"}) if l.get("level") in ("SEVERE", "WARNING")]
            except OSError:
                pass
        lines += self.js("return window.__kdErrors || []")
        return lines

    def mount(self, url):
        self.b.open(url)
        if not settles(self.js, MOUNTED, 90):
            self.fail(f"the app never mounted at {url}: {self.js('return document.body.innerText')[:300]!r}")
            return False
        self.js(COLLECT_ERRORS)
        return True

    def train(self, button, playing, seconds, done=None, progress=None):
        """Presses `button` (Train), waits up to `seconds` (less once `done`,
        an expression, holds), presses it again (Pause); the seconds trained.
        `progress` (a function body) is read every ten seconds into self.trace."""
        start, self.trace = time.time(), []
        self.click(button)
        if not settles(self.js, playing, 30):
            self.fail(f"{button} did not start training: it reads {self.js(text(button))!r}")
            return 0
        # What it reached every ten seconds, for the report.
        self.trace, mark = [], start
        while time.time() - start < seconds and not self.js(f"return !!({done or 'false'})"):
            time.sleep(0.5)
            if time.time() - mark >= 10:
                mark = time.time()
                self.trace.append(f"{mark - start:.0f} s: {self.js(progress) if progress else ''}")
        self.click(button)
        if not settles(self.js, f"!({playing})", 15):
            self.fail(f"{button} did not pause: it reads {self.js(text(button))!r}")
        return time.time() - start


def mnist_requests(log, since):
    """The MNIST file's requests in the server's log since `since` (None without a log)."""
    if not log:
        return None
    with open(log) as f:
        lines = [json.loads(l) for l in f if l.strip()]
    return [l for l in lines if l["t"] >= since and MNIST_FILE in l["path"]]


def step_load(c, url, log, since):
    """Steps 1–2: nothing of MNIST before it is chosen; then one fetch, progress, and the data in."""
    js = c.js
    if not c.mount(url):
        return False
    if not settles(js, value(PLACE), 60):
        c.fail("the training session never said where it runs")
    build = js("return window.kdBuild ? `page ${window.kdBuild.page}, worker ${window.kdBuild.name}` : 'no kdBuild'")
    c.say(f"mounted ({build} build; {js('return document.querySelector(' + repr('.probe') + ')?.textContent')}); {js(PLACE_TEXT)}")
    kind = js(DATASET)
    if kind not in ("digits", "mnist") and js(f"return !!{q('teacher-conv-fields')}"):
        c.fail(f"the teacher's conv fields show on {kind}, which is no image")
    # The service worker controls the page a moment after a first visit;
    # then its cache must keep MNIST once fetched.
    controlled = settles(js, "navigator.serviceWorker && navigator.serviceWorker.controller", 15)
    time.sleep(2)  # whatever the page would fetch on its own, it has asked for by now
    early, logged = js(MNIST_FETCHES), mnist_requests(log, since)
    if early or logged:
        c.fail(f"MNIST was fetched before it was chosen: {early} {logged or ''}")
    c.say(f"1. no MNIST request before it is chosen (resource timing{' and the server log' if log else ''})")
    # Slow progress is not measured here: the local server sends 1.6 MB at once.
    js("window.__mnistLines = []; new MutationObserver(() => { const t = " + q('mnist-status') + ".textContent;"
       " if (t && !window.__mnistLines.includes(t)) window.__mnistLines.push(t); })"
       f".observe({q('mnist-status')}, {{childList: true, subtree: true, characterData: true, attributes: true}})")
    start = time.time()
    c.choose_dataset("mnist")
    if not settles(js, MNIST_READY, 60):
        c.fail(f"MNIST was not ready within 60 s: status {js(text('mnist-status'))!r}, dataset {js(DATASET)!r}, "
               f"teacher {js(text('teacher-size'))!r}, banner {c.banner()!r}; errors {c.page_errors()[:5]}")
        return False
    took = time.time() - start
    missing = [t for t in REQUIRED if not js(f"return !!{q(t)}")]
    if missing:
        c.fail(f"on MNIST the page lacks {missing}")
    fetched, logged = js(MNIST_FETCHES), mnist_requests(log, since)
    if len(fetched) != 1:
        c.fail(f"the page fetched MNIST {len(fetched)} times: {fetched}")
    if logged is not None and len(logged) != 1:
        c.fail(f"the server answered {len(logged)} requests for MNIST: {logged}")
    lines = js("return window.__mnistLines")
    if not any(l.startswith("Loading the MNIST digits") and "1.6 MB" in l for l in lines):
        c.fail(f"no progress line while MNIST loaded: the status said {lines}")
    sizes = f", {sum(l['bytes'] for l in logged) / 1e6:.2f} MB sent" if logged else ""
    c.say(f"2. MNIST chosen: ready in {took:.1f} s, fetched once ({len(fetched)} in resource timing, "
          f"{len(logged) if logged is not None else 'no server log'} at the server{sizes}); status lines {lines[:2]}")
    if controlled:
        kept = f"""const want = new URL({MNIST_FILE!r}, location.href).href;
for (const name of await caches.keys()) if (name.startsWith('kd-playground-') && await (await caches.open(name)).match(want)) return name;
return null;"""
        deadline, cache = time.time() + 5, None
        while time.time() < deadline and not cache:
            cache = c.b.js_async(kept)
            time.sleep(0.5)
        if not cache:
            datasets = c.b.js_async(SW_DATASETS)
            c.fail("the service worker controlled the page but did not keep MNIST in its cache, so MNIST "
                   f"cannot load offline (sw.js lists as its DATASETS: {datasets!r})")
        else:
            c.say(f"2. the service worker kept MNIST in its cache {cache}")
    else:
        c.say("2. (no service worker controlled the page within 15 s: its cache not checked)")
    return True


def step_teacher(c):
    js = c.js
    c.click("preset-small-cnn")
    if not settles(js, f"{q('teacher-size')}.textContent.includes('c3')", 10):
        return c.fail(f"the Small CNN preset did not make the teacher a CNN: {js(text('teacher-size'))!r}")
    size = js(text("teacher-size"))
    conv = js(f"return {q('teacher-conv')}?.value")
    c.say(f"3. Small CNN teacher: {size} (conv blocks field {conv})")
    # The probe follows the model at hand: the CNN is timed on both backends
    # and the header says what Auto chose for it.
    why = f"({q('backend-why')}?.textContent || '')"
    if not settles(js, f"{why}.startsWith('Auto chose') && {why}.includes('784-16c3-32c3-128-10')", 180):
        return c.fail(f"the probe did not time the CNN teacher within 180 s: the header says {js('return ' + why)!r}")
    line = js("return " + why)
    c.say(f"3. the probe timed the CNN teacher: {line!r}")
    if not line.startswith("Auto chose the CPU") or js(BACKEND_NOW) != "cpu":
        c.fail(f"on this machine's software adapter (or none) the CPU is the faster for the CNN, yet: {line!r}, training on {js(BACKEND_NOW)}")
    step_webgpu(c)
    took = c.train("train-teacher", TEACHER_PLAYING, TEACHER_S, f"+{value(text('teacher-accuracy'))}.replace('%', '') >= {TEACHER_STOP}",
                   f"{STEP.replace('return m ?', 'return (m ?')}) + ' steps, ' + {q('teacher-accuracy')}.textContent")
    c.say(f"3. teacher progress: {'; '.join(c.trace)}")
    # The step count moves between evaluations (each takes seconds on 10,000 digits).
    seen = [int(t.split(": ", 1)[1].split(" steps")[0]) for t in c.trace if " steps" in t]
    if len(seen) >= 2 and seen[-1] <= seen[0]:
        c.fail(f"the teacher's step count stood still while it trained: {c.trace}")
    acc, step = still(lambda: (js(text("teacher-accuracy")), js(STEP)))
    c.say(f"3. the teacher trained {took:.0f} s: step {step}, test accuracy {acc} ({step / max(took, 1e-9):.1f} steps/s)")
    if (percent(acc) or 0) <= TEACHER_MIN:
        c.fail(f"the CNN teacher reached only {acc} (step {step}) in {took:.0f} s; more than {TEACHER_MIN:.0f} % expected")
    return size


def set_points(c, n):
    """The data panel's Points field set to `n`, as typed."""
    c.js(f"const e = {POINTS_FIELD}; e.value = {str(n)!r}; e.dispatchEvent(new Event('change', {{bubbles: true}}))")


def step_webgpu(c):
    """Step 3a: the CNN teacher trains on WebGPU (Chromium's software adapter)
    on WEBGPU_POINTS of the MNIST digits; then the backend goes back to what
    it was (Auto), all the digits come back, and the teacher starts afresh."""
    js = c.js
    probe = "return document.querySelector('.probe')?.textContent || ''"
    if BROWSER == "firefox":
        c.say(f"3a. WebGPU training skipped in firefox: no WebGPU adapter (the header: {js(probe)!r})")
        return
    if not settles(js, f"{BACKEND_OPTION} && !{BACKEND_OPTION}.disabled", 90):
        return c.fail(f"the header never offered WebGPU (its option stays disabled): {js(probe)!r}")
    if not js(f"return !!{POINTS_FIELD}"):
        return c.fail("the data panel has no Points field")
    before, choice, points = js(BACKEND_NOW), js(f"return {q('backend-select')}.value"), js(f"return {POINTS_FIELD}.value")
    start = time.time()
    # Fewer digits first, on the backend the page chose: the session's evaluation then takes seconds, not minutes.
    set_points(c, WEBGPU_POINTS)
    if not settles(js, f"{POINTS_FIELD}.value === {str(WEBGPU_POINTS)!r} && {value(STEP)} === 0", 30):
        return c.fail(f"the Points field did not take {WEBGPU_POINTS}: it reads {js(f'return {POINTS_FIELD}.value')!r}")
    c.choose("backend-select", "webgpu")
    if not settles(js, f"{value(BACKEND_NOW)} === 'webgpu'", 90):
        c.fail(f"WebGPU chosen, but the header says {js(text('backend'))!r} after 90 s "
               f"(probe {js(probe)!r}, notice {js(text('notice'))!r}, banner {c.banner()!r})")
        return webgpu_restore(c, before, choice, points)
    header = js(text("backend"))
    if "WebGPU" not in header:
        c.fail(f"on WebGPU the header does not say so: {header!r}")
    c.say(f"3a. WebGPU chosen (the page was on {before}, select {choice!r}) on {WEBGPU_POINTS} of the {points} digits: "
          f"{header!r} after {time.time() - start:.1f} s; {js(probe)!r}")
    js(f"{TEACHER_RESET}.click()")
    # The statuses the header shows (shader warm-up), and when Train first
    # said Pause: the session answers Play once the reset's evaluation (the
    # first on WebGPU: shaders compile) is done.
    statuses, points_seen, playing, warm, rounds = [], [], None, None, []
    start = time.time()
    c.click("train-teacher")
    while time.time() - start < WEBGPU_S:
        step, acc, status, now_playing = js(f"return [{value(STEP)}, {q('teacher-accuracy')}.textContent.trim(), "
                                            f"document.querySelector('[data-testid=status]')?.textContent || '', {TEACHER_PLAYING}]")
        at = time.time() - start
        if status and status not in [s for _, s in statuses]:
            statuses.append((round(at, 1), status))
        if playing is None and now_playing:
            playing = at
        if not points_seen or points_seen[-1][1] != step:
            points_seen.append((at, step))
        if warm is None and now_playing and step >= 1 and not status:
            warm, warm_step = at, step
        if step >= WEBGPU_STEPS and percent(acc) is not None or c.banner():
            break
        # Warm: the step count shows at each evaluation, which on the
        # software adapter comes rarely while it trains, and at a pause.
        if warm is not None and now_playing and at - warm >= WEBGPU_TRAIN_S:
            c.click("train-teacher")
            if not settles(js, f"!({TEACHER_PLAYING}) && {value(STEP)} !== {step}", max(5, WEBGPU_S - at)):
                break
            now = js(STEP)
            # Steps trained warm, and the seconds they took (from the evaluation before to the pause).
            rounds.append((now - warm_step, at - warm))
            points_seen.append((time.time() - start, now))
            if now < WEBGPU_STEPS:
                warm, warm_step = time.time() - start, now
                c.click("train-teacher")
            continue
        time.sleep(0.25)
    if js(f"return {TEACHER_PLAYING}"):
        c.click("train-teacher")
    took = time.time() - start
    if playing is None:
        c.fail(f"train-teacher did not start training on WebGPU in {WEBGPU_S} s: it reads {js(text('train-teacher'))!r}; "
               f"statuses {statuses}, banner {c.banner()!r}, errors {c.page_errors()[:5]}")
        return webgpu_restore(c, before, choice, points)
    step, acc = still(lambda: (js(STEP), js(text("teacher-accuracy"))), 3, 60)
    rate = js(text("backend"))
    first = next((t for t, s in points_seen if s >= 1), None)
    n, secs = sum(r[0] for r in rounds), sum(r[1] for r in rounds)
    warm_rate = f"{n / secs:.2f} steps/s warm ({n} steps in {secs:.1f} s)" if secs else "no warm rate (no pause)"
    c.say(f"3a. WebGPU teacher: step {step} in {took:.1f} s, test accuracy {acc}: {warm_rate}, {step / max(took, 1e-9):.2f} steps/s "
          f"in all (Train said Pause at {playing:.1f} s, the first step showed at {first if first is None else round(first, 1)} s); "
          f"header {rate!r}; statuses (s, text) {statuses}; (s, step) {[(round(t, 1), s) for t, s in points_seen][:12]}")
    if c.banner():
        c.fail(f"an error banner while the teacher trained on WebGPU: {c.banner()!r}")
    if step < WEBGPU_STEPS:
        c.fail(f"on WebGPU the teacher reached step {step} in {took:.0f} s, not {WEBGPU_STEPS} (statuses {statuses}; errors {c.page_errors()[:5]})")
    if percent(acc) is None:
        c.fail(f"on WebGPU the teacher's accuracy shows no percentage: {acc!r}")
    webgpu_restore(c, before, choice, points)


def webgpu_restore(c, before, choice, points):
    """Step 3a's end: the backend select back to `choice` (the backend
    `before`), all `points` digits back (MNIST chosen again), the teacher fresh."""
    js = c.js
    start = time.time()
    c.choose("backend-select", choice)
    if not settles(js, f"{value(BACKEND_NOW)} === {before!r}", 120):
        c.fail(f"{choice} chosen again, but the header says {js(text('backend'))!r} after 120 s, not the {before} it said before")
    # MNIST chosen again takes all of it (the Points field's own range ends lower).
    c.choose_dataset("mnist")
    if not settles(js, f"{MNIST_READY} && {POINTS_FIELD}.value === {points!r}", 60):
        c.fail(f"MNIST chosen again did not bring back its {points} digits: Points {js(f'return {POINTS_FIELD}.value')!r}")
    js(f"{TEACHER_RESET}.click()")
    if not settles(js, f"{value(STEP)} === 0 && {value(text('teacher-accuracy'))} !== '–'", 60):
        c.fail(f"the teacher is not fresh after step 3a: step {js(STEP)}, {js(text('teacher-accuracy'))!r}")
    c.say(f"3a. back to {choice!r} in {time.time() - start:.1f} s: {js(text('backend'))!r}, {js(f'return {POINTS_FIELD}.value')} digits; "
          f"the teacher at step {js(STEP)} ({js(text('teacher-accuracy'))})")


BARS = f"return [...document.querySelectorAll('[data-testid=soft-target-bars] .bar')].map(b => b.dataset.prob)"
SLIDER, SHOWN_T = q("temperature-slider"), f"{q('temperature-value')}.textContent"


def step_slider(c):
    js = c.js
    # An image's cells: its viewBox's (only inked cells are elements, on a white square).
    images = js("return [...document.querySelectorAll('[data-testid=soft-target-bars] svg.digit')].map(s => s.viewBox.baseVal.width * s.viewBox.baseVal.height)")
    if not images or any(n != 784 for n in images):
        c.fail(f"the soft-target bars' samples are not 28×28 images: {images} cells")
    before, t0, p0 = js(BARS), js(f"return {SHOWN_T}"), js(f"return {SLIDER}.value")
    js(f"{SLIDER}.focus()")
    c.b.press(RIGHT, 40)
    settles(js, f"{SHOWN_T} !== {t0!r}", 5)
    time.sleep(0.5)
    after, t1 = js(BARS), js(f"return {SHOWN_T}")
    if not before or after == before:
        c.fail(f"moving T from {t0} to {t1} did not change the soft-target bars ({len(before)} bars)")
    changed = sum(a != b for a, b in zip(before, after))
    c.b.press(LEFT, 40)
    # The slider's position comes back; T to that position's value (the
    # log scale's T = 4 lies between two positions).
    settles(js, f"{SLIDER}.value === {p0!r}", 5)
    c.say(f"4. T {t0} -> {t1} changed {changed} of {len(before)} soft-target bars; {len(images)} samples shown as 28×28 images; T back to {js(f'return {SHOWN_T}')}")


def step_students(c):
    js = c.js
    c.click("preset-tiny-cnn")
    c.click("knowledge-attention")
    time.sleep(0.5)
    summary, weight = js(text("knowledge-summary")), js(f"return {q('weight-attention')}?.value")
    if "AT" not in summary:
        c.fail(f"attention transfer chosen, but the knowledge summary does not name AT: {summary!r}")
    student = js(STUDENT_SIZE)
    if "c3" not in student:
        c.fail(f"the Tiny CNN preset did not make the students CNNs: {student!r}")
    c.say(f"5. Tiny CNN students: {student}; knowledge: {summary} (attention weight {weight})")
    took = c.train("train-students", STUDENTS_PLAYING, STUDENTS_S, None,
                   f"return {q('student-kd-accuracy')}.textContent + ' / ' + {q('student-scratch-accuracy')}.textContent")
    c.say(f"5. students' progress (distilled / scratch): {'; '.join(c.trace)}")
    kd, scratch = still(lambda: (js(STUDENT), js(text("student-scratch-accuracy"))))
    if percent(kd) is None or percent(scratch) is None:
        c.fail(f"the students' accuracies are not shown after {took:.0f} s of training: distilled {kd!r}, scratch {scratch!r}")
    if c.banner():
        c.fail(f"an error banner while the students trained: {c.banner()!r}")
    c.say(f"5. the students trained {took:.0f} s: distilled {kd}, scratch {scratch} "
          f"(agreement with the teacher {js(text('student-kd-agreement'))} / {js(text('student-scratch-agreement'))})")
    # The FitNets hint between conv maps (a 1×1 regressor; the teacher's map
    # resized where sizes differ): the students go on learning with it.
    c.click("knowledge-hint")
    time.sleep(0.5)
    summary, before = js(text("knowledge-summary")), js(STUDENTS_STEP)
    if "hint" not in summary:
        c.fail(f"the FitNets hint chosen, but the knowledge summary does not name it: {summary!r}")
    took = c.train("train-students", STUDENTS_PLAYING, HINT_S)
    step, kd = still(lambda: (js(STUDENTS_STEP), js(STUDENT)))
    if step <= before:
        c.fail(f"with the hint the students did not train: step {before} before, {step} after {took:.0f} s")
    if percent(kd) is None or c.banner():
        c.fail(f"with the hint: distilled {kd!r}, banner {c.banner()!r}")
    c.say(f"5. with the FitNets hint ({summary}): steps {before} → {step} in {took:.0f} s, distilled {kd}")


def draw_seven(c):
    x, y, w, h = rect(c.js, "[data-testid=draw-pad]")
    stroke = [(x - w * .28, y - h * .3), (x + w * .28, y - h * .3), (x - w * .05, y + h * .35)]
    steps = [{"type": "pointerMove", "x": round(stroke[0][0]), "y": round(stroke[0][1]), "duration": 0}, {"type": "pointerDown", "button": 0}]
    for (ax, ay), (bx, by) in zip(stroke, stroke[1:]):
        for i in range(1, 11):
            steps.append({"type": "pointerMove", "x": round(ax + (bx - ax) * i / 10), "y": round(ay + (by - ay) * i / 10), "duration": 16})
    steps.append({"type": "pointerUp", "button": 0})
    c.b.mouse(steps)


def step_draw(c, shot):
    js = c.js
    js(f"{q('draw-clear')}?.click()")
    draw_seven(c)
    maps = "[data-testid=conv-maps] [data-testid=maps-teacher], [data-testid=conv-maps] [data-testid=maps-distilled], [data-testid=conv-maps] [data-testid=maps-scratch]"
    if not settles(js, f"document.querySelector('[data-testid=drawn-input]') && document.querySelectorAll({maps!r}).length === 3", 20):
        return c.fail(f"a drawn digit did not give the input and the three CNNs' maps: outputs {js(OUTPUTS)}, "
                      f"maps {js('return [...document.querySelectorAll(' + repr('[data-testid^=maps-]') + ')].map(m => m.dataset.testid)')}; errors {c.page_errors()[:5]}")
    cells = js("const s = document.querySelector('[data-testid=drawn-input] svg'); return s.viewBox.baseVal.width * s.viewBox.baseVal.height")
    if cells != 784:
        c.fail(f"the drawn digit as the networks read it has {cells} cells, not 28×28 = 784")
    inked = js("return +document.querySelector('[data-testid=drawn-input] svg').dataset.inked")
    said = js("return [...document.querySelectorAll('[data-testid=drawn-outputs] .bar-caption')].map(c => c.textContent)")
    shown = js("return [...document.querySelectorAll('[data-testid^=maps-]')].map(m => `${m.dataset.testid.slice(5)}: ${m.querySelectorAll('.block-maps').length} blocks, ${m.querySelectorAll('.filters > *').length} filters`)")
    if len(said) != 3:
        c.fail(f"the drawing was classified by {len(said)} models, not 3: {said}")
    c.say(f"6. a drawn 7: {cells} input cells ({inked} inked); {'; '.join(said)}; maps {'; '.join(shown)}")
    if shot:
        js("document.querySelector('[data-testid=draw-pad]').scrollIntoView({block: 'start'}); window.scrollBy(0, -60)")
        time.sleep(0.5)
        with open(shot, "wb") as f:
            f.write(base64.b64decode(call("GET", c.b.s + "/screenshot")))
        c.say(f"6. screenshot {shot}")


def step_gallery(c):
    js = c.js
    if not settles(js, "document.querySelectorAll('[data-testid=gallery-digit]').length > 0", 10):
        return c.fail(f"the disagreement gallery is empty after training: {js(text('disagreement-gallery'))[:200]!r}")
    n = js("return document.querySelectorAll('[data-testid=gallery-digit]').length")
    x, y, _, _ = rect(js, "[data-testid=gallery-digit]")
    c.b.mouse([{"type": "pointerMove", "x": round(x), "y": round(y), "duration": 50}])
    detail = "(" + value(text("gallery-detail")) + ")"
    if not settles(js, f"{detail}.startsWith('Test digit') && {detail}.includes('teacher says')", 5):
        c.fail(f"hovering a gallery digit did not fill the detail: {js(text('gallery-detail'))!r}")
    hovered = js(text("gallery-detail"))
    # The keyboard's way: focus the last digit.
    js("const all = document.querySelectorAll('[data-testid=gallery-digit]'); all[all.length - 1].focus()")
    last = js("const all = document.querySelectorAll('[data-testid=gallery-digit]'); return all[all.length - 1].getAttribute('aria-label')")
    wanted = last.split(",")[0].replace("test digit", "Test digit")
    if not settles(js, f"{detail}.startsWith({wanted!r})", 5):
        c.fail(f"focusing {last!r} did not show its soft targets: {js(text('gallery-detail'))!r}")
    c.say(f"7. the gallery shows {n} digits where the models disagree; hover: {hovered[:140]!r}")


def step_download(c, folder):
    """Step 8: the trained CNNs' weights file, as the browser saved it in
    `folder`; its path, or None."""
    js = c.js
    c.click("export-weights")
    if not settles(js, f"{value(text('weights-status'))}.startsWith('Saved')", 30):
        c.fail(f"no weights download: {js(text('weights-status'))!r}")
        return None
    name = js("return document.querySelector('[data-testid=export-link]').download")
    path, deadline = os.path.join(folder, name), time.time() + 30
    # The browser writes it under a temporary name first.
    while not (os.path.exists(path) and not [f for f in os.listdir(folder) if f.endswith((".part", ".crdownload"))]):
        if time.time() > deadline:
            c.fail(f"the browser did not save {name}: the download folder holds {os.listdir(folder)}")
            return None
        time.sleep(0.2)
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:8] != b"KDWEIGHT":
        c.fail(f"the saved weights file {name} does not start with KDWEIGHT: {raw[:16]!r}")
        return None
    c.say(f"8. {js(text('weights-status'))} The browser saved {len(raw)} bytes, KDWEIGHT first")
    return path


def settings_texts(js):
    return {"dataset": js(DATASET), "teacher": js(text("teacher-size")), "students": js(STUDENT_SIZE).split(" · transfer")[0],
            "knowledge": js(text("knowledge-summary"))}


def step_link(c, before):
    """Step 9: the page's address, opened again with the saved settings cleared, is the same page."""
    js = c.js
    link = js("return location.href")
    js("localStorage.clear()")
    if not c.mount(link):
        return False
    if not settles(js, MNIST_READY, 60):
        c.fail(f"the link's MNIST did not load: {js(text('mnist-status'))!r}, teacher {js(text('teacher-size'))!r}, banner {c.banner()!r}")
        return False
    after = settings_texts(js)
    for key in before:
        if after[key] != before[key]:
            c.fail(f"the link did not reproduce the {key}: {before[key]!r} became {after[key]!r} (link {link})")
    notices = js("return document.querySelector('[data-testid=config-notices]')?.textContent || ''")
    if notices:
        c.fail(f"the link's settings came with notices: {notices!r}")
    c.say(f"9. the link ({len(link)} characters, {urllib.parse.urlsplit(link).query[:90]}…) reproduces the dataset, "
          f"teacher ({after['teacher']}), students and knowledge mix")
    return True


def step_load_weights(c, path, saved, saved_students):
    js = c.js
    if js(STEP) != 0:
        c.fail(f"the reopened page's teacher is not fresh: step {js(STEP)}")
    c.b.pick_file("[data-testid=import-weights]", path)
    if not settles(js, f"{value(text('weights-status'))}.startsWith('Read ')", 30):
        return c.fail(f"the weights file did not load back: {js(text('weights-status'))!r}")
    status = js(text("weights-status"))
    want_acc, want_step = saved
    if not settles(js, f"{value(STEP)} === {want_step} && {value(text('teacher-accuracy'))} === {want_acc!r}", 30):
        return c.fail(f"the loaded teacher is at step {js(STEP)} with {js(text('teacher-accuracy'))}, not step {want_step} with {want_acc} ({status!r})")
    kd, scratch = saved_students
    if not settles(js, f"{value(STUDENT)} === {kd!r} && {value(text('student-scratch-accuracy'))} === {scratch!r}", 30):
        c.fail(f"the loaded students score {js(STUDENT)} / {js(text('student-scratch-accuracy'))}, not the saved {kd} / {scratch} ({status!r})")
    c.say(f"10. {status} The teacher is back at step {want_step} with {want_acc}, the students at {kd} / {scratch}")


FINDINGS = "return [...document.querySelectorAll('[data-testid=experiment-findings] li')].map(l => l.textContent)"
TABLE = ("return [...document.querySelectorAll('[data-testid=experiment-table] tr')]"
         ".map(tr => [...tr.children].map(td => td.textContent.trim()))")
# The run has ended (Run enabled again), and finished (the status says done, not why it stopped).
EXPERIMENT_ENDED = f"!{q('run-experiment')}.disabled"
EXPERIMENT_DONE = f"{EXPERIMENT_ENDED} && {q('experiment-status')}.textContent.includes('done')"


def run_mnist_experiment(c, preset):
    """Runs panel 6's MNIST preset `preset` with EXPERIMENT_STEPS steps; its (findings, table) or None."""
    js = c.js
    c.click(f"preset-{preset}")
    if not settles(js, MNIST_READY, 60):
        c.fail(f"{preset}: MNIST not ready after the preset: status {js(text('mnist-status'))!r}, teacher {js(text('teacher-size'))!r}")
        return None
    for field, n in (("experiment-teacher-steps", EXPERIMENT_STEPS), ("experiment-student-steps", EXPERIMENT_STEPS), ("experiment-seeds", 1)):
        js(f"const e = {q(field)}; e.value = {str(n)!r}; e.dispatchEvent(new Event('change', {{bubbles: true}}))")
    wrong = js(text("experiment-settings-error"))
    shown = [js(f"return {q(f)}.value") for f in ("experiment-teacher-steps", "experiment-student-steps", "experiment-seeds")]
    if wrong or shown != [str(EXPERIMENT_STEPS), str(EXPERIMENT_STEPS), "1"]:
        c.fail(f"{preset}: the plan's fields read {shown} ({wrong!r})")
        return None
    plan, look = js(text("experiment-plan")), js(text("experiment-look-for"))
    c.say(f"11. {preset}: teacher {js(text('teacher-size'))}; students {js(STUDENT_SIZE)}; plan {plan!r}; look for {look[:80]!r}…")
    start = time.time()
    c.click("run-experiment")
    if not settles(js, f"{q('run-experiment')}.disabled || {EXPERIMENT_DONE}", 10):
        c.fail(f"{preset}: Run did not start the experiment: {js(text('experiment-status'))!r}")
        return None
    trace, mark = [], start
    while time.time() - start < EXPERIMENT_S and not js(f"return ({EXPERIMENT_ENDED}) || !!({value(BANNER)})"):
        time.sleep(0.5)
        if time.time() - mark >= 10:
            mark = time.time()
            trace.append(f"{mark - start:.0f} s: {js(text('experiment-status'))}")
    took, status = time.time() - start, js(text("experiment-status"))
    if not js(f"return !!({EXPERIMENT_DONE})"):
        if not js(f"return {EXPERIMENT_ENDED}"):
            js(f"{q('cancel-experiment')}.click()")
        c.fail(f"{preset}: the experiment did not finish in {took:.0f} s: status {status!r}, banner {c.banner()!r}; "
               f"progress {trace}; errors {c.page_errors()[:5]}")
        return None
    if c.banner():
        c.fail(f"{preset}: an error banner after the experiment: {c.banner()!r}")
    findings, table = js(FINDINGS), js(TABLE)
    c.say(f"11. {preset}: finished in {took:.0f} s ({status}); progress {'; '.join(trace) or '(under 10 s)'}; "
          f"{len(table) - 1} table rows; findings {[f[:160] for f in findings]}")
    return findings, table


def js_crashed(c):
    """Whether the page shows the banner a panic or a dead worker leaves (with its Reload link)."""
    return c.js(f"return !!{q('panic-reload')}")


def step_experiments(c):
    """Step 11: Hinton's MNIST table and the omitted 3, run in the page."""
    got = run_mnist_experiment(c, "mnist-hinton")
    if got:
        findings, table = got
        table_line = next((f for f in findings if "As test errors of 2000" in f), None)
        if not table_line or "67 errors" not in table_line:
            c.fail(f"mnist-hinton: no finding counts \"As test errors of 2000\" beside the paper's \"67 errors\": {findings}")
        models = {row[2] for row in table[1:] if len(row) > 2}
        if not {"teacher", "distilled", "scratch"} <= models:
            c.fail(f"mnist-hinton: the result table lacks the teacher, distilled or scratch rows: {table}")
    if js_crashed(c):
        # The worker is gone: the omitted 3 gets a page of its own (the same settings, reloaded).
        c.say(f"11. the page broke (the failure above); reloaded for the omitted 3: {c.banner()[:120]!r}")
        if not c.mount(c.js("return location.href")) or not settles(c.js, MNIST_READY, 60):
            return c.fail(f"the reloaded page did not load MNIST: {c.js(text('mnist-status'))!r}, banner {c.banner()!r}")
    got = run_mnist_experiment(c, "mnist-omitted-3")
    if got:
        findings, table = got
        if not any("on the 3s" in f for f in findings) or not any("it never saw a 3" in f for f in findings):
            c.fail(f"mnist-omitted-3: the findings do not name the 3s (\"on the 3s\", \"it never saw a 3\"): {findings}")
        head = table[0] if table else []
        bias_at = head.index("bias") if "bias" in head else None
        corrected = [row for row in table[1:] if len(row) > 2 and row[2] == "distilled + bias"]
        if bias_at is None or not corrected:
            c.fail(f"mnist-omitted-3: the result table has no bias-corrected student (\"distilled + bias\" with a \"bias\" column): {table}")
        elif percent(corrected[0][bias_at]) is None:
            c.fail(f"mnist-omitted-3: the bias-corrected student's bias reads {corrected[0][bias_at]!r}: {corrected[0]}")
        else:
            c.say(f"11. mnist-omitted-3: the bias-corrected row {corrected[0]} (columns {head})")


class MissingMnist(http.server.BaseHTTPRequestHandler):
    """A proxy of the page's server that answers 404 for the MNIST file, as a
    host that lacks it (every other answer passed on as it came)."""
    upstream = None

    def do_GET(self):
        if MNIST_FILE in self.path:
            self.send_error(404, "no MNIST on this server (mnist_check.py)")
            return
        u = urllib.parse.urlsplit(self.upstream)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn.request("GET", self.path, headers=headers)
        r = conn.getresponse()
        body = r.read()
        self.send_response(r.status, r.reason)
        for k, v in r.getheaders():
            if k.lower() not in ("connection", "transfer-encoding", "content-length", "server", "date"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        conn.close()

    def log_message(self, *args):
        pass


def start_missing_proxy(url):
    u = urllib.parse.urlsplit(url)
    MissingMnist.upstream = f"{u.scheme}://{u.netloc}"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), MissingMnist)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{u.path or '/'}"


def step_missing(c, url, query):
    """Step 12: the page where the MNIST file is missing, opened by a link
    naming MNIST (`query`, the link of step 9; the default settings with
    MNIST chosen at once where there is none), then MNIST chosen again."""
    js = c.js
    if not c.mount(url + ("?" + query if query else "")):
        return
    if not query:
        c.choose_dataset("mnist")
    shown = f"{value(BANNER)}.includes('MNIST could not be loaded')"
    if not settles(js, shown, 60):
        return c.fail(f"no error banner naming MNIST where its file is missing: banner {c.banner()!r}, status {js(text('mnist-status'))!r}")
    appeared = time.time()
    if not settles(js, f"{q('dataset-kind')}.value === 'digits'", 5):
        c.fail(f"after the failed MNIST the dataset select reads {js(DATASET)!r}, not digits")
    size = js(text("teacher-size"))
    if not size.startswith("64-"):
        c.fail(f"after the failed MNIST the teacher does not read the 8×8 digits: {size!r}")
    took = c.train("train-teacher", TEACHER_PLAYING, 60, f"{value(STEP)} >= 20")
    step, acc = js(STEP), js(text("teacher-accuracy"))
    if step < 20:
        c.fail(f"after the failed MNIST the teacher did not train: step {step} in {took:.0f} s")
    # The banner stays until dismissed: it says why the digits came back.
    banner, status = c.banner(), js(text("mnist-status"))
    if "MNIST could not be loaded" not in banner:
        c.fail(f"the error banner naming MNIST went away by itself within {time.time() - appeared:.0f} s "
               f"(not dismissed): it now reads {banner!r}; the data panel's status line reads {status!r}")
    c.say(f"12. missing MNIST{' (a link naming it)' if query else ''}: banner {banner[:100]!r}, status {status[:60]!r}; "
          f"dataset back to digits; the teacher ({size}) trained to step {step} ({acc}) in {took:.0f} s")
    # Chosen again (the banner says to retry so): asked for again, and refused the same way.
    js(f"{q('error-banner')}.querySelector('button')?.click()")
    c.choose_dataset("mnist")
    if not settles(js, shown, 30):
        c.fail(f"MNIST chosen again where it is missing: no banner naming MNIST ({c.banner()!r})")
    if not settles(js, f"{q('dataset-kind')}.value === 'digits'", 5):
        c.fail(f"MNIST chosen again where it is missing: the dataset select still shows {js(DATASET)!r} while the page is "
               f"back on {js('return new URLSearchParams(location.search).get(' + repr('dataset.kind') + ')')!r} (its link) "
               f"with the teacher {js(text('teacher-size'))[:30]!r}")
    # The banner shown again after Dismiss is the retry's own failure. Resource
    # timing lists the repeated failed request once in some Chromium runs, so
    # the count must only show that it was asked for at all.
    fetched = js(MNIST_FETCHES)
    if not fetched:
        c.fail(f"the missing MNIST, chosen twice, was never asked for: {fetched}")
    elif len(fetched) != 2:
        c.say(f"12. resource timing lists {len(fetched)} request(s) for the missing MNIST (the banner came back: it was retried)")
    c.say(f"12. MNIST chosen again: asked for again ({len(fetched)} requests in all), refused the same way, dataset {js(DATASET)}")


def main():
    url = sys.argv[1]
    missing = sys.argv[2] if len(sys.argv) > 2 else None
    log, shot = os.environ.get("REQUEST_LOG"), os.environ.get("SHOT")
    start = time.time()
    folder = tempfile.mkdtemp(prefix="mnist-check-")
    proxy, query = None, None
    with Browser(BROWSER, port=9537 if BROWSER == "firefox" else 9536, window=(1400, 2000), browser_log=True, downloads=folder) as b:
        c = Check(b)
        try:
            if step_load(c, url, log, start - 1):
                size = step_teacher(c)
                saved = (b.js(text("teacher-accuracy")), b.js(STEP))
                step_slider(c)
                step_students(c)
                step_draw(c, shot)
                step_gallery(c)
                saved_students = (b.js(STUDENT), b.js(text("student-scratch-accuracy")))
                path = step_download(c, folder)
                before = settings_texts(b.js)
                query = urllib.parse.urlsplit(b.js("return location.href")).query
                if size and before["teacher"] != size:
                    c.fail(f"the teacher's size line changed while training: {size!r} -> {before['teacher']!r}")
                if step_link(c, before):
                    if path:
                        step_load_weights(c, path, saved, saved_students)
                    step_experiments(c)
                else:
                    c.say("11. MNIST experiments skipped: the link's page did not load (failed above)")
                if c.banner():
                    c.fail(f"an error banner: {c.banner()!r}")
                errors = c.page_errors()
                if errors:
                    c.say(f"(console errors and warnings: {errors[:5]})")
            if missing is None:
                proxy, missing = start_missing_proxy(url)
            step_missing(c, missing.split("?")[0], query)
        except Exception as e:  # a WebDriver error: say where the page was, if it still answers
            try:
                errors = c.page_errors()[:5]
            except Exception:
                errors = "(the page does not answer)"
            c.fail(f"{type(e).__name__}: {e}; page errors {errors}")
        finally:
            if proxy:
                proxy.shutdown()
    shutil.rmtree(folder, ignore_errors=True)
    took = time.time() - start
    if c.failures:
        print(f"mnist check ({BROWSER}): {len(c.failures)} failures in {took:.0f} s:", file=sys.stderr)
        for f in c.failures:
            print(f"  - {f}", file=sys.stderr)
        return 1
    c.say(f"all passed in {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
