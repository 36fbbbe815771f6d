//! Measured inference cost, timed honestly: a warm-up first (kernels,
//! caches, shader compilation), then repetitions, reporting the median; each
//! timed call includes reading the result back, since a prediction is not
//! made until it can be used. The host gets a turn between repetitions.

// The engine's half (burn, training): not in the page's UI-only module.
#[cfg(feature = "engine")]
use {
    super::super::net::{Net, read_f32},
    burn::prelude::*,
    burn::tensor::TensorData,
    std::future::Future,
    web_time::Instant,
};

pub const WARM_UP: usize = 3;
pub const SINGLE_REPS: usize = 21;
pub const BATCH_REPS: usize = 7;
pub const BATCH_ROWS: usize = 256;
/// Each timed repetition repeats the call until at least this long has
/// passed and divides: browsers coarsen `performance.now()` (to 0.1 ms in
/// Chromium without cross-origin isolation), far above a tiny model's call.
const MIN_REP_MS: f32 = 4.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// Median wall time of one prediction for one input, in milliseconds.
    pub latency_ms: f32,
    /// Inputs per second when predicting a batch of [`BATCH_ROWS`] at once (median batch).
    pub throughput: f32,
}

/// How the figures were taken, for the page's tooltip.
pub fn method() -> String {
    format!(
        "{WARM_UP} warm-up calls, then the median of {SINGLE_REPS} repetitions for one input and of {BATCH_REPS} for a batch of {BATCH_ROWS}; \
         a repetition times back-to-back calls (forward pass and reading the logits back) for at least {MIN_REP_MS} ms and divides by their number, \
         since the browser's clock is coarse. On the backend that trains now; the page gets a turn between repetitions."
    )
}

#[cfg(feature = "engine")]
/// Times `model` (inference, no autodiff) on inputs of width `dim`.
pub async fn time_inference<Y: Future<Output = ()>>(model: &Net, dim: usize, device: &Device, yield_now: &impl Fn() -> Y) -> Result<Timing, String> {
    // A fixed, non-trivial input: the values do not change the arithmetic.
    let input = |rows: usize| {
        Tensor::<2>::from_data(TensorData::new((0..rows * dim).map(|i| ((i * 7919) % 13) as f32 / 13.0).collect::<Vec<_>>(), [rows, dim]), device)
    };
    let (one, batch) = (input(1), input(BATCH_ROWS));
    let time = async |x: &Tensor<2>, reps: usize| -> Result<f32, String> {
        for _ in 0..WARM_UP {
            read_f32(model.forward(x.clone())).await?;
        }
        let mut ms = Vec::with_capacity(reps);
        for _ in 0..reps {
            yield_now().await;
            let start = Instant::now();
            let mut calls = 0u32;
            let mut elapsed = 0.0;
            while calls == 0 || elapsed < MIN_REP_MS {
                read_f32(model.forward(x.clone())).await?;
                calls += 1;
                elapsed = start.elapsed().as_secs_f32() * 1e3;
            }
            ms.push(elapsed / calls as f32);
        }
        ms.sort_by(f32::total_cmp);
        Ok(ms[reps / 2])
    };
    let latency_ms = time(&one, SINGLE_REPS).await?;
    let batch_ms = time(&batch, BATCH_REPS).await?;
    Ok(Timing { latency_ms, throughput: BATCH_ROWS as f32 / (batch_ms / 1e3) })
}
