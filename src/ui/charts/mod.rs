//! Small hand-written charts: SVG for lines, bars and matrices, one canvas
//! for heatmaps.

pub mod canvas;
pub mod class_names;
pub mod cost_scatter;
pub mod digit_image;
pub mod entropy_curve;
pub mod heat_canvas;
pub mod heatmap;
pub mod line_chart;
pub mod map_image;
pub mod matrix;
pub mod model_view;
pub mod scatter;
pub mod shade_paths;
pub mod soft_target_bars;
pub mod sweep_chart;
pub mod tap_tip;
