//! The ML core: data, models, distillation losses, training and metrics.
//! Nothing here imports leptos or web-sys; it is tested natively.

pub mod backend_probe;
pub mod compress;
pub mod config;
pub mod crossover;
pub mod dataset;
pub mod digits;
pub mod distill;
pub mod experiments;
pub mod knowledge;
pub mod metrics;
pub mod mnist;
pub mod mnist_bench;
pub mod mnist_preprocess;
pub mod model;
pub mod model_presets;
pub mod names;
pub mod pacing;
pub mod probs;
pub mod projection;
pub mod protocol;
pub mod rng;
pub mod serde_bytes;
pub mod serde_name;
pub mod session;
pub mod settings;
pub mod share;
pub mod stacked;
pub mod strategies;
pub mod strategy_config;
pub mod throughput;
pub mod tours;
pub mod trainer;
pub mod weights_file;
pub mod wire;
