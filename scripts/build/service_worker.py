#!/usr/bin/env python3
"""Trunk post-build hook (the last, after scripts/build/csp_loader.py): writes
sw.js, the service worker that lets the page open offline after one visit,
from whatever folder it is served (it names every file relative to itself).

Its cache's name carries a hash of the build's files, names and contents, so
every deploy that changes a byte is a new sw.js: the browser installs it,
it takes over, and it deletes the caches of older deploys. Files whose names
carry a content hash (the glue, the wasm, the stylesheet, snippets) come from
the cache first; the rest (the page, loader.js, the worker script, the
manifest, the icons) from the network first, so a reload online always gets
the newest deploy, with the cache only as the offline fallback.

A cache holds one deploy and nothing else: the shell it fetched at install,
plus the chosen build; never a file of another deploy, whichever page asks.
So offline, or halfway through an update, the page never mixes two deploys.

Datasets fetched on demand (MNIST, 1.6 MB) are not fetched at install:
the first fetch the page makes (when MNIST is chosen) keeps them, and from
then on they come from the cache, offline too.

At install it keeps the small shell, not the three wasm builds (with the
WebGPU engine, with the CPU engine, the UI alone): a browser with no WebGPU
adapter never runs the first, and the second only in its worker.
loader.js (csp_loader.py) asks the worker to keep the build files the page
and its training worker fetched, again whenever a new worker takes over.

usage: TRUNK_STAGING_DIR=dist service_worker.py  (trunk sets it)"""
import hashlib, json, os, re, sys

staging = os.environ.get("TRUNK_STAGING_DIR", "dist")
if not os.path.exists(os.path.join(staging, "loader.js")):
    sys.exit(f"service_worker: no loader.js in {staging}: run scripts/build/csp_loader.py first")

files = []
for folder, dirs, names in os.walk(staging):
    dirs.sort()
    for name in sorted(names):
        rel = os.path.relpath(os.path.join(folder, name), staging).replace(os.sep, "/")
        # sw.js is this script's own output; .br/.gz copies say nothing new.
        # (a .gz with no file beside it, the MNIST asset, is a file of its own).
        copy = rel.endswith((".br", ".gz")) and os.path.exists(os.path.join(staging, rel[:-3]))
        if rel != "sw.js" and not copy and not rel.startswith("."):
            files.append(rel)
digest = hashlib.sha256()
for rel in files:
    digest.update(rel.encode() + b"\0")
    with open(os.path.join(staging, rel), "rb") as f:
        digest.update(hashlib.sha256(f.read()).digest())
version = digest.hexdigest()[:16]

# The builds (glue and wasm, both kinds) are left to loader.js's message;
# index.html is kept as "./", the address people open.
build = re.compile(r"^kd-playground-(?:cpu-|ui-)?[0-9a-f]+(?:_bg\.wasm|\.js)$")
# Datasets the page fetches only when chosen (src/ui/mnist_load.rs).
on_demand = re.compile(r"^[^/]+\.bin\.gz$")
shell = ["./"] + ["./" + rel for rel in files if rel != "index.html" and not build.match(rel) and not on_demand.match(rel)]
datasets = ["./" + rel for rel in files if on_demand.match(rel)]
builds = ["./" + rel for rel in files if build.match(rel)]

SW = """// Written by scripts/build/service_worker.py (its docstring says why it
// works as it does): the page's service worker, for opening it offline.
const CACHE = 'kd-playground-%VERSION%';
const SHELL = %SHELL%;
// The builds, glue and wasm: kept only when a page asks for one.
const BUILDS = new Set(%BUILDS%.map(url => new URL(url, self.location).href));
// Datasets: kept the first time the page fetches one, then cache first.
const DATASETS = new Set(%DATASETS%.map(url => new URL(url, self.location).href));
const DEPLOY = new Set([...SHELL.map(url => new URL(url, self.location).href), ...BUILDS, ...DATASETS]);
// Names with a hash of their contents never change meaning: cache first.
// (Trunk's hashes are 16 hex digits, or fewer where they begin with zeros.)
const HASHED = /\\/(?:kd-playground-(?:cpu-|ui-)?[0-9a-f]+(?:_bg\\.wasm|\\.js)|style-[0-9a-f]+\\.css|snippets\\/.+)$/;
const SCOPE = new URL(self.registration.scope).pathname;
const PAGE = new URL('./', self.location).href;

self.addEventListener('install', event => {
  // cache: 'reload' skips the HTTP cache, which may still hold the previous
  // deploy's loader.js or page: this cache must be one deploy, not a mix.
  event.waitUntil(caches.open(CACHE)
    .then(cache => cache.addAll(SHELL.map(url => new Request(url, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  // A new deploy's worker takes over at once; the older deploys' files go.
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k.startsWith('kd-playground-') && k !== CACHE).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// loader.js: {keep: [url, ...]}, the build it chose and what else the page
// fetched before this worker controlled it. Of those, only this deploy's
// build files are kept (a page of another deploy asks for files this one
// does not have); usually from the HTTP cache, not the network.
self.addEventListener('message', event => {
  const urls = ((event.data && event.data.keep) || []).filter(url => BUILDS.has(url));
  event.waitUntil(caches.open(CACHE)
    .then(cache => Promise.all(urls.map(url => cache.match(url).then(hit => hit || cache.add(url))))));
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || !ours(url)) return;
  const first = HASHED.test(url.pathname) || DATASETS.has(url.href);
  event.respondWith(first ? cacheFirst(event.request) : networkFirst(event.request, url));
});

function ours(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(SCOPE);
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && DEPLOY.has(request.url)) cache.put(request, response.clone());
  return response;
}

// Nothing from the network goes into the cache here: online this may
// already be the next deploy's page, and the cache keeps this one's.
// 'no-cache': asked of the server each time (a 304 mostly), so the page,
// loader.js and the worker script are one deploy, never one of them a
// stale copy the HTTP cache thought still fresh.
async function networkFirst(request, url) {
  try {
    return await fetch(request, { cache: 'no-cache' });
  } catch (offline) {
    // The page, with whatever query (?demo), was kept once, as "./".
    const page = request.mode === 'navigate' && (url.pathname === SCOPE || url.pathname === SCOPE + 'index.html');
    return (await caches.match(page ? PAGE : request, { cacheName: CACHE })) || Response.error();
  }
}
"""
sw = SW.replace("%VERSION%", version).replace("%SHELL%", json.dumps(shell)).replace("%BUILDS%", json.dumps(builds)).replace("%DATASETS%", json.dumps(datasets))
open(os.path.join(staging, "sw.js"), "w", encoding="utf-8").write(sw)
print(f"service_worker: sw.js, cache kd-playground-{version}, {len(shell)} files at install: {' '.join(shell)}")
