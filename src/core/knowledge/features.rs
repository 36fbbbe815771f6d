//! What the feature and relation terms share: a check that two feature
//! batches can be compared, and the floor under every norm they divide by.
//!
//! Inputs are feature batches `[batch, features]` from a chosen layer; the
//! teacher's and the student's widths may differ wherever only relations
//! between samples are compared.

use burn::prelude::*;

/// Smallest norm used when dividing, so coincident points give 0, not NaN.
pub(super) const EPS: f32 = 1e-12;

/// Checks that two feature batches can be compared: the same number of rows
/// (the same samples) and, where `same_width` (the hint, after its
/// regressor), the same width. A message instead of a shape panic.
pub fn check_pair(student: &Tensor<2>, teacher: &Tensor<2>, same_width: bool) -> Result<(), String> {
    let ([bs, ws], [bt, wt]) = (student.dims(), teacher.dims());
    if bs != bt {
        return Err(format!("the student's batch has {bs} rows but the teacher's {bt}"));
    }
    if same_width && ws != wt {
        return Err(format!("the student's features are {ws} wide but the teacher's {wt}: a regressor must map one to the other"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_rows::rows;
    use super::*;
    use burn::tensor::TensorData;

    #[test]
    fn mismatched_shapes_are_named_not_panicked() {
        let three = rows(&[[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]);
        let two = rows(&[[0.0, 1.0], [1.0, 0.0]]);
        assert!(check_pair(&three, &two, false).unwrap_err().contains("3 rows"));
        let wide = Tensor::<2>::from_data(TensorData::new(vec![0.0f32; 9], [3, 3]), &Device::flex());
        assert!(check_pair(&three, &wide, true).unwrap_err().contains("regressor"));
        assert!(check_pair(&three, &wide, false).is_ok(), "relations compare samples, not widths");
    }
}
