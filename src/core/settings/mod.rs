//! The one table of settings, as TensorFlow Playground's `PROPS`: every
//! leaf of [`PlaygroundConfig`](crate::core::config::PlaygroundConfig)
//! once, with its link path, the words people see (the panel's label and
//! tooltip, the name notices use), its range, step and scale.
//!
//! Everything that needs one of these facts reads it here: each part's
//! `normalised()` clamps through the entries ([`Setting::clamp_whole`],
//! [`Setting::clamp_real`]), the link's notices name a setting by
//! [`Setting::name`], and the panels' number fields take their label, help,
//! limits and step from the entry. Defaults stay the config's own
//! (`Default` impls). Limits other code needs as constants (`MAX_PEERS`,
//! `MIN_TEMPERATURE`, …) are read from here where they are declared.
//!
//! The table depends on no other part of the config (only on the model's
//! size limits), so the config, dataset, knowledge and strategy modules can
//! all read it without a module cycle.

mod table;

pub use table::*;

/// What kind of value a setting holds, which decides how it is clamped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number (a `usize`): clamped into range.
    Whole,
    /// A real number (an `f32`): clamped into range; NaN and ±∞ take the default.
    Real,
    /// A seed (a `u64`): any value is valid, nothing is clamped. Its range
    /// is only what the page's field offers.
    Seed,
    /// One of an enum's names (dataset, strategy, backend), read and
    /// written through serde; an unknown name is refused by the reader.
    Name,
}

/// How a control maps positions to values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Linear,
    /// Equal steps multiply the value (the temperature slider).
    Log,
}

/// One setting of the config.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting {
    /// The config's serde path, which is also the link's key: `teacher.width`.
    pub path: &'static str,
    /// What a sentence calls it, lower case: notices say
    /// "Teacher width (teacher.width) = 0 is out of range".
    pub name: &'static str,
    /// The label of its control on the page, within its panel ("Width").
    pub label: &'static str,
    /// One line on what it does: the control's tooltip.
    pub help: &'static str,
    pub kind: Kind,
    /// The range: what the page's field accepts and what `normalised()`
    /// clamps to. Where the valid range also follows another setting (the
    /// classes and points a dataset has, the layers a network has), the
    /// owner narrows it and the entry says so.
    pub min: f64,
    pub max: f64,
    /// The field's step.
    pub step: f64,
    pub scale: Scale,
}

impl Setting {
    /// `x` clamped into `min..=max` (a whole-number setting).
    pub fn clamp_whole(&self, x: usize) -> usize {
        x.clamp(self.min as usize, self.max as usize)
    }

    /// `x` clamped into `min..=max`, `default` if it is not finite (a
    /// real-number setting).
    pub fn clamp_real(&self, x: f32, default: f32) -> f32 {
        if x.is_finite() { x } else { default }.clamp(self.min as f32, self.max as f32)
    }
}

/// The entry for a link path, if the config has such a leaf.
pub fn by_path(path: &str) -> Option<&'static Setting> {
    ALL.iter().copied().find(|s| s.path == path)
}

/// What a sentence calls the setting or group at `path` (`""` is the whole
/// config); `None` for a path the config does not have.
pub fn name_of(path: &str) -> Option<&'static str> {
    GROUPS.iter().find(|(p, _)| *p == path).map(|(_, name)| *name).or_else(|| by_path(path).map(|s| s.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_groups_and_settings() {
        assert_eq!(
            (name_of(""), name_of("teacher"), name_of("teacher.width"), name_of("alpha")),
            (Some("the settings"), Some("teacher"), Some("teacher width"), Some("α"))
        );
        assert_eq!(name_of("teacher.wid"), None);
    }

    #[test]
    fn every_entry_is_whole_and_in_order() {
        for s in ALL {
            assert!(!s.path.is_empty() && !s.name.is_empty() && !s.label.is_empty() && !s.help.is_empty(), "{}", s.path);
            assert!(s.kind == Kind::Name || (s.min <= s.max && s.step > 0.0), "{}", s.path);
            assert_eq!(ALL.iter().filter(|t| t.path == s.path).count(), 1, "{} twice", s.path);
        }
        assert_eq!((TEACHER_WIDTH.clamp_whole(0), TEACHER_WIDTH.clamp_whole(9999), BATCH_SIZE.clamp_whole(64)), (1, 1200, 64));
        // The limits as f32 are the ones the config always had.
        assert_eq!((LEARNING_RATE.min as f32, TEMPERATURE.min as f32, TRANSFER_SHARE.min as f32), (1e-5, 0.1, 0.01));
        assert_eq!((TEMPERATURE.clamp_real(f32::NAN, 4.0), TEMPERATURE.clamp_real(0.0, 4.0), LEARNING_RATE.clamp_real(1e9, 0.01)), (4.0, 0.1, 10.0));
    }
}
