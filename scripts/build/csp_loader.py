#!/usr/bin/env python3
"""Trunk post-build hook (after scripts/build/cpu_module.sh): moves trunk's
inline loader <script type="module"> out of index.html into loader.js, so the page
runs under a strict Content-Security-Policy (script-src 'self'
'wasm-unsafe-eval': no inline script; trunk 0.21 always writes that loader
inline), and makes it choose builds: the page always runs the build without
burn's WebGPU engine (kd-playground-cpu-*, from cpu_module.sh), so the first
interaction never waits for the engine; the training worker runs the build
with it where the browser offers a WebGPU adapter, the page's own elsewhere.
Trunk's preload links for its build go, or every browser would fetch the
engine before the page is up.

The loader leaves `window.kdBuild` ({name, page, adapter, adapterMs, glue,
wasm}: name, glue and wasm are the worker's build, page the page's own) for
the page, which hands them to its training worker
(src/ui/session_link.rs), and for the performance harness, which reports
how long the adapter took to answer.

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
if not (glue and wasm and len(cpu) == 1):
    sys.exit(f"csp_loader: expected trunk's glue and wasm in its loader and one CPU build in {staging} (found {cpu})")
cpu_wasm = "./" + os.path.basename(cpu[0])
cpu_glue = cpu_wasm.replace("_bg.wasm", ".js")

LOADER = """// Written by scripts/build/csp_loader.py: trunk's loader, moved out of
// index.html for the Content-Security-Policy, choosing builds. The page runs
// the build without burn's WebGPU engine (1.5 instead of 3.7 MB gzipped):
// what the first interaction needs is the UI and the CPU engine. The
// training worker (src/ui/session_link.rs) runs the build with the engine
// where the browser offers a WebGPU adapter, fetching it itself once the page
// is up; elsewhere it runs the page's own module, handed over compiled.
const builds = {
  webgpu: { glue: '%GLUE%', wasm: '%WASM%' },
  cpu: { glue: '%CPU_GLUE%', wasm: '%CPU_WASM%' },
};
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
const [adapter, bindings] = await Promise.all([webgpuAdapter(), import(url(builds.cpu.glue))]);
const name = adapter === false ? 'cpu' : 'webgpu';
// name, glue and wasm: the worker's build; page: the page's own.
window.kdBuild = {
  name, page: 'cpu', adapter, adapterMs: Math.round(performance.now() - asked),
  glue: url(builds[name].glue), wasm: url(builds[name].wasm),
};
const wasm = await bindings.default({ module_or_path: url(builds.cpu.wasm) });
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
          .replace("%CPU_GLUE%", cpu_glue).replace("%CPU_WASM%", cpu_wasm))
open(os.path.join(staging, "loader.js"), "w", encoding="utf-8").write(loader)
html = pattern.sub('<script type="module" src="./loader.js"></script>', html)
html = re.sub(r'<link rel="(?:module)?preload" href="\.?/(?:kd-playground-|snippets/)[^"]*"[^>]*>\s*', "", html)
open(path, "w", encoding="utf-8").write(html)
print(f"csp_loader: the loader is now ./loader.js: the page runs {cpu_glue}; its worker ./{glue.group(1)} where WebGPU has an adapter")
