// The performance harness's page for timing burn on WebGPU: the shipped page runs the build
// without burn's WebGPU engine on its own thread (the engine loads only in the training worker),
// so the harness's calls to `wasmBindings.kd_bench(case, 'webgpu', ...)` need a page that loads
// the engine's build itself. Served as engine.html and engine.js among the dist folder's files
// (scripts/bench.sh links them there), so that the build finds the page's assets (MNIST) where
// the page does:
//
//   engine.html?bench                   the dist's build with the engine (named in ./loader.js)
//   engine.html?bench&glue=URL&wasm=URL  another build, e.g. one of scripts/harness/gpu_levers.sh's
//
// `bench` keeps the app from starting (src/ui/mod.rs). Before the build loads, WebGPU's own
// methods are wrapped to count the work burn hands the GPU, in window.kdGpuCounts:
// compute pipelines created (each one a shader compiled: the warm-up), compute dispatches (one
// per kernel launch) and queue submits. window.kdEngine = {glue, wasm} says which build ran.
const status = text => { document.getElementById('status').textContent = text; };
const counts = { pipelines: 0, dispatches: 0, submits: 0 };
window.kdGpuCounts = counts;
const wrap = (proto, method, key) => {
  if (!proto || typeof proto[method] !== 'function') return;
  const inner = proto[method];
  proto[method] = function (...args) { counts[key] += 1; return inner.apply(this, args); };
};
if (self.GPUDevice) {
  wrap(GPUDevice.prototype, 'createComputePipeline', 'pipelines');
  wrap(GPUDevice.prototype, 'createComputePipelineAsync', 'pipelines');
  wrap(GPUComputePassEncoder.prototype, 'dispatchWorkgroups', 'dispatches');
  wrap(GPUComputePassEncoder.prototype, 'dispatchWorkgroupsIndirect', 'dispatches');
  wrap(GPUQueue.prototype, 'submit', 'submits');
}

async function engineBuild() {
  const query = new URLSearchParams(location.search);
  if (query.get('glue') && query.get('wasm')) return { glue: query.get('glue'), wasm: query.get('wasm') };
  const loader = await (await fetch('./loader.js')).text();
  const named = /webgpu: \{ glue: '([^']+)', wasm: '([^']+)' \}/.exec(loader);
  if (!named) throw new Error('./loader.js names no WebGPU build');
  return { glue: named[1], wasm: named[2] };
}

try {
  const build = await engineBuild();
  const url = path => new URL(path, location.href).href;
  const bindings = await import(url(build.glue));
  await bindings.default({ module_or_path: url(build.wasm) });
  window.kdEngine = build;
  window.wasmBindings = bindings;
  status(`ready: ${build.glue}`);
} catch (e) {
  window.kdEngineError = String(e && e.message ? e.message : e);
  status(`error: ${window.kdEngineError}`);
}
