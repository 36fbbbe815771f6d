//! Feature-based: attention transfer (Zagoruyko & Komodakis 2017, "Paying
//! More Attention to Attention"). A convolutional layer's attention map says
//! *where* it responds: Σ_c |A_c|^p over its channels, one value per position.
//! The student matches the teacher's map, not its features, so the channel
//! counts may differ and no regressor is learned.
//!
//! Also here, what the other feature and relation terms need to read a
//! convolutional layer. Layer outputs travel through the trainer flattened,
//! `[batch, c·h·w]` in channel-major order (index = (ch·h + y)·w + x, the
//! row-major flattening of `[c, h, w]`), with their [`MapShape`] beside them;
//! a dense layer of width n is the map `(n, 1, 1)`.

use burn::prelude::*;
use burn::tensor::module::adaptive_avg_pool2d;

use super::features::EPS;

/// A layer's feature map: (channels, height, width).
pub type MapShape = (usize, usize, usize);

/// `[batch, c·h·w]` → `[batch, c, h, w]`, naming a shape that does not fit.
fn unflatten(features: Tensor<2>, (c, h, w): MapShape) -> Tensor<4> {
    let [batch, n] = features.dims();
    assert_eq!(n, c * h * w, "a layer output {n} wide is not a {c}×{h}×{w} map");
    features.reshape([batch, c, h, w])
}

/// Σ_c |A_c|^p: `[batch, c, h, w]` → `[batch, 1, h, w]`.
fn energy(maps: Tensor<4>, p: f32) -> Tensor<4> {
    assert!(p >= 1.0, "attention needs p ≥ 1 (below, its gradient at 0 is infinite), got {p}");
    // x² directly for the usual p = 2: no |x| needed, one op fewer.
    let powered = if p == 2.0 { maps.square() } else { maps.abs().powf_scalar(p) };
    powered.sum_dim(1)
}

/// Each row divided by its L2 norm; the squared norm is floored at EPS, as
/// in [`super::similarity`], so a zero row stays zero (and its gradient finite).
fn unit_rows(q: Tensor<2>) -> Tensor<2> {
    let norm = q.clone().square().sum_dim(1).clamp_min(EPS).sqrt();
    q / norm
}

/// `[batch, 1, h, w]` → `[batch, h·w]`.
fn flatten_positions(q: Tensor<4>) -> Tensor<2> {
    let [batch, _, h, w] = q.dims();
    q.reshape([batch, h * w])
}

/// Attention map (Zagoruyko & Komodakis 2017): Q = Σ_c |A_c|^p over the
/// channels, `[batch, h·w]`, each row divided by its L2 norm (floored so an
/// all-zero map gives zeros, not NaN). p ≥ 1; the paper uses 2.
pub fn attention_map(features: Tensor<2>, shape: MapShape, p: f32) -> Tensor<2> {
    unit_rows(flatten_positions(energy(unflatten(features, shape), p)))
}

/// Attention transfer loss (Zagoruyko & Komodakis 2017), p = 2:
///
/// L = (1/b) Σ_i Σ_j (Q_s[i, j] − Q_t[i, j])²,  Q = unit-L2 rows of Σ_c A_c²,
///
/// the mean over the batch of the squared distance between the two
/// normalised maps (each sample's term in [0, 2]: the rows have norm 1, or 0,
/// and no negative entry). The paper's β/2 is left to the term's weight;
/// RepDistiller and the authors' code also average over the positions, i.e.
/// this value / (h·w).
///
/// Where the spatial sizes differ, each map's Σ_c A_c² is average-pooled
/// (adaptively) to the smaller height and the smaller width *before* it is
/// normalised (RepDistiller pools the features instead: opposite signs would
/// cancel there). The channel counts may differ.
pub fn attention_transfer_loss(student: Tensor<2>, s_shape: MapShape, teacher: Tensor<2>, t_shape: MapShape) -> Tensor<1> {
    let batch = student.dims()[0] as f32;
    let size = [s_shape.1.min(t_shape.1), s_shape.2.min(t_shape.2)];
    let attention = |features: Tensor<2>, shape: MapShape| {
        let q = energy(unflatten(features, shape), 2.0);
        let q = if [shape.1, shape.2] == size { q } else { adaptive_avg_pool2d(q, size) };
        unit_rows(flatten_positions(q))
    };
    (attention(student, s_shape) - attention(teacher, t_shape)).square().sum() / batch
}

/// Global average pool over the positions: `[batch, c·h·w]` → `[batch, c]`,
/// so the relation terms (RKD, similarity-preserving) compare one vector per
/// sample. A dense layer `(n, 1, 1)` comes back unchanged.
pub fn pooled(features: Tensor<2>, shape: MapShape) -> Tensor<2> {
    let (c, h, w) = shape;
    let batch = features.dims()[0];
    unflatten(features, shape).reshape([batch, c, h * w]).mean_dim(2).reshape([batch, c])
}

/// Each spatial position a row of its channels: `[batch, c·h·w]` →
/// `[batch·h·w, c]` (row = sample·h·w + y·w + x), so the FitNets regressor,
/// a 1×1 convolution on a map, is a linear layer on these rows.
pub fn positions(features: Tensor<2>, shape: MapShape) -> Tensor<2> {
    let (c, h, w) = shape;
    let batch = features.dims()[0];
    // [batch, c, h·w] → [batch, h·w, c]
    unflatten(features, shape).reshape([batch, c, h * w]).swap_dims(1, 2).reshape([batch * h * w, c])
}

/// The map average-pooled (adaptively) to `to_hw` = (height, width), still
/// flattened: `[batch, c·h·w]` → `[batch, c·h₂·w₂]`. For a hint and a guided
/// layer whose maps differ in size.
pub fn resize_map(features: Tensor<2>, from: MapShape, to_hw: (usize, usize)) -> Tensor<2> {
    let (c, h2, w2) = (from.0, to_hw.0, to_hw.1);
    let batch = features.dims()[0];
    adaptive_avg_pool2d(unflatten(features, from), [h2, w2]).reshape([batch, c * h2 * w2])
}

#[cfg(test)]
mod tests {
    use super::super::test_rows::scalar;
    use super::*;
    use crate::core::net::read_f32;
    use burn::tensor::TensorData;
    use futures::executor::block_on;

    /// `batch` flattened rows from their values, one after the other.
    fn flat(batch: usize, values: Vec<f32>, device: &Device) -> Tensor<2> {
        let n = values.len() / batch;
        Tensor::from_data(TensorData::new(values, [batch, n]), device)
    }

    fn cpu(batch: usize, values: Vec<f32>) -> Tensor<2> {
        flat(batch, values, &Device::flex())
    }

    fn values(t: Tensor<2>) -> Vec<f32> {
        block_on(read_f32(t)).unwrap()
    }

    fn assert_close(got: &[f32], want: &[f32]) {
        assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
        assert!(got.iter().zip(want).all(|(g, w)| (g - w).abs() < 1e-6), "{got:?} vs {want:?}");
    }

    /// Nearest-neighbour ×2 upsampling of flattened `(c, h, w)` maps.
    fn upsample2(values: &[f32], (c, h, w): MapShape) -> Vec<f32> {
        let sample = c * h * w;
        let mut out = Vec::with_capacity(values.len() * 4);
        for s in values.chunks(sample) {
            for ch in 0..c {
                for y in 0..2 * h {
                    for x in 0..2 * w {
                        out.push(s[(ch * h + y / 2) * w + x / 2]);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn attention_map_hand_value() {
        // One sample of 2 channels on 2×2, positions in reading order:
        //   channel 0 = [2, 0, 1,  0], channel 1 = [0, 0, 1, -2]
        //   p = 2: Q = [4+0, 0+0, 1+1, 0+4] = [4, 0, 2, 4], ‖Q‖ = √(16+0+4+16) = 6
        //          → [2/3, 0, 1/3, 2/3]
        //   p = 1: Q = [2, 0, 2, 2], ‖Q‖ = √12 = 2√3 → [1/√3, 0, 1/√3, 1/√3]
        // and a second, all-zero sample → zeros, not NaN.
        let mut v = vec![2.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, -2.0];
        v.extend([0.0; 8]);
        let got = values(attention_map(cpu(2, v.clone()), (2, 2, 2), 2.0));
        assert_close(&got, &[2.0 / 3.0, 0.0, 1.0 / 3.0, 2.0 / 3.0, 0.0, 0.0, 0.0, 0.0]);
        let r = 1.0 / 3f32.sqrt();
        let got = values(attention_map(cpu(2, v), (2, 2, 2), 1.0));
        assert_close(&got, &[r, 0.0, r, r, 0.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn attention_transfer_hand_value_is_a_batch_mean_of_sums_over_positions() {
        // (1, 1, 2) maps. Sample 1: Q_s = [1, 0] → [1, 0], Q_t = [0, 4] → [0, 1],
        // Σ (Q_s − Q_t)² = 1 + 1 = 2. Sample 2: equal maps, 0. Mean over 2 samples: 1.
        let student = cpu(2, vec![1.0, 0.0, 3.0, 4.0]);
        let teacher = cpu(2, vec![0.0, 2.0, 3.0, 4.0]);
        let got = scalar(attention_transfer_loss(student, (1, 1, 2), teacher, (1, 1, 2)));
        assert!((got - 1.0).abs() < 1e-6, "{got}");
    }

    #[test]
    fn attention_transfer_is_zero_for_equal_maps_and_ignores_scale() {
        let shape = (2, 2, 3);
        let teacher = vec![0.3, -1.0, 2.0, 0.5, -0.7, 0.1, 1.1, 1.9, -0.4, 0.0, 0.8, -1.3];
        let student = vec![1.0, 0.2, 0.4, 0.9, -0.3, 1.5, 0.6, -0.2, 0.7, 1.2, -0.9, 0.05];
        let loss = |s: Vec<f32>| scalar(attention_transfer_loss(cpu(1, s), shape, cpu(1, teacher.clone()), shape));
        assert!(loss(teacher.clone()).abs() < 1e-6);
        let plain = loss(student.clone());
        let scaled = loss(student.iter().map(|v| v * 3.7).collect());
        assert!(plain > 1e-2 && (plain - scaled).abs() < 1e-5, "{plain} vs {scaled}");
    }

    #[test]
    fn attention_transfer_compares_maps_of_different_channel_counts() {
        // Student: 1 channel [1, 2, 0, 2]; teacher: 2 channels [1, 2, 0, 0] and
        // [0, 0, 0, 2]. Both Q = [1, 4, 0, 4]: loss 0.
        let student = cpu(1, vec![1.0, 2.0, 0.0, 2.0]);
        let teacher = cpu(1, vec![1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0]);
        assert!(scalar(attention_transfer_loss(student.clone(), (1, 2, 2), teacher, (2, 2, 2))).abs() < 1e-6);
        let other = cpu(1, vec![0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        assert!(scalar(attention_transfer_loss(student, (1, 2, 2), other, (2, 2, 2))) > 0.5);
    }

    #[test]
    fn the_larger_map_is_pooled_to_the_smaller_one() {
        // 2 samples of 2×2 maps with 2 channels; the 4×4 ones are the same maps
        // upsampled (×3, 3 channels for the teacher: one of them silent).
        let small = vec![0.3, -1.0, 2.0, 0.5, -0.7, 0.1, 1.1, 1.9, 1.0, 0.2, 0.4, 0.9, -0.3, 1.5, 0.6, -0.2];
        let mut three = small[..8].to_vec();
        three.extend([0.0; 4]);
        three.extend(&small[8..]);
        three.extend([0.0; 4]);
        let large: Vec<f32> = upsample2(&three, (3, 2, 2)).iter().map(|v| v * 3.0).collect();
        let loss = |s: Vec<f32>, s_shape, t: Vec<f32>, t_shape| scalar(attention_transfer_loss(cpu(2, s), s_shape, cpu(2, t), t_shape));
        assert!(loss(small.clone(), (2, 2, 2), large.clone(), (3, 4, 4)).abs() < 1e-6);
        assert!(loss(large, (3, 4, 4), small.clone(), (2, 2, 2)).abs() < 1e-6);
        let reversed: Vec<f32> = small.iter().rev().copied().collect();
        assert!(loss(small, (2, 2, 2), upsample2(&reversed, (2, 2, 2)), (2, 4, 4)) > 1e-2);
    }

    #[test]
    fn the_larger_attention_is_pooled_not_its_features() {
        // Teacher 2×2 checkerboard [1, −1, −1, 1]: Q = [1, 1, 1, 1], pooled to
        // 1×1 → 1 → 1; the student's 1×1 map [5] → 25 → 1. Loss 0, where pooling
        // the features first would give 0 → a zero map and a loss of 1.
        let got = scalar(attention_transfer_loss(cpu(1, vec![5.0]), (1, 1, 1), cpu(1, vec![1.0, -1.0, -1.0, 1.0]), (1, 2, 2)));
        assert!(got.abs() < 1e-6, "{got}");
    }

    #[test]
    fn an_all_zero_student_map_gives_finite_gradients() {
        let device = Device::flex().autodiff();
        let student = flat(2, vec![0.0; 16], &device).require_grad();
        let teacher = flat(2, (0..16).map(|i| i as f32 * 0.1 - 0.5).collect(), &device);
        let loss = attention_transfer_loss(student.clone(), (2, 2, 2), teacher, (2, 2, 2));
        // Q_s = 0 and every Q_t has norm 1: the loss is the mean of ‖Q_t‖² = 1.
        assert!((scalar(loss.clone()) - 1.0).abs() < 1e-6);
        let grads = loss.backward();
        let g = block_on(read_f32(student.grad(&grads).unwrap())).unwrap();
        assert!(g.iter().all(|v| v.is_finite()), "{g:?}");
    }

    #[test]
    #[should_panic(expected = "not a 2×2×2 map")]
    fn a_shape_that_does_not_fit_is_named() {
        attention_map(cpu(1, vec![0.0; 6]), (2, 2, 2), 2.0);
    }

    #[test]
    fn pooled_averages_each_channel_over_space() {
        // (2, 1, 2): channel 0 = [1, 3] → 2, channel 1 = [5, 7] → 6.
        assert_close(&values(pooled(cpu(1, vec![1.0, 3.0, 5.0, 7.0]), (2, 1, 2))), &[2.0, 6.0]);
        // A dense layer (3, 1, 1) is unchanged.
        let dense = vec![0.5, -1.0, 2.0, 3.0, 0.0, -4.0];
        assert_close(&values(pooled(cpu(2, dense.clone()), (3, 1, 1))), &dense);
    }

    #[test]
    fn positions_are_rows_of_channels() {
        // (2, 1, 2), 2 samples: sample 0 has channels [1, 2] and [3, 4], so its
        // positions are [1, 3] and [2, 4]; sample 1 likewise [5, 7] and [6, 8].
        let rows = positions(cpu(2, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]), (2, 1, 2));
        assert_eq!(rows.dims(), [4, 2]);
        assert_close(&values(rows), &[1.0, 3.0, 2.0, 4.0, 5.0, 7.0, 6.0, 8.0]);
    }

    #[test]
    fn resize_map_averages_blocks() {
        // One 4×4 channel holding 0..16 row by row → 2×2 block means:
        // (0+1+4+5)/4 = 2.5, (2+3+6+7)/4 = 4.5, (8+9+12+13)/4 = 10.5, 12.5.
        let grid = cpu(1, (0..16).map(|i| i as f32).collect());
        let got = resize_map(grid, (1, 4, 4), (2, 2));
        assert_eq!(got.dims(), [1, 4]);
        assert_close(&values(got), &[2.5, 4.5, 10.5, 12.5]);
        // Two 2×2 channels → 1×1: [1, 2, 3, 4] → 2.5, [0, 0, 0, 4] → 1.
        let got = resize_map(cpu(1, vec![1.0, 2.0, 3.0, 4.0, 0.0, 0.0, 0.0, 4.0]), (2, 2, 2), (1, 1));
        assert_close(&values(got), &[2.5, 1.0]);
    }
}
