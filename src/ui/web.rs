//! The few browser services the page needs: yielding to the event loop and
//! the WebGPU adapter probe. The one place (with backend.rs) that talks to
//! JavaScript APIs directly.

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Resolves on a zero-delay timeout: lets the browser paint and handle input.
pub async fn yield_now() {
    let promise = Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("a window");
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

/// Sleeps for `ms` milliseconds without blocking the page.
pub async fn sleep_ms(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("a window");
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// Whether `navigator.gpu.requestAdapter()` yields an adapter. Asked before
/// wgpu is initialised, since wgpu panics when there is none.
pub async fn webgpu_adapter_available() -> Result<(), String> {
    let navigator: JsValue = web_sys::window().ok_or("no window")?.navigator().into();
    let gpu = Reflect::get(&navigator, &"gpu".into()).map_err(|_| "navigator.gpu unreadable")?;
    if gpu.is_undefined() || gpu.is_null() {
        return Err("this browser has no WebGPU (navigator.gpu is missing)".into());
    }
    let request = Reflect::get(&gpu, &"requestAdapter".into()).map_err(|_| "no requestAdapter")?;
    let request: js_sys::Function = request.dyn_into().map_err(|_| "requestAdapter is not a function")?;
    let promise: Promise = request.call0(&gpu).map_err(|e| format!("requestAdapter threw: {e:?}"))?.dyn_into().map_err(|_| "requestAdapter returned no promise")?;
    let adapter = JsFuture::from(promise).await.map_err(|e| format!("requestAdapter failed: {e:?}"))?;
    if adapter.is_null() || adapter.is_undefined() {
        return Err("the browser offers no WebGPU adapter".into());
    }
    Ok(())
}
