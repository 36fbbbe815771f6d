//! The crate's one boundary with JavaScript: every `#[wasm_bindgen]` item —
//! what the page's scripts call in the wasm, and the browser APIs the wasm
//! calls without web-sys — lives in this module, one file per counterpart
//! (as burn's mnist-inference-web keeps its one `web.rs`). The rest of the
//! UI reaches the browser through web-sys and these functions.

#[cfg(feature = "engine")]
pub mod bench;
pub mod browser;
pub mod worker;
