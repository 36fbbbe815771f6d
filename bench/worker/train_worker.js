// The performance harness's web worker (scripts/harness/bench.py): a second
// instance of the page's own wasm, in a worker, running the same paced
// training as the page's main thread (wasmBindings.kd_paced), so that moving
// training off the main thread is measured rather than argued
// (docs/PERFORMANCE.md).
//
// Messages in:  {load: {js, wasm}}                     -> {ready_ms, memory_mb}
//               {train: {name, ms, chunk_ms}}          -> {result, memory_mb} (JSON of Paced)
// A failure answers {error}.
let bindings = null, instance = null;

self.onmessage = async ({ data }) => {
  try {
    if (data.load) {
      const start = performance.now();
      const glue = await import(data.load.js);
      const wasm = await glue.default({ module_or_path: data.load.wasm });
      bindings = glue;
      instance = wasm;
      self.postMessage({ ready_ms: performance.now() - start, memory_mb: wasm.memory.buffer.byteLength / 1e6 });
    } else if (data.train) {
      const { name, ms, chunk_ms } = data.train;
      const result = JSON.parse(await bindings.kd_paced(name, ms, chunk_ms));
      self.postMessage({ result, memory_mb: instance.memory.buffer.byteLength / 1e6 });
    }
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
