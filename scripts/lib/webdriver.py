"""One headless browser over the W3C WebDriver HTTP API (standard library
only), for the page check (scripts/check/page_check.py) and the performance
harness (scripts/harness/bench.py): starts the driver (ChromeDriver for
Chromium with its software WebGPU adapter, geckodriver for Firefox ESR),
opens a session, runs scripts in the page, and ends both."""
import json, os, shutil, subprocess, tempfile, time, urllib.request

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
FIREFOX = "/usr/bin/firefox-esr"


def call(method, url, body=None):
    """One WebDriver request; its `value`."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())["value"]


def settles(js, condition_js, seconds):
    """Whether the page's `condition_js` (an expression) turns true within `seconds`."""
    deadline = time.time() + seconds
    while not js(f"return !!({condition_js})"):
        if time.time() > deadline:
            return False
        time.sleep(0.1)
    return True


def capabilities(browser, window, browser_log, phone=False, downloads=None):
    if browser == "firefox":
        prefs = {"network.proxy.type": 0}
        if downloads:
            prefs.update({"browser.download.folderList": 2, "browser.download.dir": downloads, "browser.download.useDownloadDir": True,
                          "browser.download.always_ask_before_handling_new_types": False})
        return {"browserName": "firefox", "moz:firefoxOptions": {
            "binary": FIREFOX, "args": ["-headless", f"--width={window[0]}", f"--height={window[1]}"], "prefs": prefs}}
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--window-size={window[0]},{window[1]}",
            "--enable-unsafe-webgpu", f"--user-data-dir={tempfile.mkdtemp()}"]
    caps = {"browserName": "chrome", "goog:chromeOptions": {"binary": CHROMIUM, "args": args}}
    if downloads:
        caps["goog:chromeOptions"]["prefs"] = {"download.default_directory": downloads, "download.prompt_for_download": False}
    if phone:
        # A touch screen of the window's size: a narrow layout viewport,
        # touch events and (pointer: coarse), as on a phone or tablet.
        caps["goog:chromeOptions"]["mobileEmulation"] = {
            "deviceMetrics": {"width": window[0], "height": window[1], "pixelRatio": 2.0, "touch": True}}
    if browser_log:
        # The console and Content-Security-Policy reports, for /se/log.
        caps["goog:loggingPrefs"] = {"browser": "ALL"}
    return caps


class Browser:
    """A WebDriver session in a driver of its own on `port`. `browser` is
    "chromium" or "firefox"; `timeouts` (ms, as WebDriver names them) are set
    when given; with `downloads` (a folder), what the page saves goes there,
    without asking. Ends with close(), or as a `with` block."""

    def __init__(self, browser="chromium", port=9517, window=(1400, 2000), browser_log=False, timeouts=None, phone=False, downloads=None):
        if browser == "firefox":
            driver = shutil.which("geckodriver") or os.path.expanduser("~/.cargo/bin/geckodriver")
        else:
            driver = CHROMEDRIVER
        self.driver = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.s = None
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    call("GET", base + "/status")
                    break
                except OSError:
                    time.sleep(0.1)
            caps = {"capabilities": {"alwaysMatch": capabilities(browser, window, browser_log, phone, downloads)}}
            self.s = f"{base}/session/{call('POST', base + '/session', caps)['sessionId']}"
            if timeouts:
                call("POST", self.s + "/timeouts", timeouts)
        except BaseException:
            self.driver.kill()
            raise

    def js(self, code):
        """Runs `code` (a function body) in the page; its return value."""
        return call("POST", self.s + "/execute/sync", {"script": code, "args": []})

    def js_async(self, code):
        """`code` is the body of an async function; its return value comes back."""
        wrapped = f"const done = arguments[arguments.length - 1]; (async () => {{ {code} }})().then(done, e => done({{error: String(e)}}));"
        return call("POST", self.s + "/execute/async", {"script": wrapped, "args": []})

    def open(self, url):
        call("POST", self.s + "/url", {"url": url})

    def press(self, key, times=1):
        """`key` pressed and released `times` times, as real key presses."""
        down_up = [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}] * times
        self.actions(down_up)

    def actions(self, steps):
        """Keyboard steps (keyDown, keyUp, pause) through the browser's input pipeline."""
        call("POST", self.s + "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": steps}]})

    def touch(self, steps):
        """One finger's steps (pointerDown, pointerMove with x/y, pointerUp,
        pause) through the browser's input pipeline, as touch events."""
        source = {"type": "pointer", "id": "finger", "parameters": {"pointerType": "touch"}, "actions": steps}
        call("POST", self.s + "/actions", {"actions": [source]})

    def mouse(self, steps):
        """The mouse's steps (pointerMove with x/y in viewport pixels,
        pointerDown, pointerUp, pause) through the browser's input pipeline."""
        source = {"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": steps}
        call("POST", self.s + "/actions", {"actions": [source]})

    def pick_file(self, selector, path):
        """The local file `path` picked in the file input `selector` (a CSS
        selector), as WebDriver's Element Send Keys picks one: the input's
        change event fires as after a user's choice."""
        found = call("POST", self.s + "/element", {"using": "css selector", "value": selector})
        element = next(iter(found.values()))
        call("POST", f"{self.s}/element/{element}/value", {"text": path})

    def close(self):
        try:
            if self.s:
                call("DELETE", self.s)
        finally:
            self.driver.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
