//! Fetches the MNIST file the first time MNIST is chosen — never before
//! (1.6 MB the page does not need until then) — with progress, and installs
//! it for the page and the training session.
//!
//! While it loads, the page shows and trains a stand-in (the 8×8 digits, all
//! other settings kept); a failed fetch says why and puts the dataset back
//! to the stand-in, so nothing else is lost. The service worker keeps the
//! file once fetched, so MNIST also works offline afterwards.

use std::sync::Arc;

use js_sys::{Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::config::PlaygroundConfig;
use crate::core::dataset::DatasetSpec;
use crate::core::mnist;

/// Where the MNIST file is, relative to the page (Trunk copies `assets/`).
pub const MNIST_URL: &str = mnist::ASSET_NAME;
/// Largest download read (the file is 1.6 MB): a wrong URL serving something huge stops here.
const MAX_FILE_BYTES: usize = 16 << 20;

#[derive(Debug, Clone, PartialEq)]
pub enum MnistLoad {
    /// Not asked for yet.
    Idle,
    /// Bytes received so far, of `total` when the server says.
    Loading {
        received: usize,
        total: Option<usize>,
    },
    Ready,
    Failed(String),
}

impl MnistLoad {
    /// What the data panel says.
    pub fn describe(&self) -> Option<String> {
        match self {
            Self::Idle | Self::Ready => None,
            Self::Loading { received, total: Some(t) } if *t > 0 => {
                Some(format!("Loading the MNIST digits… {:.0} % of {:.1} MB", 100.0 * *received as f64 / *t as f64, *t as f64 / 1e6))
            }
            Self::Loading { received, .. } => Some(format!("Loading the MNIST digits… {:.1} MB", *received as f64 / 1e6)),
            Self::Failed(why) => Some(format!("MNIST could not be loaded: {why}")),
        }
    }
}

/// The config the session and the views use: `config` itself, or, while
/// MNIST is not installed, the same settings on the stand-in (the 8×8 digits).
pub fn usable(config: PlaygroundConfig, ready: bool) -> PlaygroundConfig {
    if config.dataset.kind.is_fetched() && !ready { PlaygroundConfig { dataset: stand_in(), ..config } } else { config }
}

/// The dataset shown while MNIST loads, and kept if it fails.
pub fn stand_in() -> DatasetSpec {
    DatasetSpec::all_digits()
}

/// Fetches, checks and installs MNIST on this page; returns the raw bytes
/// for the session's instance. `progress` hears every chunk.
pub async fn load(progress: impl Fn(usize, Option<usize>)) -> Result<Arc<Vec<u8>>, String> {
    if let Some(bytes) = FETCHED.get() {
        // Already here (a second app on this page, say): the session still needs its copy.
        return Ok(bytes.clone());
    }
    let bytes = fetch(MNIST_URL, &progress).await?;
    mnist::install(mnist::parse_gz(&bytes)?);
    Ok(FETCHED.get_or_init(|| Arc::new(bytes)).clone())
}

/// The file as fetched, once it has been read and installed (1.6 MB, kept
/// so that a session started later gets its copy without a second request).
static FETCHED: std::sync::OnceLock<Arc<Vec<u8>>> = std::sync::OnceLock::new();

/// GETs `url`, reading the body in chunks to report progress.
async fn fetch(url: &str, progress: &impl Fn(usize, Option<usize>)) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window to fetch from")?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| format!("the request failed ({}); are you offline?", js_text(&e)))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "the fetch gave no response")?;
    if !response.ok() {
        return Err(format!("the server answered {} {} for {url}", response.status(), response.status_text()));
    }
    let total = response.headers().get("content-length").ok().flatten().and_then(|v| v.parse::<usize>().ok());
    let body = response.body().ok_or("the response has no body")?;
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::with_capacity(total.unwrap_or(0));
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| format!("the download broke off ({})", js_text(&e)))?;
        if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let value = Reflect::get(&chunk, &"value".into()).map_err(|_| "a chunk without data")?;
        bytes.extend(Uint8Array::new(&value).to_vec());
        progress(bytes.len(), total);
        if bytes.len() > MAX_FILE_BYTES {
            return Err(format!("the file is larger than {} MB; it is not the MNIST file", MAX_FILE_BYTES >> 20));
        }
    }
    Ok(bytes)
}

fn js_text(e: &wasm_bindgen::JsValue) -> String {
    e.as_string().or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()))).unwrap_or_else(|| format!("{e:?}"))
}

/// Starts the fetch when `config` first names MNIST: installs it here, sends
/// the bytes to the session (`send`) and marks it ready; on failure says why
/// and puts the dataset back to the stand-in.
pub fn watch(config: RwSignal<PlaygroundConfig>, state: RwSignal<MnistLoad>, send: impl Fn(Arc<Vec<u8>>) + Copy + 'static, error: RwSignal<Option<String>>) {
    Effect::new(move |_| {
        let wants = config.with(|c| c.dataset.kind.is_fetched());
        let idle = state.with_untracked(|s| matches!(s, MnistLoad::Idle | MnistLoad::Failed(_)));
        if !(wants && idle) {
            return;
        }
        state.set(MnistLoad::Loading { received: 0, total: None });
        leptos::task::spawn_local(async move {
            match load(move |received, total| state.set(MnistLoad::Loading { received, total })).await {
                Ok(bytes) => {
                    send(bytes);
                    state.set(MnistLoad::Ready);
                }
                Err(why) => {
                    error
                        .set(Some(format!("MNIST could not be loaded: {why}. The 8×8 digits stay; every other setting is kept. Choose MNIST again to retry.")));
                    state.set(MnistLoad::Failed(why));
                    config.update(|c| {
                        if c.dataset.kind.is_fetched() {
                            c.dataset = stand_in();
                        }
                    });
                }
            }
        });
    });
}
