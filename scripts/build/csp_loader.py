#!/usr/bin/env python3
"""Trunk post-build hook (after scripts/build/extra_modules.sh): moves trunk's
inline loader <script type="module"> out of index.html into loader.js, so the page
runs under a strict Content-Security-Policy (script-src 'self'
'wasm-unsafe-eval': no inline script; trunk 0.21 always writes that loader
inline), and makes it choose builds: the page runs the UI-only build
(kd-playground-ui-*, no burn), so the first interaction never waits for an
engine; the training worker runs the build with burn's WebGPU engine where
the browser offers a WebGPU adapter, the one with the CPU engine
(kd-playground-cpu-*) elsewhere. The harness's `?bench` page and
`?page-thread` (the session on the page's thread) run the CPU engine's build
on the page itself. Trunk's preload links for its build go, or every
browser would fetch the engine before the page is up.

Where no worker starts, the UI-only page cannot train itself:
`window.kdPageEngine()` (below) loads the CPU engine's build on the page's
thread beside it and speaks the worker's messages (src/ui/session_link.rs).

The loader leaves `window.kdBuild` ({name, page, adapter, adapterMs, glue,
wasm, cpu}: name, glue and wasm are the worker's build, page the page's own,
cpu the CPU engine's glue and wasm) for the page, which hands them to its
training worker, and for the performance harness, which reports how long
the adapter took to answer.

Every URL it writes is relative (Trunk.toml's public_url = "./"), so the page
boots from any folder. The loader also registers the service worker
(sw.js, scripts/build/service_worker.py) and asks it to keep the builds it
chose, for the page to open offline next time."""
import glob, os, re, sys

staging = os.environ.get("TRUNK_STAGING_DIR", "dist")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()
pattern = re.compile(r'<script type="module">(.*?)</script>', re.S)
found = pattern.findall(html)
if len(found) != 1:
    sys.exit(f"csp_loader: expected one inline module script in {path}, found {len(found)}")
# "./name" with Trunk.toml's public_url = "./", "/name" without it; either way
# the loader asks for "./name", relative to the page.
glue = re.search(r"from '\.?/(kd-playground-[0-9a-f]+\.js)'", found[0])
wasm = re.search(r"module_or_path: '\.?/(kd-playground-[0-9a-f]+_bg\.wasm)'", found[0])
cpu = sorted(glob.glob(os.path.join(staging, "kd-playground-cpu-*_bg.wasm")))
ui = sorted(glob.glob(os.path.join(staging, "kd-playground-ui-*_bg.wasm")))
if not (glue and wasm and len(cpu) == 1 and len(ui) == 1):
    sys.exit(f"csp_loader: expected trunk's glue and wasm in its loader, one CPU and one UI build in {staging} (found {cpu}, {ui})")
cpu_wasm = "./" + os.path.basename(cpu[0])
cpu_glue = cpu_wasm.replace("_bg.wasm", ".js")
ui_wasm = "./" + os.path.basename(ui[0])
ui_glue = ui_wasm.replace("_bg.wasm", ".js")

LOADER = """// Written by scripts/build/csp_loader.py: trunk's loader, moved out of
// index.html for the Content-Security-Policy, choosing builds. The page runs
// the UI-only build (no burn; its size: docs/PERFORMANCE.md, "Sizes,
// measured"): what the first interaction needs is the UI. The training
// worker (src/ui/session_link.rs) runs the build with burn's WebGPU engine
// where the browser offers a WebGPU adapter, the one with the CPU engine
// elsewhere, fetching it itself once the page is up. The page runs the CPU
// engine's build itself for `?bench` (the harness's idle page, which times
// burn there) and `?page-thread` (the session on the page's thread, which
// the harness compares with the worker, page and burn in one instance).
const builds = {
  webgpu: { glue: '%GLUE%', wasm: '%WASM%' },
  cpu: { glue: '%CPU_GLUE%', wasm: '%CPU_WASM%' },
  ui: { glue: '%UI_GLUE%', wasm: '%UI_WASM%' },
};
const query = new URLSearchParams(location.search);
const page = query.has('bench') || query.has('page-thread') ? 'cpu' : 'ui';
// true or false, or null where the browser does not answer within 3 s
// (a busy GPU process): only a definite "no adapter" gets the worker the
// build without the engine, so a slow answer never costs a WebGPU browser
// its WebGPU.
async function webgpuAdapter() {
  if (!navigator.gpu) return false;
  const slow = new Promise(resolve => setTimeout(() => resolve('slow'), 3000));
  try {
    const adapter = await Promise.race([navigator.gpu.requestAdapter(), slow]);
    return adapter === 'slow' ? null : !!adapter;
  } catch (e) {
    return false;
  }
}
const url = path => new URL(path, location.href).href;
const asked = performance.now();
// The glue loads while the adapter is asked. (The wasm is not fetched ahead
// of the adapter's answer: handing wasm-bindgen a fetch begun here kept the
// service worker busy in Chromium, so a new deploy's worker never took over;
// scripts/check/offline_check.py caught it.)
const [adapter, bindings] = await Promise.all([webgpuAdapter(), import(url(builds[page].glue))]);
const name = adapter === false ? 'cpu' : 'webgpu';
// name, glue and wasm: the worker's build; page: the page's own; cpu: the
// CPU engine's build, for the engine on the page's thread.
window.kdBuild = {
  name, page, adapter, adapterMs: Math.round(performance.now() - asked),
  glue: url(builds[name].glue), wasm: url(builds[name].wasm),
  cpu: { glue: url(builds.cpu.glue), wasm: url(builds.cpu.wasm) },
};
// Where no worker starts, the session runs on the page's thread: the
// UI-only module has no engine, so this loads the CPU
// engine's build beside it and answers like a worker (the messages of
// assets/session_worker.js: {boot} first, then CBOR bytes both ways, always
// asynchronously, in order). kdEngineOnPage tells that instance not to
// mount a second page.
class PageEngine {
  constructor() { this.onmessage = null; this.onerror = null; this.deliver = null; this.waiting = []; }
  answer(data) { setTimeout(() => this.onmessage && this.onmessage({ data })); }
  postMessage(data) {
    if (data && data.boot) this.boot(data.boot);
    else if (this.deliver) setTimeout(() => this.deliver(data));
    else this.waiting.push(data);
  }
  async boot({ glue, module }) {
    try {
      window.kdEngineOnPage = true;
      const engine = await import(glue);
      await engine.default({ module_or_path: module });
      engine.kd_worker_boot(bytes => this.answer(bytes));
      this.deliver = bytes => engine.kd_worker_message(bytes);
      this.answer({ booted: true });
      for (const message of this.waiting.splice(0)) setTimeout(() => this.deliver(message));
    } catch (e) {
      this.answer({ failed: String(e) });
    }
  }
  terminate() {}
}
window.kdPageEngine = () => new PageEngine();
const wasm = await bindings.default({ module_or_path: url(builds[page].wasm) });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
// Offline next time: sw.js keeps the page's files. This visit fetched the
// chosen build before the service worker was there to see it, so the worker
// is asked to keep it: the glue and wasm kdBuild names, and whatever else the
// page fetched (sw.js keeps, of that list, only its own deploy's build
// files; the build this browser does not use is never stored). Asked again
// when a new deploy's worker takes over, since the one asked first may have
// been the old one, which keeps only its own deploy. After the app started,
// so that this never delays it, and any failure (no service workers:
// Firefox's private windows, an insecure origin) leaves the page as it is,
// only not offline.
if ('serviceWorker' in navigator) {
  let told = null;
  const keep = worker => {
    if (!worker || worker === told) return;
    told = worker;
    const fetched = performance.getEntriesByType('resource').map(e => e.name);
    // The worker's build too: the worker fetched it, out of the page's sight.
    worker.postMessage({ keep: [window.kdBuild.glue, window.kdBuild.wasm, ...fetched] });
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => keep(navigator.serviceWorker.controller));
  navigator.serviceWorker.register('./sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then(reg => keep(reg.active))
    .catch(e => console.info('kd-playground: no offline copy:', e));
}
"""
loader = (LOADER.replace("%GLUE%", "./" + glue.group(1)).replace("%WASM%", "./" + wasm.group(1))
          .replace("%CPU_GLUE%", cpu_glue).replace("%CPU_WASM%", cpu_wasm)
          .replace("%UI_GLUE%", ui_glue).replace("%UI_WASM%", ui_wasm))
open(os.path.join(staging, "loader.js"), "w", encoding="utf-8").write(loader)
html = pattern.sub('<script type="module" src="./loader.js"></script>', html)
html = re.sub(r'<link rel="(?:module)?preload" href="\.?/(?:kd-playground-|snippets/)[^"]*"[^>]*>\s*', "", html)
open(path, "w", encoding="utf-8").write(html)
print(f"csp_loader: the loader is now ./loader.js: the page runs {ui_glue}; its worker ./{glue.group(1)} where WebGPU has an adapter, else {cpu_glue}")
