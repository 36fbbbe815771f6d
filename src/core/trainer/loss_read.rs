//! Reading a loss back, the one place a diverged run is noticed: a NaN, an
//! infinity or an exploded value becomes an `Err` that names it.

use burn::prelude::*;

use super::super::model::read_f32;

/// A mean cross-entropy above this (in nats; chance level is ln K < 2) only
/// comes from exploding weights: treated like NaN, the run stops.
pub const EXPLODED_LOSS: f32 = 1e3;

/// Reads a loss (a sum over `steps` steps) and returns its mean; `Err` names
/// a NaN, infinite or exploded value.
pub async fn read_loss_mean(loss: Tensor<1>, steps: usize) -> Result<f32, String> {
    let v = read_f32(loss).await?[0] / steps.max(1) as f32;
    if !v.is_finite() {
        Err(format!("the loss became {v}"))
    } else if v > EXPLODED_LOSS {
        Err(format!("the loss exploded to {v:.3e} (weights diverging)"))
    } else {
        Ok(v)
    }
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
    }
}
