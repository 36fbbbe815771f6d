//! The weights file: what is written reads back exactly; a file that is
//! truncated, oversized, of another format, damaged or of the wrong shapes
//! is refused with a message (never a panic).

#![cfg(not(target_arch = "wasm32"))]

use futures::executor::block_on;
use kd_playground::core::config::PlaygroundConfig;
use kd_playground::core::model::{NetSpec, NetWeights};
use kd_playground::core::rng::SeededRng;
use kd_playground::core::weights_file::{MAX_FILE_BYTES, NamedWeights, decode, encode};

fn models() -> (Vec<NamedWeights>, Vec<(&'static str, NetSpec)>) {
    let teacher = NetSpec::uniform(2, 2, 16, 3);
    let student = NetSpec::uniform(2, 1, 8, 3);
    let mut rng = SeededRng::new(5);
    let named = vec![
        NamedWeights { name: "teacher".into(), steps: 300, weights: NetWeights::init(&teacher, &mut rng) },
        NamedWeights { name: "distilled".into(), steps: 120, weights: NetWeights::init(&student, &mut rng) },
        NamedWeights { name: "scratch".into(), steps: 120, weights: NetWeights::init(&student, &mut rng) },
    ];
    (named, vec![("teacher", teacher), ("distilled", student.clone()), ("scratch", student)])
}

#[test]
fn a_written_file_reads_back_exactly() {
    let (named, expected) = models();
    let config = PlaygroundConfig { temperature: 2.0, ..PlaygroundConfig::default() };
    let file = encode(&config, &named).unwrap();
    assert_eq!(&file[..8], b"KDWEIGHT");
    assert!(String::from_utf8_lossy(&file).contains("\"temperature\""), "the header names the config");
    let decoded = block_on(decode(&file, &expected)).unwrap();
    assert_eq!(decoded.made_with, config, "the header names the settings");
    assert_eq!(decoded.models, named);
    assert!(block_on(decode(b"KDWEIGHT", &expected)).is_err(), "no header, no settings");
    // Only the teacher, where the page has no students yet.
    let file = encode(&PlaygroundConfig::default(), &named[..1]).unwrap();
    assert_eq!(block_on(decode(&file, &expected[..1])).unwrap().models, named[..1].to_vec());
}

#[test]
fn a_file_for_other_shapes_is_refused_with_what_to_change() {
    let (named, mut expected) = models();
    let file = encode(&PlaygroundConfig::default(), &named).unwrap();
    expected[0].1 = NetSpec::uniform(2, 2, 64, 3);
    let err = block_on(decode(&file, &expected)).unwrap_err();
    assert!(err.contains("the file's teacher is 2-16-16-3 but this page's is 2-64-64-3"), "{err}");
    let err = block_on(decode(&file, &[("distilled", expected[1].1.clone())])).unwrap_err();
    assert!(err.contains("holds teacher, distilled, scratch but the page expects distilled"), "{err}");
}

#[test]
fn truncated_oversized_foreign_and_damaged_files_are_refused_without_panicking() {
    let (named, expected) = models();
    let file = encode(&PlaygroundConfig::default(), &named).unwrap();
    for cut in [0, 5, 8, 11, 12, 40, file.len() / 2, file.len() - 1] {
        let err = block_on(decode(&file[..cut], &expected)).unwrap_err();
        assert!(err.contains("truncated") || err.contains("not a kd-playground") || err.contains("damaged"), "cut at {cut}: {err}");
    }
    let mut longer = file.clone();
    longer.extend_from_slice(b"junk");
    assert!(block_on(decode(&longer, &expected)).unwrap_err().contains("after its last model"));
    let big = vec![0u8; MAX_FILE_BYTES + 1];
    assert!(block_on(decode(&big, &expected)).unwrap_err().contains("more than the 32 MB"));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    assert!(block_on(decode(&png, &expected)).unwrap_err().contains("not a kd-playground weights file"));
    // Every single damaged byte either still reads (a changed weight) or is refused: never a panic.
    let mut refused = 0;
    for i in 12..file.len() {
        let mut bad = file.clone();
        bad[i] ^= 0xA5;
        if block_on(decode(&bad, &expected)).is_err() {
            refused += 1;
        }
    }
    assert!(refused > 0);
}

#[test]
fn weights_that_are_not_finite_are_refused() {
    let (mut named, expected) = models();
    named[1].weights.layers[0].0[3] = f32::NAN;
    let file = encode(&PlaygroundConfig::default(), &named).unwrap();
    assert!(block_on(decode(&file, &expected)).unwrap_err().contains("NaN"));
}

#[test]
fn a_cnn_reads_back_exactly_and_another_cnn_is_refused() {
    use kd_playground::core::config::Architecture;
    let (teacher, student) = (Architecture::cnn(2, 8, 3, 1, 32).spec(784, 10), Architecture::cnn(2, 4, 3, 0, 32).spec(784, 10));
    let mut rng = SeededRng::new(9);
    let named = vec![
        NamedWeights { name: "teacher".into(), steps: 10, weights: NetWeights::init(&teacher, &mut rng) },
        NamedWeights { name: "distilled".into(), steps: 5, weights: NetWeights::init(&student, &mut rng) },
        NamedWeights { name: "scratch".into(), steps: 5, weights: NetWeights::init(&student, &mut rng) },
    ];
    let expected = vec![("teacher", teacher.clone()), ("distilled", student.clone()), ("scratch", student.clone())];
    let file = encode(&PlaygroundConfig::default(), &named).unwrap();
    assert_eq!(block_on(decode(&file, &expected)).unwrap().models, named);
    // Same dense head, other blocks: refused, and the message names both.
    let other = Architecture::cnn(2, 8, 5, 1, 32).spec(784, 10);
    let err = block_on(decode(&file, &[("teacher", other), ("distilled", student.clone()), ("scratch", student)])).unwrap_err();
    assert!(err.contains("8c3-16c3-784-32-10") && err.contains("8c5-16c5-784-32-10"), "{err}");
}
