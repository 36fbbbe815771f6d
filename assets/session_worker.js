// The training session's web worker (src/ui/session_link.rs). The page posts
// {boot: {glue, module}} first: the URL of the wasm-bindgen glue to run, and
// either the page's own compiled WebAssembly.Module (the same build: nothing
// fetched or compiled again) or the URL of the build with burn's WebGPU
// engine, which only the worker loads. Every later message is a CBOR
// Uint8Array for the wasm (src/core/wire.rs); those that arrive while it
// boots wait in a queue. Answers {booted: true} or {failed: reason}; after
// that the wasm posts its own messages.
let deliver = null;
const waiting = [];

self.onmessage = async ({ data }) => {
  if (!data || !data.boot) {
    if (deliver) deliver(data);
    else waiting.push(data);
    return;
  }
  try {
    const glue = await import(data.boot.glue);
    await glue.default({ module_or_path: data.boot.module });
    glue.kd_worker_boot(undefined);
    deliver = (bytes) => glue.kd_worker_message(bytes);
    self.postMessage({ booted: true });
    for (const message of waiting.splice(0)) deliver(message);
  } catch (e) {
    self.postMessage({ failed: String(e) });
  }
};
