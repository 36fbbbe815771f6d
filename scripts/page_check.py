#!/usr/bin/env python3
"""Opens the served release page in headless Chromium through ChromeDriver's
W3C WebDriver HTTP API (standard library only), waits for the app to mount,
and fails on a blank page or a visible error banner.

usage: page_check.py URL [SCREENSHOT.png [SECONDS_BEFORE_SHOT]]
"""
import base64, json, subprocess, sys, tempfile, time, urllib.request

REQUIRED = ["temperature-slider", "soft-target-bars", "entropy-marker", "train-teacher",
            "teacher-accuracy", "train-students", "student-kd-accuracy", "student-scratch-accuracy",
            "backend", "error-banner"]


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())["value"]


def main():
    url = sys.argv[1]
    shot = sys.argv[2] if len(sys.argv) > 2 else None
    wait = float(sys.argv[3]) if len(sys.argv) > 3 else 12
    port = 9517
    driver = subprocess.Popen(["/usr/bin/chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                call("GET", base + "/status")
                break
            except OSError:
                time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,2000",
                "--enable-unsafe-webgpu", f"--user-data-dir={tempfile.mkdtemp()}"]
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}}
        session = call("POST", base + "/session", caps)["sessionId"]
        s = f"{base}/session/{session}"
        call("POST", s + "/url", {"url": url})
        js = lambda code: call("POST", s + "/execute/sync", {"script": code, "args": []})
        deadline = time.time() + 90
        while not js("return !!document.querySelector('[data-testid=temperature-slider]')"):
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
                f.write(base64.b64decode(call("GET", s + "/screenshot")))
        banner = js("const b = document.querySelector('[data-testid=error-banner]'); return b.classList.contains('hidden') ? '' : b.textContent")
        if banner:
            print(f"page check: error banner shown: {banner}", file=sys.stderr)
            return 1
        print("page check: the app mounted; backend:", js("return document.querySelector('[data-testid=backend]').textContent"))
        call("DELETE", s)
        return 0
    finally:
        driver.kill()


if __name__ == "__main__":
    sys.exit(main())
