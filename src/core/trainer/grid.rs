//! The decision-boundary grid every 2-D dataset is evaluated on: its size
//! and its cells' centres, shared by the training side (which evaluates
//! there) and the page (which paints it).

/// Cells per side of the decision-boundary grid.
pub const GRID: usize = 48;

/// The centres of the GRID × GRID cells covering [-extent, extent]² (the
/// dataset's `Dataset::view_extent`), row by row from the top (y = +extent)
/// so they map straight onto pixels.
pub fn grid_points(extent: f32) -> Vec<f32> {
    let cell = 2.0 * extent / GRID as f32;
    let coord = |i: usize| -extent + (i as f32 + 0.5) * cell;
    (0..GRID).flat_map(|r| (0..GRID).flat_map(move |c| [coord(c), coord(GRID - 1 - r)])).collect()
}
