//! The ML core: data, models, distillation losses, training and metrics.
//! Nothing here imports leptos or web-sys; it is tested natively.

pub mod dataset;
pub mod digits;
pub mod distill;
pub mod metrics;
pub mod model;
pub mod probs;
pub mod projection;
pub mod rng;
pub mod config;
pub mod trainer;
pub mod names;
pub mod protocol;
pub mod wire;
pub mod experiments;
pub mod session;
pub mod stacked;
pub mod crossover;
pub mod backend_probe;
pub mod throughput;
pub mod pacing;
pub mod knowledge;
pub mod strategies;
pub mod strategy_config;
pub mod share;
pub mod tours;
pub mod weights_file;
pub mod compress;
pub mod serde_name;
pub mod settings;
