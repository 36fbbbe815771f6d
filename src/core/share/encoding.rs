//! The config as text: a link's `path=value` pairs or stored JSON, and the
//! pieces both need — dotted paths into the JSON tree, numbers written
//! without f32 noise, percent-escapes.

use serde_json::{Map, Number, Value};

use super::CONFIG_VERSION;
use crate::core::config::PlaygroundConfig;
use crate::core::tours::Tour;

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

pub(super) fn to_value(config: &PlaygroundConfig) -> Value {
    serde_json::to_value(config).expect("the config serialises")
}

/// `teacher` + `width` → `teacher.width`.
pub(super) fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Leaves of a JSON tree as (dotted path, value), in the tree's order.
pub(super) fn flatten(value: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(v, child_path(&path, k), out);
            }
        }
        leaf => out.push((path, leaf.clone())),
    }
}

pub(super) fn leaf<'a>(tree: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = tree;
    for part in path.split('.') {
        node = node.as_object()?.get(part)?;
    }
    (!node.is_object()).then_some(node)
}

pub(super) fn set_leaf(tree: &mut Value, path: &str, value: Value) {
    let mut node = tree;
    for part in path.split('.') {
        match node.as_object_mut().and_then(|m| m.get_mut(part)) {
            Some(next) => node = next,
            None => return,
        }
    }
    *node = value;
}

pub(super) fn insert_path(map: &mut Map<String, Value>, path: &str, value: Value) {
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
pub(super) fn parse_number(text: &str) -> Option<Value> {
    if let Ok(whole) = text.trim().parse::<u64>() {
        return Some(Value::from(whole)); // exact, beyond f64's 2^53
    }
    let x: f64 = text.trim().parse().ok()?;
    Number::from_f64(x).filter(|_| x.is_finite()).map(|n| if x.fract() == 0.0 && (0.0..9.0e15).contains(&x) { Value::from(x as u64) } else { Value::Number(n) })
}

pub(super) fn leaf_text(v: &Value) -> String {
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

/// Percent-decodes to bytes, then insists on UTF-8.
pub(super) fn decode_text(raw: &[u8]) -> Result<String, ()> {
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

pub(super) fn percent_encode(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_reads_escapes_and_refuses_broken_utf8() {
        assert_eq!(decode_text(b"a%20b+c%2"), Ok("a b c%2".into()));
        assert_eq!(decode_text(b"%FF%FE"), Err(()));
        assert_eq!(percent_encode("early-exits 1.5"), "early-exits%201.5");
    }
}
