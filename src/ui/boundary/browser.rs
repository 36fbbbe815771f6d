//! The few browser services the page needs beyond web-sys: yielding to the
//! event loop, the WebGPU adapter probe and device-loss watch, and wire
//! messages ready to post.

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    // The two MessageChannel calls yield_now needs, bound here rather than
    // through web-sys features (adding those rebuilds every web-sys user).
    type MessageChannel;
    #[wasm_bindgen(constructor)]
    fn new() -> MessageChannel;
    #[wasm_bindgen(method, getter)]
    fn port1(this: &MessageChannel) -> MessagePort;
    #[wasm_bindgen(method, getter)]
    fn port2(this: &MessageChannel) -> MessagePort;
    type MessagePort;
    #[wasm_bindgen(method, setter)]
    fn set_onmessage(this: &MessagePort, handler: &js_sys::Function);
    #[wasm_bindgen(method, js_name = postMessage)]
    fn post_message(this: &MessagePort, message: &JsValue);
}

#[wasm_bindgen(inline_js = r#"
export function watch_gpu_devices(on_lost) {
  if (!globalThis.GPUAdapter || GPUAdapter.prototype.__kdWatched) return;
  const request = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    const device = await request.apply(this, args);
    (globalThis.__kdGpuDevices ||= []).push(device);
    device.lost.then(info => on_lost(`${info.reason || "unknown"}: ${info.message || "no message"}`));
    return device;
  };
  GPUAdapter.prototype.__kdWatched = true;
}
"#)]
extern "C" {
    /// Wraps `GPUAdapter.requestDevice` so that every WebGPU device wgpu
    /// creates calls `on_lost` when the browser loses it (driver reset, GPU
    /// process crash, `device.destroy()`). The devices are kept in
    /// `globalThis.__kdGpuDevices`, which is how a test destroys them.
    /// A module snippet, not eval: the page's CSP forbids eval.
    fn watch_gpu_devices(on_lost: &js_sys::Function);
}

/// Calls `on_lost(reason)` whenever a WebGPU device created from now on is
/// lost. Install before wgpu asks for its device.
pub fn on_webgpu_device_lost(on_lost: impl Fn(String) + 'static) {
    let callback = Closure::<dyn Fn(String)>::new(on_lost);
    watch_gpu_devices(callback.as_ref().unchecked_ref());
    callback.forget(); // lives as long as the page
}

/// Resolves in a new task (a MessageChannel message): the browser paints and
/// handles input in between. Not `setTimeout(0)`: browsers clamp nested
/// timeouts to 4 ms, which idled a third of every 12 ms training chunk
/// (docs/PERFORMANCE.md).
pub async fn yield_now() {
    let promise = Promise::new(&mut |resolve, _| {
        let channel = MessageChannel::new();
        channel.port1().set_onmessage(&resolve);
        channel.port2().post_message(&JsValue::NULL);
    });
    let _ = JsFuture::from(promise).await;
}

/// Whether this instance is the training engine loaded on the page's thread
/// beside the UI-only module (loader.js sets `kdEngineOnPage` before it
/// starts it): it must not mount a second page.
pub fn engine_on_page() -> bool {
    web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &"kdEngineOnPage".into()).ok()).is_some_and(|v| v.is_truthy())
}

/// The page URL's query string (`?demo`, `?bench`), or empty.
pub fn page_query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
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
    // The page's or, in the training worker, the worker's navigator.
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).map_err(|_| "no navigator")?;
    let gpu = Reflect::get(&navigator, &"gpu".into()).map_err(|_| "navigator.gpu unreadable")?;
    if gpu.is_undefined() || gpu.is_null() {
        return Err("this browser has no WebGPU (navigator.gpu is missing)".into());
    }
    let request = Reflect::get(&gpu, &"requestAdapter".into()).map_err(|_| "no requestAdapter")?;
    let request: js_sys::Function = request.dyn_into().map_err(|_| "requestAdapter is not a function")?;
    let promise: Promise =
        request.call0(&gpu).map_err(|e| format!("requestAdapter threw: {e:?}"))?.dyn_into().map_err(|_| "requestAdapter returned no promise")?;
    let adapter = JsFuture::from(promise).await.map_err(|e| format!("requestAdapter failed: {e:?}"))?;
    if adapter.is_null() || adapter.is_undefined() {
        return Err("the browser offers no WebGPU adapter".into());
    }
    Ok(())
}

/// `message` CBOR-encoded ([`crate::core::wire`]) in a buffer of its own,
/// and the transfer list that hands the buffer over to the other thread
/// rather than copying it: the two arguments of `postMessage`.
pub fn transferable(message: &impl serde::Serialize) -> (js_sys::Uint8Array, js_sys::Array) {
    let bytes = js_sys::Uint8Array::from(crate::core::wire::encode(message).as_slice());
    let transfer = js_sys::Array::of1(&bytes.buffer());
    (bytes, transfer)
}
