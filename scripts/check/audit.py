#!/usr/bin/env python3
"""Lighthouse's audit of the release page: serves the build folder from
127.0.0.1 with its precompressed files (csp_server.py, beside this file,
under the same Content-Security-Policy as the page check), runs Lighthouse
(the exact version scripts/setup.sh installs into .tools/) in headless
Chromium with the desktop preset, and prints each category's score and
performance's Largest Contentful Paint, Total Blocking Time, Cumulative
Layout Shift and the bytes transferred.

It fails unless accessibility and best practices score 100 and SEO at least
90; performance is reported, not asserted (it measures this machine as much
as the page). On a failure it prints each failing audit's id and title and
what it found: the elements (CSS selectors), the console messages, the
requests.

usage: audit.py DIST [PORT]   (PORT 8095 unless given; JSON=path keeps Lighthouse's report)
"""
import json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, ".."))
from lib.server import serve  # noqa: E402

LIGHTHOUSE = os.path.join(ROOT, ".tools", "node_modules", ".bin", "lighthouse")
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The least score (0-100) each asserted category must reach.
REQUIRED = {"accessibility": 100, "best-practices": 100, "seo": 90}
METRICS = [("largest-contentful-paint", "LCP {:.2f} s", 1e-3), ("total-blocking-time", "TBT {:.0f} ms", 1),
           ("cumulative-layout-shift", "CLS {:.3f}", 1), ("total-byte-weight", "{:.2f} MB transferred", 1e-6)]


def lighthouse(url, out):
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    cmd = [LIGHTHOUSE, url, "--preset=desktop", f"--only-categories={','.join(CATEGORIES)}",
           "--output=json", f"--output-path={out}", "--quiet", f"--chrome-flags={CHROME_FLAGS}"]
    run = subprocess.run(cmd, env=env, timeout=300, capture_output=True, text=True)
    if run.returncode != 0 or not os.path.getsize(out):
        sys.exit(f"audit: Lighthouse failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return json.load(open(out, encoding="utf-8"))


def found(item):
    """One line for an item of a failing audit's details."""
    node = item.get("node") or {}
    if node.get("selector"):
        why = (node.get("explanation") or "").replace("Fix any of the following:", "").strip().splitlines()
        return f"{node['selector']}  {node.get('snippet', '')}" + (f"  ({why[0].strip()})" if why else "")
    if item.get("description"):  # a console message
        where = item.get("url") or (item.get("sourceLocation") or {}).get("url")
        return f"console ({item.get('source', '')}): {item['description']}" + (f" [{where}]" if where else "")
    for key in ("url", "source", "value"):
        if item.get(key):
            value = item[key]
            return value if isinstance(value, str) else json.dumps(value)[:200]
    return json.dumps(item)[:200]


def failing_audits(report, category):
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        # Those that count (weight above 0) and failed.
        if not ref.get("weight") or audit.get("score") is None or audit["score"] >= 1:
            continue
        lines.append(f"  {audit['id']}: {audit['title']}" + (f" ({audit['displayValue']})" if audit.get("displayValue") else ""))
        items = (audit.get("details") or {}).get("items") or []
        lines += [f"      {found(item)}" for item in items[:8]]
        if len(items) > 8:
            lines.append(f"      … and {len(items) - 8} more")
    return lines


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8095
    if not os.access(LIGHTHOUSE, os.X_OK):
        sys.exit(f"audit: no Lighthouse at {LIGHTHOUSE} (scripts/setup.sh installs it)")
    server = serve(folder, port)
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    try:
        report = lighthouse(f"http://127.0.0.1:{port}/", out)
        if os.environ.get("JSON"):
            shutil.copy(out, os.environ["JSON"])
    finally:
        server.kill()
        os.unlink(out)
    if report.get("runtimeError"):
        sys.exit(f"audit: Lighthouse could not audit the page: {report['runtimeError']}")
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    print(f"audit (Lighthouse {report['lighthouseVersion']}, desktop): "
          + ", ".join(f"{c} {scores[c]}" for c in CATEGORIES))
    print("audit: performance: " + ", ".join(
        form.format(report["audits"][key]["numericValue"] * scale) for key, form, scale in METRICS))
    requests = (report["audits"]["network-requests"].get("details") or {}).get("items") or []
    largest = max(requests, key=lambda r: r.get("transferSize") or 0, default=None)
    if largest:
        print(f"audit: the largest transfer: {largest['url'].rsplit('/', 1)[-1]}, {largest['transferSize'] / 1e6:.2f} MB "
              f"({largest.get('resourceSize', 0) / 1e6:.2f} MB unpacked)")
    for warning in report.get("runWarnings", []):
        print(f"audit: Lighthouse warns: {warning}")
    sys.stdout.flush()
    failed = [c for c, least in REQUIRED.items() if scores[c] < least]
    for category in failed:
        print(f"audit: {category} scored {scores[category]}, below {REQUIRED[category]}; failing audits:", file=sys.stderr)
        for line in failing_audits(report, category):
            print(line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
