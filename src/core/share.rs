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
//! Ranges are those of [`PlaygroundConfig::normalised`], the one place that
//! knows them.

use serde_json::{Map, Number, Value};

use super::config::PlaygroundConfig;
use super::tours::{Tour, tour_by_id};

/// The format written now. Version 0 is the unversioned JSON written before
/// links existed (the CLI's `--config` files and the first page exports).
pub const CONFIG_VERSION: u64 = 1;
/// Longest input read at all; longer text is refused whole, so a link or a
/// stored blob cannot stall the page.
pub const MAX_INPUT_BYTES: usize = 16 * 1024;
/// At most this many notices are listed; the rest are counted.
const MAX_NOTICES: usize = 12;
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

/// The link query (without `?`) that reproduces `config`, every setting
/// spelled out so a later change of defaults cannot change the run.
pub fn to_query(config: &PlaygroundConfig, tour: Option<&Tour>) -> String {
    let mut pairs = vec![format!("v={CONFIG_VERSION}")];
    if let Some(t) = tour {
        pairs.push(format!("tour={}", t.id));
    }
    let mut leaves = vec![];
    flatten(&to_value(config), String::new(), &mut leaves);
    pairs.extend(leaves.into_iter().map(|(path, v)| format!("{path}={}", percent_encode(&leaf_text(&v)))));
    pairs.join("&")
}

/// The stored form: the config's JSON with its version.
pub fn to_json(config: &PlaygroundConfig) -> String {
    let mut value = to_value(config);
    if let Value::Object(map) = &mut value {
        map.insert("v".into(), Value::from(CONFIG_VERSION));
    }
    value.to_string()
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
    let mut input = Map::new();
    for (key, text) in pairs {
        if key == "v" {
            check_version(parse_number(&text), &mut notes);
            continue;
        }
        if key == "tour" || PAGE_FLAGS.contains(&key.as_str()) {
            continue;
        }
        match leaf(&base, &key) {
            None => notes.push(format!("Ignored the unknown setting {key:?}.")),
            Some(Value::String(_)) => insert_path(&mut input, &key, Value::String(text)),
            Some(_) => match parse_number(&text) {
                Some(n) => insert_path(&mut input, &key, n),
                None => notes.push(format!("{} ({key}) = {text:?} is not a number; kept {}.", cap(label(&key)), leaf_text(leaf(&base, &key).unwrap_or(&Value::Null)))),
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

/// Notices, capped so 1 MB of bad settings cannot flood the page.
#[derive(Default)]
struct Notes {
    list: Vec<String>,
    dropped: usize,
}

impl Notes {
    fn push(&mut self, notice: String) {
        if self.list.len() < MAX_NOTICES {
            self.list.push(notice);
        } else {
            self.dropped += 1;
        }
    }

    fn finish(mut self, config: PlaygroundConfig, tour: Option<&'static Tour>) -> Loaded {
        if self.dropped > 0 {
            self.list.push(format!("…and {} more settings were changed or ignored.", self.dropped));
        }
        Loaded { config, notices: self.list, tour }
    }
}

fn find_tour(id: Option<&str>, notes: &mut Notes) -> Option<&'static Tour> {
    let id = id?;
    let tour = tour_by_id(id);
    if tour.is_none() {
        notes.push(format!("There is no guided tour {id:?}; starting from the defaults."));
    }
    tour
}

fn check_version(version: Option<Value>, notes: &mut Notes) {
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

/// Takes each setting of `input` that fits `base`'s shape, then clamps the
/// result into range; a notice for everything not taken as given.
fn merge(base: &Value, input: &Value, notes: &mut Notes) -> PlaygroundConfig {
    let mut merged = base.clone();
    let mut given = vec![];
    overlay(&mut merged, input, String::new(), &mut given, notes);
    // Names (dataset, strategy, backend) are checked one at a time, so one
    // unknown name does not throw away the others.
    for (path, value) in &given {
        if let Value::String(name) = value {
            let mut trial = base.clone();
            set_leaf(&mut trial, path, value.clone());
            if serde_json::from_value::<PlaygroundConfig>(trial).is_err() {
                let kept = leaf(base, path).cloned().unwrap_or(Value::Null);
                set_leaf(&mut merged, path, kept.clone());
                notes.push(format!("Unknown {} {name:?}; kept {}.", label(path), leaf_text(&kept)));
            }
        }
    }
    let parsed: PlaygroundConfig = match serde_json::from_value(merged) {
        Ok(c) => c,
        Err(e) => {
            notes.push(format!("The settings could not be combined ({e}); using the defaults."));
            return PlaygroundConfig::default();
        }
    };
    let config = parsed.normalised();
    let after = to_value(&config);
    let mut leaves = vec![];
    flatten(&after, String::new(), &mut leaves);
    for (path, now) in leaves {
        // Only what the input said is reported: a setting it left out may
        // follow another (moons → 2 classes) without a word.
        let Some(was) = given.iter().find(|(p, _)| *p == path).map(|(_, v)| v.clone()) else { continue };
        if matches!(was, Value::String(_)) && leaf(base, &path) == Some(&now) && was != now {
            continue; // an unknown name, already reported
        }
        if !same(&was, &now) {
            notes.push(format!("{} ({path}) = {} is out of range; set to {}.", cap(label(&path)), leaf_text(&was), leaf_text(&now)));
        }
    }
    config
}

/// Copies `input`'s settings onto `target` where the shapes agree; numbers
/// are coerced to the field's kind (whole, non-negative, finite) so that
/// range clamping can take over. Records what was given, by path.
fn overlay(target: &mut Value, input: &Value, path: String, given: &mut Vec<(String, Value)>, notes: &mut Notes) {
    match (target, input) {
        (Value::Object(t), Value::Object(i)) => {
            for (key, value) in i {
                let sub = child_path(&path, key);
                match t.get_mut(key) {
                    Some(slot) => overlay(slot, value, sub, given, notes),
                    None => notes.push(format!("Ignored the unknown setting {sub:?}.")),
                }
            }
        }
        (Value::Object(_), other) => notes.push(format!("{} should be a group of settings, not {}; kept its defaults.", cap(label(&path)), short(other))),
        (slot @ Value::Number(_), Value::Number(n)) => {
            let whole = slot.is_u64();
            let x = n.as_f64().unwrap_or(0.0);
            // Seeds use all 64 bits; every other whole number is a usize, which
            // is 32 bits in the browser: clamp there so range checks take over.
            let top = if path.ends_with("seed") { u64::MAX } else { u64::from(u32::MAX) };
            *slot = match n.as_u64() {
                Some(exact) if whole => Value::from(exact.min(top)),
                _ if whole => Value::from(x.round().clamp(0.0, top as f64) as u64),
                _ => Value::from(x.clamp(-(f32::MAX as f64), f32::MAX as f64)),
            };
            given.push((path, Value::Number(n.clone())));
        }
        (slot @ Value::String(_), Value::String(s)) => {
            given.push((path, Value::String(s.clone())));
            *slot = Value::String(s.clone());
        }
        (slot, other) => notes.push(format!("{} ({path}) = {} is not {}; kept {}.", cap(label(&path)), short(other), kind_of(slot), leaf_text(slot))),
    }
}

fn to_value(config: &PlaygroundConfig) -> Value {
    serde_json::to_value(config).expect("the config serialises")
}

/// `teacher` + `width` → `teacher.width`.
fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Leaves of a JSON tree as (dotted path, value), in the tree's order.
fn flatten(value: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(v, child_path(&path, k), out);
            }
        }
        leaf => out.push((path, leaf.clone())),
    }
}

fn leaf<'a>(tree: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = tree;
    for part in path.split('.') {
        node = node.as_object()?.get(part)?;
    }
    (!node.is_object()).then_some(node)
}

fn set_leaf(tree: &mut Value, path: &str, value: Value) {
    let mut node = tree;
    for part in path.split('.') {
        match node.as_object_mut().and_then(|m| m.get_mut(part)) {
            Some(next) => node = next,
            None => return,
        }
    }
    *node = value;
}

fn insert_path(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            map.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let entry = map.entry(head.to_string()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(sub) = entry {
                insert_path(sub, rest, value);
            }
        }
    }
}

/// A finite number, or None (`NaN`, `inf` and words are not settings).
fn parse_number(text: &str) -> Option<Value> {
    if let Ok(whole) = text.trim().parse::<u64>() {
        return Some(Value::from(whole)); // exact, beyond f64's 2^53
    }
    let x: f64 = text.trim().parse().ok()?;
    Number::from_f64(x).filter(|_| x.is_finite()).map(|n| if x.fract() == 0.0 && (0.0..9.0e15).contains(&x) { Value::from(x as u64) } else { Value::Number(n) })
}

/// Whether two leaves agree, numbers up to f32 rounding.
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1.0),
        _ => a == b,
    }
}

fn leaf_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(x) if !n.is_u64() && !n.is_i64() => number_text(x),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// Short and free of f32 noise: 0.1 not 0.10000000149, 1e300 not 300 digits.
fn number_text(x: f64) -> String {
    let single = x as f32;
    match x {
        _ if x == 0.0 || (1e-4..1e7).contains(&x.abs()) => format!("{single}"),
        _ if single.is_finite() && single != 0.0 => format!("{single:e}"),
        _ => format!("{x:e}"),
    }
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 40 { format!("{}…", text.chars().take(40).collect::<String>()) } else { text }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Number(n) if n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "a name",
        _ => "a setting",
    }
}

/// What a person calls a setting, from its path.
fn label(path: &str) -> String {
    let name = match path {
        "" => "the settings",
        "dataset" | "dataset.kind" => "dataset",
        "teacher" => "teacher",
        "student" => "student",
        "knowledge" => "knowledge",
        "strategy" => "strategy",
        "dataset.classes" => "number of classes",
        "dataset.points" => "number of points",
        "dataset.noise" => "noise",
        "dataset.test_fraction" => "test share",
        "dataset.seed" => "data seed",
        "teacher.depth" => "teacher depth",
        "teacher.width" => "teacher width",
        "student.depth" => "student depth",
        "student.width" => "student width",
        "learning_rate" => "learning rate",
        "batch_size" => "batch size",
        "temperature" => "temperature T",
        "alpha" => "α",
        "transfer_share" => "transfer share",
        "strategy.kind" => "strategy",
        "strategy.peers" => "mutual-learning peers",
        "strategy.generations" => "born-again generations",
        "strategy.steps_per_generation" => "steps per generation",
        "backend" => "backend",
        "seed" => "seed",
        other => return format!("{} weight", other.trim_start_matches("knowledge.").replace('_', " ")).replace("layer weight", "layer").replace("steps weight", "steps"),
    };
    name.to_string()
}

/// A label at the start of a sentence (ASCII letters only: α stays α).
fn cap(label: String) -> String {
    let mut chars = label.chars();
    chars.next().map(|c| std::iter::once(c.to_ascii_uppercase()).chain(chars).collect()).unwrap_or_default()
}

/// Percent-decodes to bytes, then insists on UTF-8.
fn decode_text(raw: &[u8]) -> Result<String, ()> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'%' if i + 3 <= raw.len() => match std::str::from_utf8(&raw[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(b) => {
                    out.push(b);
                    i += 3;
                }
                None => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| ())
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
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
    fn percent_decoding_reads_escapes_and_refuses_broken_utf8() {
        assert_eq!(decode_text(b"a%20b+c%2"), Ok("a b c%2".into()));
        assert_eq!(decode_text(b"%FF%FE"), Err(()));
        assert_eq!(percent_encode("early-exits 1.5"), "early-exits%201.5");
    }

    #[test]
    fn each_bad_value_is_replaced_by_its_nearest_valid_one_with_a_notice() {
        let l = from_query(b"temperature=0&teacher.width=-5&alpha=7&dataset.kind=mnist");
        assert_eq!(l.config.temperature, super::super::config::MIN_TEMPERATURE);
        assert_eq!((l.config.teacher.width, l.config.alpha), (1, 1.0));
        assert_eq!(l.config.dataset.kind, super::super::dataset::DatasetKind::Spiral);
        assert_eq!(l.notices.len(), 4, "{:?}", l.notices);
        assert!(l.notices.iter().any(|n| n.contains("Temperature T (temperature) = 0 is out of range; set to 0.1")), "{:?}", l.notices);
        assert!(l.notices.iter().any(|n| n.contains("Unknown dataset \"mnist\"")), "{:?}", l.notices);
    }
}
