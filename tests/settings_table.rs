//! The table of settings against the config it describes, checked through
//! serde (not through the code that clamps): every leaf of the config has
//! one entry of its kind, and `normalised()` clamps each number to exactly
//! the entry's bounds — or, where a range follows another setting, to the
//! narrower range named here.

#![cfg(not(target_arch = "wasm32"))]

use kd_playground::core::config::{Architecture, PlaygroundConfig};
use kd_playground::core::dataset::{DatasetKind, DatasetSpec};
use kd_playground::core::settings::{ALL, DATASET_CLASSES, DATASET_POINTS, Kind, Setting, by_path};
use serde_json::Value;

fn tree(config: &PlaygroundConfig) -> Value {
    serde_json::to_value(config).unwrap()
}

/// Leaves of a JSON tree as (dotted path, value).
fn leaves(value: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| leaves(v, &if path.is_empty() { k.clone() } else { format!("{path}.{k}") }, out)),
        leaf => out.push((path.to_string(), leaf.clone())),
    }
}

fn leaf_at(config: &PlaygroundConfig, path: &str) -> f64 {
    path.split('.').fold(&tree(config), |node, part| &node[part]).as_f64().unwrap()
}

/// `config` with the leaf at `path` set to `value`, through serde.
fn with_leaf(config: &PlaygroundConfig, path: &str, value: Value) -> PlaygroundConfig {
    let mut tree = tree(config);
    *path.split('.').fold(&mut tree, |node, part| &mut node[part]) = value;
    serde_json::from_value(tree).unwrap()
}

/// The valid range of `s` in `config`: the entry's, narrowed where the
/// valid values follow another setting.
fn range(s: &Setting, c: &PlaygroundConfig) -> (f64, f64) {
    let whole = |(lo, hi): (usize, usize)| (lo as f64, hi as f64);
    match s.path {
        "dataset.classes" => whole(c.dataset.kind.class_range()),
        "dataset.points" => (s.min, c.dataset.kind.max_points() as f64),
        "knowledge.teacher_layer" | "knowledge.attention_teacher_layer" | "knowledge.relation_teacher_layer" => (s.min, layers(c.teacher, c)),
        "knowledge.student_layer" | "knowledge.attention_student_layer" | "knowledge.relation_student_layer" => (s.min, layers(c.student, c)),
        _ => (s.min, s.max),
    }
}

/// The layers a feature term may read in `a`: its blocks (on image data), hidden layers and logits.
fn layers(a: Architecture, c: &PlaygroundConfig) -> f64 {
    a.spec(c.dataset.input_dim(), 2).layer_count() as f64
}

/// Writes a real-number setting without serde (JSON has no NaN).
fn set_real(c: &mut PlaygroundConfig, path: &str, x: f32) {
    let k = &mut c.knowledge;
    let field = match path {
        "dataset.noise" => &mut c.dataset.noise,
        "dataset.test_fraction" => &mut c.dataset.test_fraction,
        "learning_rate" => &mut c.learning_rate,
        "temperature" => &mut c.temperature,
        "alpha" => &mut c.alpha,
        "transfer_share" => &mut c.transfer_share,
        "knowledge.logit_mse" => &mut k.logit_mse,
        "knowledge.hint" => &mut k.hint,
        "knowledge.rkd_distance" => &mut k.rkd_distance,
        "knowledge.rkd_angle" => &mut k.rkd_angle,
        "knowledge.similarity_preserving" => &mut k.similarity_preserving,
        "knowledge.attention" => &mut k.attention,
        "teacher.dropout" => &mut c.teacher.dropout,
        "student.dropout" => &mut c.student.dropout,
        other => panic!("{other} is not a real-number setting this test knows"),
    };
    *field = x;
}

/// Configs whose ranges differ: the defaults, the digits with a deep
/// teacher and a student without hidden layers, and two-class moons.
fn configs() -> Vec<PlaygroundConfig> {
    let d = PlaygroundConfig::default();
    let digits =
        PlaygroundConfig { dataset: DatasetSpec::all_digits(), teacher: Architecture::cnn(2, 4, 3, 4, 16), student: Architecture::mlp(0, 8), ..d.clone() };
    let moons = PlaygroundConfig { dataset: DatasetSpec { kind: DatasetKind::Moons, classes: 2, ..DatasetSpec::default() }, ..d.clone() };
    vec![d, digits, moons]
}

#[test]
fn every_leaf_of_the_config_has_one_entry_of_its_kind() {
    let d = PlaygroundConfig::default();
    let mut found = vec![];
    leaves(&tree(&d), "", &mut found);
    assert_eq!(found.len(), ALL.len(), "the config has {} leaves, the table {} entries", found.len(), ALL.len());
    for (path, value) in &found {
        let s = by_path(path).unwrap_or_else(|| panic!("{path} is not in the table"));
        let fits = match value {
            Value::String(_) => s.kind == Kind::Name,
            Value::Number(n) if n.is_u64() => matches!(s.kind, Kind::Whole | Kind::Seed),
            Value::Number(_) => s.kind == Kind::Real,
            _ => false,
        };
        assert!(fits, "{path}: {value} is not a {:?}", s.kind);
        if s.kind != Kind::Name {
            let x = value.as_f64().unwrap();
            assert!(s.min <= x && x <= s.max, "{path}: the default {x} is outside the field's {}..={}", s.min, s.max);
        }
    }
}

#[test]
fn every_clamp_in_normalised_is_the_tables() {
    // The narrowed ranges reach the table's own: the classes on the default
    // dataset, the points on MNIST (the largest set).
    let d = PlaygroundConfig::default();
    let mnist = PlaygroundConfig { dataset: kd_playground::core::dataset::DatasetSpec::mnist(), ..PlaygroundConfig::default() };
    assert_eq!(
        (range(&DATASET_CLASSES, &d), range(&DATASET_POINTS, &mnist)),
        ((DATASET_CLASSES.min, DATASET_CLASSES.max), (DATASET_POINTS.min, DATASET_POINTS.max))
    );
    assert_eq!(range(&DATASET_POINTS, &d).1, 2000.0, "the 2-D generators stop at 2,000 points");
    for base in configs() {
        let base = base.normalised();
        for s in ALL.iter().filter(|s| matches!(s.kind, Kind::Whole | Kind::Real)) {
            let (lo, hi) = range(s, &base);
            let real = s.kind == Kind::Real;
            // What the config holds: an f32 for a real number.
            let exact = |x: f64| if real { f64::from(x as f32) } else { x };
            let mut outside = vec![(hi + 1.0, hi), (1e12, hi)];
            if lo >= 1.0 || real {
                outside.push((lo - 1.0, lo));
            }
            if real {
                outside.extend([(lo - 1e-3, lo), (-1e30, lo), (hi + 1e-3, hi)]);
            }
            for (given, bound) in outside {
                let given = if real { Value::from(given) } else { Value::from(given.max(0.0) as u64) };
                let got = leaf_at(&with_leaf(&base, s.path, given.clone()).normalised(), s.path);
                assert_eq!(got, exact(bound), "{} = {given} on {:?}", s.path, base.dataset.kind);
            }
            for inside in [lo, hi, (lo + hi) / 2.0] {
                let inside = if real { Value::from(inside) } else { Value::from(inside.floor() as u64) };
                let c = with_leaf(&base, s.path, inside.clone());
                assert_eq!(leaf_at(&c.normalised(), s.path), leaf_at(&c, s.path), "{} = {inside} was changed", s.path);
            }
            if real {
                for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
                    let mut c = base.clone();
                    set_real(&mut c, s.path, bad);
                    assert_eq!(leaf_at(&c.normalised(), s.path), leaf_at(&PlaygroundConfig::default(), s.path), "{} = {bad} should take the default", s.path);
                }
            }
        }
    }
}

#[test]
fn seeds_are_never_clamped() {
    for seed in [0, 1 << 60, u64::MAX] {
        let c = PlaygroundConfig { seed, dataset: DatasetSpec { seed, ..DatasetSpec::default() }, ..PlaygroundConfig::default() };
        let n = c.normalised();
        assert_eq!((n.seed, n.dataset.seed), (seed, seed));
    }
}
