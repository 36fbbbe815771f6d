//! Links and stored settings: every input, however bad, yields a valid
//! config, and every bad input in the corpus (tests/data/bad_configs.txt)
//! yields its notice; good configs round-trip through link and JSON.

#![cfg(not(target_arch = "wasm32"))]

use kd_playground::core::config::{Architecture, BackendPreference, PlaygroundConfig};
use kd_playground::core::dataset::{DatasetKind, DatasetSpec};
use kd_playground::core::share::{Loaded, from_json, from_query, to_json, to_query};
use kd_playground::core::strategy_config::{StrategyConfig, StrategyKind};
use kd_playground::core::tours::TOURS;
use proptest::prelude::*;

const CORPUS: &str = include_str!("data/bad_configs.txt");

/// `junk:N` → N bytes of seeded junk; otherwise the text with `%XX` for
/// JSON inputs turned into raw bytes (URL inputs stay raw: the reader decodes).
fn corpus_input(kind: &str, text: &str) -> Vec<u8> {
    if let Some(n) = text.strip_prefix("junk:") {
        let mut state = 12345u64;
        return (0..n.parse::<usize>().unwrap())
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (state >> 56) as u8
            })
            .collect();
    }
    if kind == "url" {
        return text.as_bytes().to_vec();
    }
    let mut out = vec![];
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn is_valid(l: &Loaded) -> bool {
    l.config == l.config.normalised()
}

#[test]
fn every_bad_input_in_the_corpus_yields_a_valid_config_and_its_notice() {
    let mut cases = 0;
    let mut failures = vec![];
    for line in CORPUS.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let mut parts = line.splitn(3, " | ");
        let (kind, input, expected) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap().trim());
        let bytes = corpus_input(kind, input);
        let loaded = if kind == "url" { from_query(&bytes) } else { from_json(&bytes) };
        cases += 1;
        assert!(is_valid(&loaded), "{line}: invalid config {:?}", loaded.config);
        if !loaded.notices.iter().any(|n| n.contains(expected)) {
            failures.push(format!("{line}\n   got: {:?}", loaded.notices));
        }
    }
    assert!(cases >= 50, "the corpus has only {cases} cases");
    assert!(failures.is_empty(), "{} of {cases} inputs lacked their notice:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn settings_a_notice_does_not_name_are_kept() {
    let l = from_query(b"temperature=0&alpha=0.25&teacher.depth=3&dataset.kind=moons");
    assert_eq!((l.config.alpha, l.config.teacher.depth, l.config.dataset.kind), (0.25, 3, DatasetKind::Moons));
    assert_eq!(l.notices.len(), 1, "{:?}", l.notices);
}

#[test]
fn a_tour_link_starts_from_the_tour_and_takes_the_other_settings_on_top() {
    let t = &TOURS[1];
    let l = from_query(format!("tour={}&temperature=2", t.id).as_bytes());
    assert_eq!(l.tour.map(|t| t.id), Some(t.id));
    assert_eq!(l.config, PlaygroundConfig { temperature: 2.0, ..t.config() });
    assert!(l.notices.is_empty(), "{:?}", l.notices);
}

#[test]
fn a_key_given_twice_counts_once_the_last_time() {
    let l = from_query(b"temperature=abc&temperature=3");
    assert_eq!(l.config.temperature, 3.0);
    assert!(l.notices.is_empty(), "{:?}", l.notices);
}

#[test]
fn page_mode_flags_are_not_settings() {
    let l = from_query(b"?demo&v=1&temperature=3");
    assert!(l.notices.is_empty(), "{:?}", l.notices);
    assert_eq!(l.config.temperature, 3.0);
}

fn any_config() -> impl Strategy<Value = PlaygroundConfig> {
    let arch = (0usize..2000, 0usize..2000, 0usize..6, 0usize..100, 0usize..10, -1.0f32..2.0)
        .prop_map(|(depth, width, conv, channels, kernel, dropout)| Architecture { depth, width, conv, channels, kernel, dropout });
    let kinds = prop::sample::select(DatasetKind::ALL.to_vec());
    let strategies = prop::sample::select(StrategyKind::ALL.to_vec());
    let backends = prop::sample::select(vec![BackendPreference::Auto, BackendPreference::Cpu, BackendPreference::WebGpu]);
    let f = || prop_oneof![any::<f32>(), -10.0f32..100.0];
    (
        (kinds, 0usize..50, 0usize..100_000, f(), f(), any::<u64>()),
        (arch.clone(), arch, f(), 0usize..5000, f(), f()),
        (f(), any::<u64>(), backends, strategies, 0usize..50, 0usize..50),
    )
        .prop_map(
            |(
                (kind, classes, points, noise, test_fraction, dseed),
                (teacher, student, learning_rate, batch_size, temperature, alpha),
                (transfer_share, seed, backend, skind, peers, generations),
            )| {
                PlaygroundConfig {
                    dataset: DatasetSpec { kind, classes, points, noise, test_fraction, seed: dseed, table: None },
                    teacher,
                    student,
                    learning_rate,
                    batch_size,
                    temperature,
                    alpha,
                    knowledge: Default::default(),
                    strategy: StrategyConfig { kind: skind, peers, generations, steps_per_generation: 100 },
                    transfer_share,
                    seed,
                    backend,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_a_link_never_panic_and_give_a_valid_config(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        prop_assert!(is_valid(&from_query(&bytes)));
    }

    #[test]
    fn arbitrary_text_as_a_link_or_stored_settings_gives_a_valid_config(text in ".{0,300}") {
        prop_assert!(is_valid(&from_query(text.as_bytes())));
        prop_assert!(is_valid(&from_json(text.as_bytes())));
    }

    #[test]
    fn arbitrary_settings_pairs_give_a_valid_config(pairs in prop::collection::vec(("(v|seed|alpha|temperature|teacher\\.width|teacher\\.depth|dataset\\.kind|dataset\\.points|strategy\\.kind|backend|knowledge\\.hint|[a-z.]{1,12})", "[-0-9.eEa-z%]{0,12}"), 0..12)) {
        let query = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        prop_assert!(is_valid(&from_query(query.as_bytes())));
    }

    #[test]
    fn arbitrary_field_values_become_the_nearest_valid_config(config in any_config()) {
        let expected = config.normalised();
        // What serde can carry (JSON has no NaN) arrives clamped, with a notice if anything changed.
        if let Ok(json) = serde_json::to_string(&config) {
            let loaded = from_json(json.as_bytes());
            prop_assert!(is_valid(&loaded));
            if floats_finite(&config) {
                prop_assert_eq!(&loaded.config, &expected);
            }
        }
        // A valid config round-trips exactly through the link and the stored JSON.
        let via_link = from_query(to_query(&expected, None).as_bytes());
        prop_assert_eq!(&via_link.config, &expected);
        prop_assert!(via_link.notices.is_empty(), "{:?}", via_link.notices);
        let via_json = from_json(to_json(&expected).as_bytes());
        prop_assert_eq!(&via_json.config, &expected);
        prop_assert!(via_json.notices.is_empty(), "{:?}", via_json.notices);
    }
}

/// JSON has no NaN or infinity: such fields arrive as null and keep their default.
fn floats_finite(c: &PlaygroundConfig) -> bool {
    [c.learning_rate, c.temperature, c.alpha, c.transfer_share, c.dataset.noise, c.dataset.test_fraction].iter().all(|x| x.is_finite())
}

#[test]
fn a_cnn_on_mnist_travels_whole_through_a_link() {
    let config = PlaygroundConfig {
        dataset: DatasetSpec::mnist(),
        teacher: Architecture::cnn(2, 16, 3, 1, 128).with_dropout(0.3),
        student: Architecture::cnn(2, 4, 5, 0, 32),
        knowledge: kd_playground::core::knowledge::Knowledge { attention: 100.0, attention_teacher_layer: 2, attention_student_layer: 2, ..Default::default() },
        ..PlaygroundConfig::default()
    }
    .normalised();
    let query = to_query(&config, None);
    assert!(query.contains("teacher.conv=2") && query.contains("dataset.kind=mnist") && query.contains("knowledge.attention=100"), "{query}");
    let back = from_query(query.as_bytes());
    assert_eq!(back.config, config);
    assert!(back.notices.is_empty(), "{:?}", back.notices);
}
