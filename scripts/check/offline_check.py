#!/usr/bin/env python3
"""The release page from a sub-path, then offline. Serves DIST only under
/kd-playground/ (csp_server.py --prefix, a server of its own; nothing at the
host's root, as on GitHub Pages) and, in headless Chromium (Firefox ESR with
BROWSER=firefox), checks that
- the page boots there and asked for nothing outside /kd-playground/;
- a teacher trains (its step count climbs);
- the service worker (sw.js) comes to control the page and its cache holds
  the builds in use, glue and wasm (the page's own, and its worker's);
then stops the server and checks that a reload still boots the page, the
same build, and that a teacher trains again, in the web worker: offline.

Last, an update: a next deploy (a copy of DIST with a new stylesheet name and
a marker in the page, its sw.js written again by
scripts/build/service_worker.py) served at the same address. A reload gets
the new page; the new service worker takes over, the old cache goes, and
the new one holds that deploy's files only (not the old stylesheet), the
chosen build among them; offline once more, the reload is the new page.

usage: [BROWSER=firefox] offline_check.py DIST [PORT]"""
import os, re, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
from lib.page import MOUNTED, PLACE  # noqa: E402
from lib.server import serve as serve_folder, status  # noqa: E402
from lib.webdriver import Browser, settles  # noqa: E402
from page_check import BANNER, STEP, value  # noqa: E402

PREFIX = "/kd-playground/"
# The cache (name) holding every build file in use, or null: the worker's
# build (kdBuild) and the glue and wasm the page itself fetched.
CACHED = """const used = [window.kdBuild.glue, window.kdBuild.wasm, ...performance.getEntriesByType('resource')
  .map(e => e.name).filter(n => /\\/kd-playground-[^/]*(_bg\\.wasm|\\.js)$/.test(n))];
for (const name of await caches.keys()) {
  if (!name.startsWith('kd-playground-')) continue;
  const cache = await caches.open(name);
  if ((await Promise.all(used.map(u => cache.match(u)))).every(Boolean)) return name;
}
return null;"""
# Every kd-playground cache, with the addresses it holds.
CACHES = """const out = {};
for (const name of await caches.keys()) {
  if (name.startsWith('kd-playground-')) out[name] = (await (await caches.open(name)).keys()).map(r => r.url);
}
return out;"""
# The service worker's registration, for a failure's message.
WORKERS = """const r = await navigator.serviceWorker.getRegistration();
const s = w => w && w.state;
return {installing: s(r.installing), waiting: s(r.waiting), active: s(r.active), controlled: !!navigator.serviceWorker.controller};"""
NEXT = "return document.querySelector('meta[name=kd-deploy]') ? 'next' : 'first'"


def boots_and_trains(b, url, when):
    """Opens `url`; the failures, or [] once the teacher trained past step 20."""
    b.open(url)
    if not settles(b.js, MOUNTED, 90):
        return [f"{when}: the app never mounted: {b.js('return document.body.innerText')[:300]!r}"]
    if b.js(BANNER):
        return [f"{when}: error banner: {b.js(BANNER)!r}"]
    if not settles(b.js, value(PLACE), 60) or b.js(PLACE) != "worker":
        return [f"{when}: training does not run in the web worker ({b.js(PLACE)!r})"]
    b.js("document.querySelector('[data-testid=train-teacher]').click()")
    if not settles(b.js, f"{value(STEP)} >= 20", 60):
        return [f"{when}: the teacher did not train (step {b.js(STEP)})"]
    b.js("document.querySelector('[data-testid=train-teacher]').click()")
    print(f"offline check: {when}: the {b.js('return window.kdBuild.name')} build booted and the teacher trained to step {b.js(STEP)} in the worker")
    return []


def serve(dist, port):
    return serve_folder(dist, port, "--prefix", PREFIX)


def stop(server, url):
    server.terminate()
    server.wait(10)
    return [] if status(url) is None else ["the server still answers after it was stopped"]


def next_deploy(dist, folder):
    """A copy of `dist` as the next deploy: the stylesheet under a new hashed
    name, a marker in the page, and so a new sw.js."""
    shutil.copytree(dist, folder, ignore=shutil.ignore_patterns("*.br", "*.gz"))
    page = os.path.join(folder, "index.html")
    html = open(page, encoding="utf-8").read()
    old = re.search(r'<link rel="stylesheet" href="\./(style-[0-9a-f]{16}\.css)"[^>]*>', html)
    new = "style-" + "0" * 12 + "cafe.css"
    os.rename(os.path.join(folder, old.group(1)), os.path.join(folder, new))
    html = html.replace(old.group(0), f'<link rel="stylesheet" href="./{new}"><meta name="kd-deploy" content="next">')
    open(page, "w", encoding="utf-8").write(html)
    subprocess.run([sys.executable, os.path.join(HERE, "..", "build", "service_worker.py")],
                   env={**os.environ, "TRUNK_STAGING_DIR": folder}, check=True, stdout=subprocess.DEVNULL)
    return old.group(1), new


def update(b, url, dist, port, first_cache):
    """The next deploy served at the same address."""
    folder = tempfile.mkdtemp()
    try:
        old_css, new_css = next_deploy(dist, os.path.join(folder, "next"))
        server = serve(os.path.join(folder, "next"), port)
        try:
            failures = boots_and_trains(b, url, "the next deploy")
            if failures:
                return failures
            if b.js(NEXT) != "next":
                return ["a reload online after a new deploy did not get the new page"]
            # The new worker calls skipWaiting() when installed, but the
            # browser activates it only once the old one has no event still
            # open: seen once (CI of cb382ee, Chromium) to take over 60 s.
            started = time.time()
            deadline, caches = started + 150, {}
            while time.time() < deadline:
                caches = b.js_async(CACHES)
                if first_cache not in caches and len(caches) == 1 and b.js_async(CACHED):
                    if time.time() - started > 10:
                        print(f"offline check: the new deploy's worker took over after {time.time() - started:.0f} s")
                    break
                time.sleep(0.5)
            else:
                return [f"after the update the caches are {sorted(caches)} (service workers: {b.js_async(WORKERS)}): "
                        "expected one, new, holding the chosen build"]
            (name, held), = caches.items()
            mixed = [u for u in held if old_css in u]
            if mixed or not any(new_css in u for u in held):
                return [f"{name} mixes deploys: {held}"]
            print(f"offline check: the next deploy's page came at a reload; {name} replaced {first_cache}, {len(held)} files of the new deploy only")
            failures = stop(server, url)
        finally:
            server.kill()
        failures = failures or boots_and_trains(b, url, "offline after the update")
        if not failures and b.js(NEXT) != "next":
            failures.append("offline after the update, the page is the old deploy's")
        return failures
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check(b, url, server):
    """The failures, and the name of the cache that holds the chosen build."""
    failures = boots_and_trains(b, url, "online")
    if failures:
        return failures, None
    outside = b.js(f"return performance.getEntriesByType('resource').map(e => e.name)"
                   f".filter(n => !n.startsWith(location.origin + '{PREFIX}'))")
    if outside:
        return [f"requests outside {PREFIX}: {outside[:5]}"], None
    if not settles(b.js, "navigator.serviceWorker && navigator.serviceWorker.controller", 30):
        return ["the service worker never came to control the page"], None
    deadline, cache = time.time() + 60, None
    while not cache and time.time() < deadline:
        cache = b.js_async(CACHED)
        time.sleep(0.5)
    if not isinstance(cache, str):
        return [f"the service worker's cache never held the chosen build ({cache})"], None
    build = b.js("return window.kdBuild.name")
    print(f"offline check: sw.js controls the page; {cache} holds the builds in use (the worker's: {build})")

    failures = stop(server, url) or boots_and_trains(b, url, "offline, the server stopped")
    if not failures and b.js("return window.kdBuild.name") != build:
        failures.append(f"offline the loader chose the {b.js('return window.kdBuild.name')} build, not {build}")
    return failures, cache


def main():
    dist = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8295
    browser = os.environ.get("BROWSER", "chromium")
    server = serve(dist, port)
    try:
        base = f"http://127.0.0.1:{port}"
        if status(base + PREFIX) != 200 or status(base + "/") != 404:
            print(f"offline check: expected the page at {PREFIX} and a 404 at the root", file=sys.stderr)
            return 1
        with Browser(browser, port=9527, window=(1400, 2000)) as b:
            failures, cache = check(b, base + PREFIX, server)
            if not failures:
                failures = update(b, base + PREFIX, dist, port, cache)
        for f in failures:
            print(f"offline check ({browser}): {f}", file=sys.stderr)
        if not failures:
            print(f"offline check ({browser}): the page boots under {PREFIX}, and offline after one visit")
        return 1 if failures else 0
    finally:
        server.kill()


if __name__ == "__main__":
    sys.exit(main())
