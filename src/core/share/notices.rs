//! The notices a reading yields: capped, and the ones about the input as a
//! whole (its version, the tour it names).

use serde_json::Value;

use super::{CONFIG_VERSION, Loaded};
use crate::core::config::PlaygroundConfig;
use crate::core::tours::{Tour, tour_by_id};

/// At most this many notices are listed; the rest are counted.
const MAX_NOTICES: usize = 12;

/// Notices, capped so 1 MB of bad settings cannot flood the page.
#[derive(Default)]
pub(super) struct Notes {
    list: Vec<String>,
    dropped: usize,
}

impl Notes {
    pub(super) fn push(&mut self, notice: String) {
        if self.list.len() < MAX_NOTICES {
            self.list.push(notice);
        } else {
            self.dropped += 1;
        }
    }

    pub(super) fn finish(mut self, config: PlaygroundConfig, tour: Option<&'static Tour>) -> Loaded {
        if self.dropped > 0 {
            self.list.push(format!("…and {} more settings were changed or ignored.", self.dropped));
        }
        Loaded { config, notices: self.list, tour }
    }
}

pub(super) fn find_tour(id: Option<&str>, notes: &mut Notes) -> Option<&'static Tour> {
    let id = id?;
    let tour = tour_by_id(id);
    if tour.is_none() {
        notes.push(format!("There is no guided tour {id:?}; starting from the defaults."));
    }
    tour
}

pub(super) fn check_version(version: Option<Value>, notes: &mut Notes) {
    match version.as_ref().and_then(Value::as_f64) {
        Some(v) if v == CONFIG_VERSION as f64 => {}
        Some(v) if (0.0..CONFIG_VERSION as f64).contains(&v) => {
            notes.push(format!("These settings come from an older version ({v}) of the page; read setting by setting as version {CONFIG_VERSION}."))
        }
        Some(v) if v > CONFIG_VERSION as f64 => {
            notes.push(format!("These settings come from a newer version ({v}) of the page; only the settings this version knows were read."))
        }
        _ => notes.push(format!("The settings' version is not one this page knows; read setting by setting as version {CONFIG_VERSION}.")),
    }
}
