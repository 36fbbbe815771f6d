//! Laying the input over the base config: each value coerced to its
//! field's kind, unknown names refused one at a time, the result clamped by
//! `normalised()`, and a notice for every setting not taken as given.

use serde_json::Value;

use super::encoding::{child_path, flatten, leaf, leaf_text, set_leaf, to_value};
use super::labels::{cap, label};
use super::notices::Notes;
use crate::core::config::PlaygroundConfig;

/// Takes each setting of `input` that fits `base`'s shape, then clamps the
/// result into range; a notice for everything not taken as given.
pub(super) fn merge(base: &Value, input: &Value, notes: &mut Notes) -> PlaygroundConfig {
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
                if !t.contains_key(key)
                    && let Some(empty) = optional_group(&sub)
                {
                    t.insert(key.clone(), empty);
                }
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

/// The empty form of a group the config writes only when it has one (a
/// table's fingerprint), so that a link naming it lays over something.
fn optional_group(path: &str) -> Option<Value> {
    match path {
        "dataset.table" => Some(to_value_of(&crate::core::table::TableRef::default())),
        _ => None,
    }
}

/// `config`'s tree with the empty form of each optional group it lacks:
/// the shape a link's keys are typed against.
pub(super) fn with_optional_groups(mut config: Value) -> Value {
    if let Some(dataset) = config.get_mut("dataset").and_then(Value::as_object_mut)
        && !dataset.contains_key("table")
        && let Some(empty) = optional_group("dataset.table")
    {
        dataset.insert("table".into(), empty);
    }
    config
}

fn to_value_of(v: &impl serde::Serialize) -> Value {
    serde_json::to_value(v).expect("plain data serialises")
}

/// Whether two leaves agree, numbers up to f32 rounding.
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1.0),
        _ => a == b,
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
