// TensorFlow.js training benchmark, driven over WebDriver by a Python harness, to compare with
// the burn-in-wasm training throughput of kd-playground on the same model, data, batch,
// optimiser and step count.
//
//   await window.tfjsBench({
//     backend: 'cpu' | 'wasm' | 'webgl' | 'webgpu',
//     data_url: 'sample-data.json',  // relative to the page; JSON {y: number[] (class ids), dim,
//                                    //   classes, and optionally hidden, conv, dropout: the network
//                                    //   as `kd-bench data` writes it}
//     x_url: 'sample-data.f32',      // the rows' features, flat and row-major, little-endian f32
//     hidden: [64, 64],              // hidden layer widths (dense + relu each); default: the data's
//     // The network: optional conv blocks on the rows read as square one-channel images (each
//     // conv2d 'same' + relu + maxPool, from the data's `conv`: [{filters, kernel, pool}]), then
//     // the hidden dense layers (with the data's `dropout` after each, while training), then the
//     // logits: the same layers as burn's NetSpec (src/core/model.rs).
//     batch: 64, lr: 0.01,           // minibatch size; Adam learning rate (default: the data's)
//     warmup: 5, steps: 200,         // untimed steps after the first one; timed steps
//     seed: 42,                      // seeds the minibatch index PRNG and the initialisers
//   })
//
// returns a plain JSON-serialisable object:
//   {backend, steps_per_sec, samples_per_sec, first_step_ms, final_loss, num_tensors_before,
//    num_tensors_after, params, ...extras}
// or {backend, error} when the backend cannot be set up (e.g. no WebGPU) or anything fails.
(function () {
  'use strict';

  const status = (text) => {
    const el = document.getElementById('status');
    if (el) el.textContent = text;
  };

  if (typeof tf === 'undefined' || !tf.wasm || typeof tf.train === 'undefined') {
    window.tfjsReady = false;
    window.tfjsLoadError = 'TensorFlow.js scripts did not load (run `npm install` in bench/tfjs)';
    status(window.tfjsLoadError);
    return;
  }

  // The wasm backend fetches its .wasm binaries from this folder; it must be set before the
  // backend first initialises. Resolve against the page URL so any serving path works.
  const WASM_DIR = new URL('node_modules/@tensorflow/tfjs-backend-wasm/dist/', document.baseURI).href;
  tf.wasm.setWasmPaths(WASM_DIR);

  // mulberry32: small seeded PRNG, returns floats in [0, 1).
  function mulberry32(a) {
    a >>>= 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function checkCfg(cfg) {
    const positiveInt = (v) => Number.isInteger(v) && v > 0;
    if (!cfg || typeof cfg !== 'object') throw new Error('cfg must be an object');
    if (!['cpu', 'wasm', 'webgl', 'webgpu'].includes(cfg.backend)) throw new Error(`unknown backend ${cfg.backend}`);
    if (typeof cfg.data_url !== 'string' || typeof cfg.x_url !== 'string') throw new Error('cfg.data_url and cfg.x_url must be strings');
    if (cfg.hidden !== undefined && !(Array.isArray(cfg.hidden) && cfg.hidden.every(positiveInt))) throw new Error('cfg.hidden must be an array of positive integers');
    if (cfg.batch !== undefined && !positiveInt(cfg.batch)) throw new Error('cfg.batch must be a positive integer');
    if (cfg.lr !== undefined && !(typeof cfg.lr === 'number' && cfg.lr > 0)) throw new Error('cfg.lr must be a positive number');
    if (!(Number.isInteger(cfg.warmup) && cfg.warmup >= 0)) throw new Error('cfg.warmup must be an integer >= 0');
    if (!positiveInt(cfg.steps)) throw new Error('cfg.steps must be a positive integer');
    if (!Number.isInteger(cfg.seed)) throw new Error('cfg.seed must be an integer');
  }

  async function fetchOk(url) {
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`fetching ${url}: HTTP ${resp.status}`);
    return resp;
  }

  async function loadData(url, xUrl) {
    const d = await (await fetchOk(url)).json();
    d.x = new Float32Array(await (await fetchOk(xUrl)).arrayBuffer());
    d.conv = d.conv || [];
    const n = d.y.length;
    if (!(Number.isInteger(d.dim) && d.dim > 0 && Number.isInteger(d.classes) && d.classes > 1)) throw new Error('data: bad dim/classes');
    if (n === 0 || d.x.length !== n * d.dim) throw new Error(`data: x has ${d.x.length} values, expected ${n} x ${d.dim}`);
    if (!d.y.every((c) => Number.isInteger(c) && c >= 0 && c < d.classes)) throw new Error('data: class id out of range');
    return d;
  }

  async function setBackend(name) {
    if (name === 'webgpu' && !('gpu' in navigator)) throw new Error('navigator.gpu is absent (WebGPU unavailable in this browser)');
    let ok;
    try {
      ok = await tf.setBackend(name);
    } catch (e) {
      throw new Error(`tf.setBackend('${name}') threw: ${e && e.message ? e.message : e}`);
    }
    if (!ok) throw new Error(`tf.setBackend('${name}') returned false (backend unavailable; see the console)`);
    await tf.ready();
    if (tf.getBackend() !== name) throw new Error(`asked for ${name}, got ${tf.getBackend()}`);
  }

  function backendInfo(name) {
    const info = {};
    try {
      if (name === 'wasm') {
        info.wasm_simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
        info.wasm_threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
        info.wasm_cross_origin_isolated = !!window.crossOriginIsolated;
      } else if (name === 'webgl') {
        info.webgl_version = tf.env().getNumber('WEBGL_VERSION');
        const gl = tf.backend().gpgpu && tf.backend().gpgpu.gl;
        const ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
        if (ext) info.gpu_renderer = gl.getParameter(ext.UNMASKED_RENDERER_WEBGL);
      } else if (name === 'webgpu') {
        const ai = tf.backend().adapterInfo;
        if (ai) info.gpu_renderer = [ai.vendor, ai.architecture, ai.device, ai.description].filter(Boolean).join(' / ');
      }
    } catch (_) { /* extras only */ }
    return info;
  }

  window.tfjsBench = async function tfjsBench(cfg) {
    const asked = cfg && cfg.backend;
    let model = null, optimizer = null, xAll = null, yAll = null;
    try {
      checkCfg(cfg);
      status(`running ${cfg.backend}…`);
      await setBackend(cfg.backend);
      const data = await loadData(cfg.data_url, cfg.x_url);
      const n = data.y.length;
      // The network, batch and step size are the data's (the case's, as burn runs it) unless given.
      const hidden = cfg.hidden || data.hidden;
      cfg = { ...cfg, batch: cfg.batch || data.batch, lr: cfg.lr || data.lr };
      if (!(Array.isArray(hidden) && cfg.batch > 0 && cfg.lr > 0)) throw new Error('no network, batch or step size: neither in cfg nor in the data');

      // Full data set lives on the backend; each step uploads only `batch` int32 indices.
      xAll = tf.tensor2d(data.x, [n, data.dim], 'float32');
      yAll = tf.tidy(() => tf.oneHot(tf.tensor1d(data.y, 'int32'), data.classes).toFloat());

      model = tf.sequential();
      let seed = cfg.seed;
      if (data.conv.length > 0) {
        const side = Math.round(Math.sqrt(data.dim));
        if (side * side !== data.dim) throw new Error(`conv blocks need square images; dim ${data.dim}`);
        model.add(tf.layers.reshape({ targetShape: [side, side, 1], inputShape: [data.dim] }));
        for (const block of data.conv) {
          model.add(tf.layers.conv2d({
            filters: block.filters, kernelSize: block.kernel, padding: 'same', activation: 'relu',
            kernelInitializer: tf.initializers.heNormal({ seed: seed++ }),
          }));
          if (block.pool > 1) model.add(tf.layers.maxPooling2d({ poolSize: block.pool }));
        }
        model.add(tf.layers.flatten());
      }
      const first = model.layers.length === 0 ? { inputShape: [data.dim] } : {};
      hidden.forEach((units, i) => {
        model.add(tf.layers.dense({
          units, activation: 'relu',
          kernelInitializer: tf.initializers.heNormal({ seed: seed++ }),
          ...(i === 0 ? first : {}),
        }));
        if (data.dropout > 0) model.add(tf.layers.dropout({ rate: data.dropout, seed: seed++ }));
      });
      model.add(tf.layers.dense({
        units: data.classes, activation: 'linear',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
        ...(hidden.length === 0 ? first : {}),
      }));
      optimizer = tf.train.adam(cfg.lr);

      const rng = mulberry32(cfg.seed);
      const idx = new Int32Array(cfg.batch);
      // One Adam step on a fresh random minibatch (with replacement). Returns the loss scalar
      // when keepLoss (caller disposes it), else null. Everything else is freed by tf.tidy.
      const step = (keepLoss) => {
        for (let i = 0; i < cfg.batch; i++) idx[i] = Math.floor(rng() * n);
        return tf.tidy(() => {
          const it = tf.tensor1d(idx, 'int32');
          const xb = tf.gather(xAll, it);
          const yb = tf.gather(yAll, it);
          return optimizer.minimize(
            () => tf.losses.softmaxCrossEntropy(yb, model.apply(xb, { training: true })),
            keepLoss);
        });
      };
      const readLoss = async (loss) => {
        const v = (await loss.data())[0];
        loss.dispose();
        return v;
      };

      const numTensorsSetup = tf.memory().numTensors;

      // First step alone: kernel/shader compilation, Adam slot creation, first wasm/GPU upload.
      let t0 = performance.now();
      const firstLoss = await readLoss(step(true));
      const firstStepMs = performance.now() - t0;

      // Warmup, flushed with one read so no queued work spills into the timed region.
      for (let i = 0; i < cfg.warmup; i++) {
        const keep = i === cfg.warmup - 1;
        const l = step(keep);
        if (keep) await readLoss(l);
      }

      const numTensorsBefore = tf.memory().numTensors;
      t0 = performance.now();
      let last = null;
      for (let i = 0; i < cfg.steps; i++) last = step(i === cfg.steps - 1);
      const finalLoss = await readLoss(last); // the single read that flushes the queue
      const elapsedMs = performance.now() - t0;
      const numTensorsAfter = tf.memory().numTensors;

      const stepsPerSec = cfg.steps / (elapsedMs / 1000);
      const result = {
        backend: tf.getBackend(),
        steps_per_sec: stepsPerSec,
        samples_per_sec: stepsPerSec * cfg.batch,
        first_step_ms: firstStepMs,
        final_loss: finalLoss,
        num_tensors_before: numTensorsBefore,
        num_tensors_after: numTensorsAfter,
        params: model.countParams(),
        // extras
        first_loss: firstLoss,
        timed_ms: elapsedMs,
        steps: cfg.steps, warmup: cfg.warmup, batch: cfg.batch, hidden: hidden.slice(), conv: data.conv, lr: cfg.lr,
        rows: n, dim: data.dim, classes: data.classes,
        num_tensors_setup: numTensorsSetup,
        tfjs_version: tf.version.tfjs,
        ...backendInfo(tf.getBackend()),
      };
      status(JSON.stringify(result, null, 1));
      return result;
    } catch (e) {
      const error = e && e.message ? e.message : String(e);
      status(`error (${asked}): ${error}`);
      return { backend: asked, error };
    } finally {
      // Free everything so repeated calls in one page start from a clean slate.
      try { if (model) model.dispose(); } catch (_) {}
      try { if (optimizer) optimizer.dispose(); } catch (_) {}
      try { if (xAll) xAll.dispose(); } catch (_) {}
      try { if (yAll) yAll.dispose(); } catch (_) {}
    }
  };

  window.tfjsReady = true;
  status(`ready: tfjs ${tf.version.tfjs}; call window.tfjsBench(cfg)`);
})();
