//! The browser half of the performance harness (scripts/bench.sh): a
//! function the page exports to JavaScript (trunk exposes the exports as
//! `window.wasmBindings`), timing one [`BenchCase`] on the CPU backend or on
//! WebGPU in this very page, next to TF.js in the same browser.

use wasm_bindgen::prelude::*;

use crate::core::throughput::bench_case;

use super::backend::{cpu_devices, webgpu_devices};

/// Times case `name` ("small", "teacher", "digits") on `backend` ("cpu" or
/// "webgpu"): `warmup` steps, then `steps` timed; resolves to JSON.
#[wasm_bindgen]
pub async fn kd_bench(name: String, backend: String, warmup: u32, steps: u32) -> Result<String, JsValue> {
    let case = bench_case(&name).ok_or_else(|| JsValue::from_str(&format!("no bench case {name:?}")))?;
    let devices = match backend.as_str() {
        "cpu" => cpu_devices(),
        "webgpu" => webgpu_devices().await.map_err(|e| JsValue::from_str(&e))?,
        other => return Err(JsValue::from_str(&format!("no backend {other:?}"))),
    };
    let t = case.run(&devices, warmup as usize, steps as usize).await.map_err(|e| JsValue::from_str(&e))?;
    serde_json::to_string(&t).map_err(|e| JsValue::from_str(&e.to_string()))
}
