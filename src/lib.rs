//! kd-playground: knowledge distillation, live in the browser.
//!
//! [`core`] holds the maths, models and training (no web dependencies,
//! tested natively) and reports data, not English; [`words`] words it for
//! the page and the command line; `ui` is the leptos page, built for wasm32 only.

pub mod core;
pub mod plot;
pub mod words;

#[cfg(target_arch = "wasm32")]
pub mod ui;
