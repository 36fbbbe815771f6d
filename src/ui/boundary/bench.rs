//! The browser half of the performance harness (scripts/bench.sh): a
//! function the page exports to JavaScript (trunk exposes the exports as
//! `window.wasmBindings`), timing one [`BenchCase`] on the CPU backend or on
//! WebGPU in this very page, next to TF.js in the same browser; the same
//! case trained in paced chunks, on the page's thread or in a web worker
//! (bench/worker); and the stacked-training crossover grid and sweep timings.

use wasm_bindgen::prelude::*;

use crate::core::throughput::bench_case;

use super::super::backend::{cpu_devices, webgpu_devices};

/// Times case `name` ("small", "teacher", "digits", "cnn-teacher",
/// "cnn-student") on `backend` ("cpu" or "webgpu"): `warmup` steps, then
/// `steps` timed; resolves to JSON. The CNN cases fetch MNIST first.
#[wasm_bindgen]
pub async fn kd_bench(name: String, backend: String, warmup: u32, steps: u32) -> Result<String, JsValue> {
    let case = case_named(&name)?;
    if case.needs_mnist() {
        mnist_here().await?;
    }
    let devices = devices_for(&backend).await?;
    to_json(case.run(&devices, warmup as usize, steps as usize).await)
}

/// Trains case `name` on the CPU for `ms` ms in chunks of `chunk_ms`, with
/// a loss read and a yield after each, as the page's session trains
/// ([`crate::core::throughput::BenchCase::run_paced`]); resolves to JSON.
/// The harness calls it on the page's main thread and in a web worker.
#[wasm_bindgen]
pub async fn kd_paced(name: String, ms: u32, chunk_ms: u32) -> Result<String, JsValue> {
    use std::time::Duration;
    let case = case_named(&name)?;
    let paced = case.run_paced(&cpu_devices(), Duration::from_millis(ms.into()), Duration::from_millis(chunk_ms.into()), super::browser::yield_now).await;
    to_json(paced)
}

/// Fetches and installs MNIST unless it is here already.
async fn mnist_here() -> Result<(), JsValue> {
    if crate::core::mnist::installed().is_none() {
        crate::ui::mnist_load::load(|_, _| {}).await.map_err(|e| JsValue::from_str(&e))?;
    }
    Ok(())
}

fn case_named(name: &str) -> Result<crate::core::throughput::BenchCase, JsValue> {
    bench_case(name).ok_or_else(|| JsValue::from_str(&format!("no bench case {name:?}")))
}

async fn devices_for(backend: &str) -> Result<crate::core::trainer::Devices, JsValue> {
    match backend {
        "cpu" => Ok(cpu_devices()),
        "webgpu" => webgpu_devices().await.map_err(|e| JsValue::from_str(&e)),
        other => Err(JsValue::from_str(&format!("no backend {other:?}"))),
    }
}

fn to_json<T: serde::Serialize>(value: Result<T, String>) -> Result<String, JsValue> {
    let value = value.map_err(|e| JsValue::from_str(&e))?;
    serde_json::to_string(&value).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Times K stacked 64-width-width-10 students with batches of `batch` rows
/// on `backend` for about `ms` ms ([`crate::core::crossover::time_stack`]);
/// resolves to JSON.
#[wasm_bindgen]
pub async fn kd_crossover(width: u32, batch: u32, k: u32, backend: String, ms: u32) -> Result<String, JsValue> {
    use crate::core::crossover::{StackShape, time_stack};
    let devices = devices_for(&backend).await?;
    let shape = StackShape { width: width as usize, batch: batch as usize, k: k as usize };
    to_json(time_stack(&devices, shape, 2, std::time::Duration::from_millis(ms.into())).await)
}

/// Times a 6 T × `seeds` temperature sweep on `backend`, stacked or point by
/// point ([`crate::core::crossover::time_sweep`]), yielding to the page
/// between 12 ms chunks as panel 6 does; resolves to JSON.
#[wasm_bindgen]
pub async fn kd_sweep(backend: String, digits: bool, stacked: bool, seeds: u32, steps: u32) -> Result<String, JsValue> {
    let devices = devices_for(&backend).await?;
    to_json(crate::core::crossover::time_sweep(&devices, digits, stacked, seeds as usize, steps as usize, super::browser::yield_now).await)
}

/// The MNIST benchmark ([`crate::core::mnist_bench`]) in this page on
/// `backend`: fetches MNIST if it is not here, trains the small CNN teacher
/// for at most `secs` seconds, then times the tiny CNN pair; resolves to JSON.
#[wasm_bindgen]
pub async fn kd_mnist(backend: String, secs: u32, student_steps: u32) -> Result<String, JsValue> {
    use std::time::Duration;
    mnist_here().await?;
    let devices = devices_for(&backend).await?;
    let bench = crate::core::mnist_bench::run_mnist_bench(
        &devices,
        Duration::from_secs(secs.into()),
        Duration::from_secs(10),
        student_steps as usize,
        super::browser::yield_now,
    )
    .await;
    to_json(bench)
}
