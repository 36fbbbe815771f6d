//! Small hand-written charts: SVG for lines and bars, one canvas for heatmaps.

pub mod entropy_curve;
pub mod heatmap;
pub mod line_chart;
pub mod soft_target_bars;
