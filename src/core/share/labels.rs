//! How notices name a setting: by the table of settings' name for its path
//! ([`crate::core::settings::name_of`]), so the page and the link agree.

use crate::core::settings::name_of;

/// What a person calls a setting or group of settings, from its path (the
/// path itself for one the config does not have).
pub(super) fn label(path: &str) -> String {
    name_of(path).unwrap_or(path).to_string()
}

/// A label at the start of a sentence (ASCII letters only: α stays α).
pub(super) fn cap(label: String) -> String {
    let mut chars = label.chars();
    chars.next().map(|c| std::iter::once(c.to_ascii_uppercase()).chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::PlaygroundConfig;
    use crate::core::settings::{ALL, by_path};
    use crate::core::share::encoding::{flatten, to_value};

    #[test]
    fn every_setting_of_a_link_is_named_by_the_table() {
        let mut leaves = vec![];
        flatten(&to_value(&PlaygroundConfig::default()), String::new(), &mut leaves);
        assert_eq!(leaves.len(), ALL.len());
        for (path, _) in &leaves {
            let setting = by_path(path).unwrap_or_else(|| panic!("{path} is not in the table"));
            assert_eq!(label(path), setting.name);
        }
        // The names the notices have always used.
        assert_eq!(cap(label("knowledge.rkd_angle")), "Rkd angle weight");
        assert_eq!((label("knowledge.teacher_layer"), label("knowledge.hint_stage_steps")), ("teacher layer".into(), "hint stage steps".into()));
        assert_eq!((cap(label("alpha")), cap(label(""))), ("α".into(), "The settings".into()));
    }
}
