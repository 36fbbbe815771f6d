//! Class colours and the decision-boundary colouring.

/// One colour per class (up to 10: the digits), as RGB.
pub const CLASS_RGB: [[u8; 3]; 10] = [
    [245, 147, 34],
    [8, 119, 189],
    [44, 160, 44],
    [148, 103, 189],
    [214, 39, 40],
    [140, 86, 75],
    [227, 119, 194],
    [127, 127, 127],
    [188, 189, 34],
    [23, 190, 207],
];

pub fn class_css(class: usize) -> String {
    let [r, g, b] = CLASS_RGB[class % CLASS_RGB.len()];
    format!("rgb({r},{g},{b})")
}

/// A cell's colour: the class colours mixed by probability, faded towards
/// white where the model is unsure (max probability near 1/K).
pub fn boundary_rgb(probs: &[f32]) -> [u8; 3] {
    let k = probs.len().max(2) as f32;
    let max = probs.iter().cloned().fold(0.0, f32::max);
    let confidence = ((max - 1.0 / k) / (1.0 - 1.0 / k)).clamp(0.0, 1.0);
    let strength = 0.15 + 0.55 * confidence;
    let mut rgb = [0.0f32; 3];
    for (c, p) in probs.iter().enumerate() {
        for (ch, v) in rgb.iter_mut().enumerate() {
            *v += p * CLASS_RGB[c % CLASS_RGB.len()][ch] as f32;
        }
    }
    rgb.map(|v| (255.0 * (1.0 - strength) + v * strength).round().clamp(0.0, 255.0) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sure_cells_take_their_class_colour_and_unsure_ones_fade() {
        let sure = boundary_rgb(&[1.0, 0.0, 0.0]);
        let unsure = boundary_rgb(&[1.0 / 3.0; 3]);
        // 255·0.3 + 245·0.7 = 248; 255·0.3 + 147·0.7 = 179.4; 255·0.3 + 34·0.7 = 100.3
        assert_eq!(sure, [248, 179, 100]);
        assert!(unsure.iter().all(|&v| v > 200), "{unsure:?}");
    }
}
