//! The playground config as a link and as stored text, read so that no
//! input can break the page.
//!
//! Like TensorFlow Playground, one table drives both writing and reading:
//! the config's own serde form. A link's query is that form flattened to
//! `path=value` pairs (`teacher.width=64&temperature=4`), readable and
//! editable by hand; stored text is the same form as JSON. Both carry the
//! format version `v`.
//!
//! Reading never fails. It starts from a base config (the defaults, or a
//! tour's) and takes each setting the input names, one by one: a setting of
//! the wrong type, an unknown name, a value out of range, an unknown dataset
//! or strategy, text that is not UTF-8 or is too long — each is replaced by
//! the nearest valid value, and each replacement yields a notice in words.
//! Ranges and names are those of the table of settings ([`super::settings`]),
//! which [`PlaygroundConfig::normalised`] clamps through.
//!
//! The files follow the reader's steps: `encoding` turns a config into text
//! and back (paths, numbers, percent-escapes); `overlay` lays the input over
//! the base config, coercing each value to its field's kind, and reports
//! what it changed; `notices` collects those sentences; `labels` names a
//! setting in them.

mod encoding;
mod labels;
mod notices;
mod overlay;

use serde_json::{Map, Number, Value};

use super::config::PlaygroundConfig;
use super::tours::Tour;

pub use encoding::{to_json, to_query};

use encoding::{decode_text, insert_path, leaf, leaf_text, parse_number, to_value};
use labels::{cap, label};
use notices::{Notes, check_version, find_tour};
use overlay::{merge, with_optional_groups};

/// The format written now. Version 0 is the unversioned JSON written before
/// links existed (the CLI's `--config` files and the first page exports).
pub const CONFIG_VERSION: u64 = 1;
/// Longest input read at all; longer text is refused whole, so a link or a
/// stored blob cannot stall the page.
pub const MAX_INPUT_BYTES: usize = 16 * 1024;
/// Query keys that are page modes, not settings (`page-thread`: train on the
/// page's thread rather than in a web worker, for the harness's comparison).
const PAGE_FLAGS: [&str; 4] = ["demo", "bench", "reset", "page-thread"];

/// A config read from a link or from storage, with what had to change.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub config: PlaygroundConfig,
    /// One sentence per setting that was not taken as given.
    pub notices: Vec<String>,
    /// The guided tour the link names, if it names a known one.
    pub tour: Option<&'static Tour>,
}

/// The keys of a link query, in order (`?` optional).
fn query_keys(query: &str) -> impl Iterator<Item = &str> {
    query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()).map(|p| p.split('=').next().unwrap_or(""))
}

/// Whether a link query carries settings (rather than only page modes).
pub fn query_has_settings(query: &str) -> bool {
    query_keys(query).any(|k| !PAGE_FLAGS.contains(&k))
}

/// Whether a link query names the page mode `flag` (`demo`, `bench`, `reset`).
pub fn query_has_flag(query: &str, flag: &str) -> bool {
    query_keys(query).any(|k| k == flag)
}

/// Reads a link query (`?` optional; raw, still percent-encoded bytes).
pub fn from_query(query: &[u8]) -> Loaded {
    let mut notes = Notes::default();
    if query.len() > MAX_INPUT_BYTES {
        notes.push(format!("The link's settings are {} bytes long, more than the {MAX_INPUT_BYTES} this page reads; using the defaults.", query.len()));
        return notes.finish(PlaygroundConfig::default(), None);
    }
    let query = query.strip_prefix(b"?").unwrap_or(query);
    let mut pairs = vec![];
    for raw in query.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (key, value) = match raw.iter().position(|&b| b == b'=') {
            Some(i) => (&raw[..i], &raw[i + 1..]),
            None => (raw, &b""[..]),
        };
        match (decode_text(key), decode_text(value)) {
            (Ok(k), Ok(v)) => pairs.push((k, v)),
            _ => notes.push(format!("Ignored the setting {:?}: it is not valid UTF-8 text.", String::from_utf8_lossy(raw))),
        }
    }
    // A key given twice counts once, the last time (as a browser reads a form).
    let mut seen = std::collections::HashSet::new();
    let mut pairs: Vec<(String, String)> = pairs.into_iter().rev().filter(|(k, _)| seen.insert(k.clone())).collect();
    pairs.reverse();
    let tour = find_tour(pairs.iter().find(|(k, _)| k == "tour").map(|(_, v)| v.as_str()), &mut notes);
    let base = to_value(&tour.map(|t| t.config()).unwrap_or_default());
    let shape = with_optional_groups(base.clone());
    let mut input = Map::new();
    for (key, text) in pairs {
        if key == "v" {
            check_version(parse_number(&text), &mut notes);
            continue;
        }
        if key == "tour" || PAGE_FLAGS.contains(&key.as_str()) {
            continue;
        }
        match leaf(&shape, &key) {
            None => notes.push(format!("Ignored the unknown setting {key:?}.")),
            Some(Value::String(_)) => insert_path(&mut input, &key, Value::String(text)),
            Some(_) => match parse_number(&text) {
                Some(n) => insert_path(&mut input, &key, n),
                None => notes.push(format!(
                    "{} ({key}) = {text:?} is not a number; kept {}.",
                    cap(label(&key)),
                    leaf_text(leaf(&shape, &key).unwrap_or(&Value::Null))
                )),
            },
        }
    }
    let config = merge(&base, &Value::Object(input), &mut notes);
    notes.finish(config, tour)
}

/// Reads stored or uploaded config text (JSON, versioned or not).
pub fn from_json(bytes: &[u8]) -> Loaded {
    let mut notes = Notes::default();
    if bytes.len() > MAX_INPUT_BYTES {
        notes.push(format!("The saved settings are {} bytes long, more than the {MAX_INPUT_BYTES} this page reads; using the defaults.", bytes.len()));
        return notes.finish(PlaygroundConfig::default(), None);
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        notes.push("The saved settings are not valid UTF-8 text; using the defaults.".into());
        return notes.finish(PlaygroundConfig::default(), None);
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            notes.push(format!("The saved settings could not be read as JSON ({e}); using the defaults."));
            return notes.finish(PlaygroundConfig::default(), None);
        }
    };
    let Value::Object(mut map) = value else {
        notes.push("The saved settings are not a JSON object of settings; using the defaults.".into());
        return notes.finish(PlaygroundConfig::default(), None);
    };
    match map.remove("v") {
        Some(v) => check_version(v.as_f64().and_then(Number::from_f64).map(Value::Number), &mut notes),
        None => notes.push("The saved settings carry no version (the format before version 1); read setting by setting.".into()),
    }
    let base = to_value(&PlaygroundConfig::default());
    let config = merge(&base, &Value::Object(map), &mut notes);
    notes.finish(config, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_and_a_json_round_trip_the_config() {
        let c = PlaygroundConfig { temperature: 2.5, alpha: 0.3, seed: 99, ..PlaygroundConfig::default() };
        let q = to_query(&c, None);
        assert!(q.starts_with("v=1&") && q.contains("temperature=2.5") && q.contains("teacher.width=64"), "{q}");
        assert_eq!(from_query(q.as_bytes()), Loaded { config: c.clone(), notices: vec![], tour: None });
        // Seeds past f64's 2^53 stay exact (proptest found them rounded once).
        let big = PlaygroundConfig { seed: 9_563_318_388_767_257, ..c.clone() };
        assert_eq!(from_query(to_query(&big, None).as_bytes()).config, big);
        assert_eq!(from_json(to_json(&big).as_bytes()).config, big);
        assert_eq!(from_json(to_json(&c).as_bytes()), Loaded { config: c, notices: vec![], tour: None });
    }

    #[test]
    fn page_flags_are_whole_keys() {
        assert!(query_has_flag("?demo&v=1", "demo") && query_has_flag("reset", "reset"));
        assert!(!query_has_flag("?tour=demo-ish&benchmark=1", "demo") && !query_has_flag("?benchmark=1", "bench"));
        assert!(query_has_settings("?demo&temperature=2") && !query_has_settings("?demo&bench"));
    }

    #[test]
    fn each_bad_value_is_replaced_by_its_nearest_valid_one_with_a_notice() {
        let l = from_query(b"temperature=0&teacher.width=-5&alpha=7&dataset.kind=imagenet");
        assert_eq!(l.config.temperature, super::super::config::MIN_TEMPERATURE);
        assert_eq!((l.config.teacher.width, l.config.alpha), (1, 1.0));
        assert_eq!(l.config.dataset.kind, super::super::dataset::DatasetKind::Spiral);
        assert_eq!(l.notices.len(), 4, "{:?}", l.notices);
        assert!(l.notices.iter().any(|n| n.contains("Temperature T (temperature) = 0 is out of range; set to 0.1")), "{:?}", l.notices);
        assert!(l.notices.iter().any(|n| n.contains("Unknown dataset \"imagenet\"")), "{:?}", l.notices);
    }

    #[test]
    fn a_tables_fingerprint_travels_in_the_link_and_the_stored_text_but_not_its_data() {
        use super::super::dataset::{DatasetKind, DatasetSpec};
        use super::super::table::TableRef;
        let r = TableRef { name: "my data.csv".into(), hash: "0123456789abcdef".into(), rows: 200, columns: 6, label: 0, classes: 4 };
        let config = PlaygroundConfig { dataset: DatasetSpec::table(r.clone()), ..PlaygroundConfig::default() };
        let query = to_query(&config, None);
        assert!(query.contains("dataset.table.hash=0123456789abcdef") && query.contains("dataset.table.name=my%20data.csv"), "{query}");
        let l = from_query(query.as_bytes());
        assert_eq!((l.config.dataset.kind, l.config.dataset.table.as_ref()), (DatasetKind::Table, Some(&r)), "{:?}", l.notices);
        assert!(l.notices.is_empty(), "{:?}", l.notices);
        assert_eq!(from_json(to_json(&config).as_bytes()).config, l.config);
        // Other datasets write no table at all.
        assert!(!to_query(&PlaygroundConfig::default(), None).contains("table"));
        // A fingerprint that names nothing this page could read falls back.
        let forged = query.replace("0123456789abcdef", "nothex");
        assert_eq!(from_query(forged.as_bytes()).config.dataset, DatasetSpec::default());
    }
}
