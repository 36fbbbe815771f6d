//! A settings file as `kd` reads it: a page export (`{config,
//! experiment}`: the run as the page ran it), or a config — the page's
//! stored settings or one written by hand — read as the page reads a link,
//! each setting that does not fit said.

use std::path::Path;

use kd_playground::core::config::PlaygroundConfig;
use kd_playground::core::experiments::ExperimentSpec;

use super::Failure;

/// A page export carries both halves; a plain config file only the first.
#[derive(serde::Deserialize)]
struct Export {
    config: PlaygroundConfig,
    experiment: ExperimentSpec,
}

/// The config in `path`, and the plan where it is a page export.
pub fn read(path: &Path) -> Result<(PlaygroundConfig, Option<ExperimentSpec>), Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
    if let Ok(export) = serde_json::from_str::<Export>(&text) {
        return Ok((export.config, Some(export.experiment)));
    }
    let loaded = kd_playground::core::share::from_json(text.as_bytes());
    for notice in &loaded.notices {
        eprintln!("kd: {}: {notice}", path.display());
    }
    Ok((loaded.config, None))
}
