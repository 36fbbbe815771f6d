//! Static constructors, run once.
//!
//! cubecl (inside burn) registers its IR types with `inventory`, which on wasm
//! works through static constructors that the linker gathers into
//! `__wasm_call_ctors`. For a binary that never calls that function itself,
//! wasm-ld assumes "command" linkage and runs *all* constructors at the start
//! of *every* exported function — every JS→wasm call: each event callback,
//! timer and externref operation. Profiled in Chromium, that was about a
//! third of the main thread while training, and enough to push single frames
//! past the 50 ms long-task line. An explicit call (here) turns the wrapping
//! off, so the constructors must then run once, before burn is used:
//! [`run_once`] is called by `mount` and by every device constructor.

use std::sync::Once;

unsafe extern "C" {
    fn __wasm_call_ctors();
}

pub fn run_once() {
    static DONE: Once = Once::new();
    // SAFETY: the linker-made constructor list, run exactly once per instance
    // before anything reads what it registers.
    DONE.call_once(|| unsafe { __wasm_call_ctors() });
}
