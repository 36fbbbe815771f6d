//! Reading a loss back, the one place a diverged run is noticed: a NaN, an
//! infinity or an exploded value becomes an `Err` that names it.

use burn::prelude::*;

use super::super::net::read_f32;

/// A mean cross-entropy above this (in nats; chance level is ln K < 2) only
/// comes from exploding weights: treated like NaN, the run stops.
pub const EXPLODED_LOSS: f32 = 1e3;

/// Why a loss could not be used: the device gave nothing back (a lost
/// WebGPU device, say), or the loss itself diverged.
#[derive(Debug, Clone, PartialEq)]
pub enum LossError {
    /// The read failed, with the backend's account.
    ReadFailed(String),
    /// NaN, infinite or exploded, with what it became.
    Diverged(String),
}

impl std::fmt::Display for LossError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ReadFailed(why) | Self::Diverged(why) => f.write_str(why),
        }
    }
}

impl From<LossError> for String {
    fn from(e: LossError) -> Self {
        e.to_string()
    }
}

/// Reads a loss (a sum over `steps` steps) and returns its mean; `Err` says
/// whether the read failed or the value is NaN, infinite or exploded.
pub async fn read_loss_checked(loss: Tensor<1>, steps: usize) -> Result<f32, LossError> {
    let v = read_f32(loss).await.map_err(LossError::ReadFailed)?[0] / steps.max(1) as f32;
    if !v.is_finite() {
        Err(LossError::Diverged(format!("the loss became {v}")))
    } else if v > EXPLODED_LOSS {
        Err(LossError::Diverged(format!("the loss exploded to {v:.3e} (weights diverging)")))
    } else {
        Ok(v)
    }
}

/// [`read_loss_checked`] with its error as text, for callers that only pass it on.
pub async fn read_loss_mean(loss: Tensor<1>, steps: usize) -> Result<f32, String> {
    Ok(read_loss_checked(loss, steps).await?)
}

/// [`read_loss_mean`] of a single step's loss.
pub async fn read_loss(loss: Tensor<1>) -> Result<f32, String> {
    read_loss_mean(loss, 1).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::TensorData;
    use futures::executor::block_on;

    fn scalar(v: f32) -> Tensor<1> {
        Tensor::from_data(TensorData::new(vec![v], [1]), &Device::flex())
    }

    #[test]
    fn bad_losses_are_named_and_good_ones_averaged() {
        assert_eq!(block_on(read_loss_mean(scalar(6.0), 3)), Ok(2.0));
        assert!(block_on(read_loss(scalar(f32::NAN))).unwrap_err().contains("NaN"));
        assert!(block_on(read_loss(scalar(f32::INFINITY))).unwrap_err().contains("inf"));
        assert!(block_on(read_loss(scalar(5e4))).unwrap_err().contains("exploded"));
        assert!(matches!(block_on(read_loss_checked(scalar(f32::NAN), 1)), Err(LossError::Diverged(_))));
    }
}
