//! Grid images (digits, feature and attention maps, filters) as one SVG
//! path per shade rather than one element per cell: a 28 × 28 digit drawn
//! cell by cell was up to 784 elements, and a gallery of twelve, rebuilt at
//! every evaluation, made the page's thread stall for a quarter of a second.
//! Shades are quantised to [`LEVELS`] steps per hue, which the eye cannot
//! tell from the exact ones at these sizes.

use std::collections::BTreeMap;
use std::fmt::Write;

/// Steps of shade per hue (1..=LEVELS; 0 is the white paper, not drawn).
pub const LEVELS: i32 = 15;

/// A value in [-1, 1] as its shade step: the sign picks the hue.
pub fn level(t: f32) -> i32 {
    (t.clamp(-1.0, 1.0) * LEVELS as f32).round() as i32
}

/// One path's `d` per shade step present, for cells `(index, step)` of a
/// grid `width` cells wide (row-major); step 0 is left out.
pub fn paths(cells: impl IntoIterator<Item = (usize, i32)>, width: usize) -> Vec<(i32, String)> {
    let width = width.max(1);
    let mut by_step: BTreeMap<i32, String> = BTreeMap::new();
    for (i, step) in cells.into_iter().filter(|&(_, s)| s != 0) {
        let _ = write!(by_step.entry(step).or_default(), "M{} {}h1v1h-1z", i % width, i / width);
    }
    by_step.into_iter().collect()
}
