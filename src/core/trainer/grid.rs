//! The decision-boundary grid every 2-D dataset is evaluated on: its size
//! and its cells' centres, shared by the training side (which evaluates
//! there) and the page (which paints it).

use super::super::dataset::VIEW_EXTENT;

/// Cells per side of the decision-boundary grid.
pub const GRID: usize = 48;

/// The centres of the GRID × GRID cells covering [-VIEW_EXTENT, VIEW_EXTENT]²,
/// row by row from the top (y = +extent) so they map straight onto pixels.
pub fn grid_points() -> Vec<f32> {
    let cell = 2.0 * VIEW_EXTENT / GRID as f32;
    let coord = |i: usize| -VIEW_EXTENT + (i as f32 + 0.5) * cell;
    (0..GRID).flat_map(|r| (0..GRID).flat_map(move |c| [coord(c), coord(GRID - 1 - r)])).collect()
}
