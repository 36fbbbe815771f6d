#!/usr/bin/env python3
"""The release page with a table of the user's, in headless Chromium (Firefox
ESR with BROWSER=firefox), through WebDriver as a person would use it:

1. a CSV file picked in panel 1 (Iris saved the way a spreadsheet in a
   decimal-comma locale saves it: semicolons, decimal commas, a byte-order
   mark, CRLF) becomes the dataset: 150 rows, 4 features, the species as
   class names;
2. a bad file (a word in a number column) is refused with its line and
   column, and the table stays;
3. the teacher trains on it, then both students on a small transfer set;
   the page's accuracies are reported;
4. the distilled student downloads as ONNX, and onnxruntime (the project's
   .tools/onnx-venv) runs the saved file on the raw rows of the CSV — the
   file standardises them itself — and classifies them as well as a
   trained model should, with the species as its class names;
5. the page's link holds the file's fingerprint, not its data: opened
   afresh it asks for the same file, refuses another (wine.csv) and takes
   the right one.

usage: [BROWSER=firefox] table_check.py URL"""
import os, subprocess, sys, tempfile, time, urllib.parse, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, ".."))
from lib.page import MOUNTED, q, text  # noqa: E402
from lib.webdriver import Browser, settles  # noqa: E402

BROWSER = os.environ.get("BROWSER", "chromium")
PYTHON = os.environ.get("KD_ONNX_PYTHON", os.path.join(ROOT, ".tools/onnx-venv/bin/python"))
TEACHER_S, STUDENTS_S = 40, 15


def shown(testid):
    return f"{q(testid)} && !{q(testid)}.classList.contains('hidden')"


failures = []


def fail(message):
    failures.append(message)
    print(f"table check ({BROWSER}): FAILED: {message}", file=sys.stderr)


def say(message):
    print(f"table check ({BROWSER}): {message}", flush=True)


def spreadsheet_iris(folder):
    """assets/iris.csv as a decimal-comma locale's spreadsheet saves it."""
    with open(os.path.join(ROOT, "assets/iris.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    body = [lines[0].replace(",", ";")] + [";".join(c.replace(".", ",") for c in l.split(",")) for l in lines[1:]]
    path = os.path.join(folder, "iris-semicolons.csv")
    with open(path, "wb") as f:
        f.write(b"\xef\xbb\xbf" + "\r\n".join(body).encode() + b"\r\n")
    return path


def train(js, button, seconds, done):
    js(f"{q(button)}.click()")
    start = time.time()
    while time.time() - start < seconds and not js(f"return !!({done})"):
        time.sleep(0.5)
    js(f"{q(button)}.click()")
    settles(js, f"{q(button)}.textContent.includes('Train')", 15)


def percent(js, testid):
    try:
        return float(js(text(testid)).rstrip("%").strip())
    except ValueError:
        return None


def onnx_run(model, csv):
    """onnxruntime on the raw rows of `csv` (Iris as shipped): accuracy, classes."""
    script = """
import sys, numpy as np, onnx, onnxruntime as ort
model, csv = sys.argv[1:3]
m = onnx.load(model); onnx.checker.check_model(m, full_check=True)
rows = [l.split(',') for l in open(csv).read().split()[1:]]
x = np.array([[float(v) for v in r[:4]] for r in rows], dtype=np.float32)
names = {p.key: p.value for p in m.metadata_props}['kd-playground.classes'].split('\\n')
(logits,) = ort.InferenceSession(model, providers=['CPUExecutionProvider']).run(['logits'], {'input': x})
hits = sum(names[int(i)] == r[4] for i, r in zip(logits.argmax(1), rows))
print(f'{hits / len(rows):.4f} {",".join(names)} {" ".join(n.op_type for n in m.graph.node)}')
"""
    out = subprocess.run([PYTHON, "-c", script, model, csv], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-400:])
    accuracy, classes, ops = out.stdout.split(" ", 2)
    return float(accuracy), classes, ops.strip()


def main():
    url = sys.argv[1]
    folder = tempfile.mkdtemp(prefix="table-check-")
    csv = spreadsheet_iris(folder)
    bad = os.path.join(folder, "bad.csv")
    with open(bad, "w") as f:
        f.write("a,b,label\n" + "".join(f"{i},{i % 3},c{i % 2}\n" for i in range(12)).replace("7,1,c1", "7,seven,c1"))
    start = time.time()
    with Browser(BROWSER, port=9547 if BROWSER == "firefox" else 9546, window=(1400, 2000), downloads=folder) as b:
        js = b.js
        b.open(url)
        if not settles(js, MOUNTED, 90):
            fail("the app never mounted")
            return 1
        # 1. The spreadsheet's file.
        b.pick_file("[data-testid=csv-file]", csv)
        if not settles(js, f"{q('table-summary')}?.textContent.includes('150 rows, 4 features, 3 classes (setosa, versicolor, virginica)')", 15):
            fail(f"the CSV did not become the dataset: {js(text('table-message'))!r}")
            return 1
        say(f"1. {js(text('table-message'))[:120]!r}")
        # 2. A bad file changes nothing.
        b.pick_file("[data-testid=csv-file]", bad)
        if not settles(js, f"{q('table-message')}.textContent.includes('was not loaded')", 15):
            fail(f"the bad file was not refused: {js(text('table-message'))!r}")
        said = js(text("table-message"))
        if "Line 9, column 2 (b): \"seven\" is not a number." not in said or "150 rows" not in js(text("table-summary")):
            fail(f"the refusal does not name the cell, or the table changed: {said!r}")
        say(f"2. {said!r}")
        # 3. Teacher, then students.
        train(js, "train-teacher", TEACHER_S, f"parseFloat({q('teacher-accuracy')}.textContent) >= 93")
        teacher = percent(js, "teacher-accuracy")
        if teacher is None or teacher < 85:
            fail(f"the teacher did not learn the flowers in {TEACHER_S} s: {teacher}")
        train(js, "train-students", STUDENTS_S, "false")
        kd, scratch = percent(js, "student-kd-accuracy"), percent(js, "student-scratch-accuracy")
        say(f"3. teacher {teacher} %, distilled student {kd} %, scratch student {scratch} % (test rows of the page's split)")
        # 4. The distilled student as ONNX, run on the raw rows.
        js(f"const s = {q('onnx-model')}; s.value = 'distilled'; s.dispatchEvent(new Event('change', {{bubbles: true}}))")
        js(f"{q('export-onnx')}.click()")
        if not settles(js, f"{q('weights-status')}.textContent.includes('.onnx')", 30):
            fail(f"no ONNX download: {js(text('weights-status'))!r}")
        else:
            name = js("return document.querySelector('[data-testid=export-link]').download")
            path, deadline = os.path.join(folder, name), time.time() + 30
            while not (os.path.exists(path) and not [f for f in os.listdir(folder) if f.endswith((".part", ".crdownload"))]):
                if time.time() > deadline:
                    fail(f"the browser did not save {name}: {os.listdir(folder)}")
                    break
                time.sleep(0.2)
            if os.path.exists(path):
                accuracy, classes, ops = onnx_run(path, os.path.join(ROOT, "assets/iris.csv"))
                if accuracy < 0.85 or classes != "setosa,versicolor,virginica" or not ops.startswith("Sub Div Gemm"):
                    fail(f"onnxruntime on the saved {name}: accuracy {accuracy}, classes {classes}, nodes {ops}")
                say(f"4. {name}: onnxruntime on the 150 raw rows: {100 * accuracy:.1f} % right ({ops}; classes {classes})")
        # 5. The link, opened afresh.
        link = js("return location.href")
        query = urllib.parse.urlsplit(link).query
        if "dataset.table.hash=" not in query or "5.1" in query:
            fail(f"the link should hold the fingerprint and no data: {query[:300]}")
        js("localStorage.clear()")
        b.open(link)
        if not settles(js, MOUNTED, 90) or not settles(js, shown("table-awaited"), 15):
            fail(f"the link did not ask for the file: {js(text('table-awaited'))!r}")
        else:
            say(f"5. the link asks: {js(text('table-awaited'))[:140]!r}")
            b.pick_file("[data-testid=csv-file]", os.path.join(ROOT, "assets/wine.csv"))
            if not settles(js, f"{q('table-message')}.textContent.includes('is not the file')", 15):
                fail(f"another file was not refused: {js(text('table-message'))!r}")
            b.pick_file("[data-testid=csv-file]", csv)
            if not settles(js, f"!({shown('table-awaited')}) && {q('table-summary')}?.textContent.includes('150 rows')", 15):
                fail(f"the right file was not taken: {js(text('table-message'))!r}")
            else:
                say("5. another file refused, the same file taken")
    shutil.rmtree(folder, ignore_errors=True)
    took = time.time() - start
    if failures:
        print(f"table check ({BROWSER}): {len(failures)} failures in {took:.0f} s", file=sys.stderr)
        return 1
    print(f"table check ({BROWSER}): passed in {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
