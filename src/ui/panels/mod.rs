//! The page's sections, one concern each.

pub mod architecture_fields;
pub mod controls;
pub mod conv_maps;
pub mod cost_panel;
pub mod dataset_panel;
pub mod disagreement_gallery;
pub mod draw_digit;
pub mod experiment_settings;
pub mod experiments_panel;
pub mod feature_views;
pub mod header;
pub mod knowledge_controls;
pub mod strategy_panel;
pub mod students_panel;
pub mod teacher_panel;
pub mod temperature_panel;
pub mod tour_bar;
pub mod weights_controls;
