//! The `kd` command line as a new user meets it (clap): `kd --help` and
//! every subcommand's `--help` exit 0 and name what they do; a bad option
//! or value exits 2 with the reason; a sweep with `--json` prints one JSON
//! object per finished row and nothing else on stdout, writes its CSV (the
//! `csv` crate's) and JSON, and `kd run` on that JSON reruns it to the same
//! rows.

#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

use kd_playground::core::experiments::result::parse_csv;

fn kd(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kd")).args(args).current_dir(dir).output().expect("kd runs")
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kd-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const SUBCOMMANDS: [&str; 10] = [
    "temperature-sweep",
    "capacity-gap",
    "omitted-class",
    "small-data",
    "mnist-hinton",
    "mnist-omitted-3",
    "mnist-temperature",
    "mnist-capacity-gap",
    "run",
    "export",
];

#[test]
fn help_exits_0_and_names_every_subcommand() {
    let dir = scratch("help");
    let out = kd(&["--help"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let text = said(&out);
    for sub in SUBCOMMANDS {
        assert!(text.contains(sub), "kd --help lacks {sub}: {text}");
        let out = kd(&[sub, "--help"], &dir);
        assert_eq!(out.status.code(), Some(0), "kd {sub} --help: {}", said(&out));
        assert!(said(&out).contains(&format!("Usage: kd {sub}")), "{}", said(&out));
    }
    assert!(said(&kd(&["temperature-sweep", "--help"], &dir)).contains("--seeds <N>"));
    assert_eq!(kd(&["--version"], &dir).status.code(), Some(0));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_bad_option_or_value_exits_2_with_the_reason() {
    let dir = scratch("bad");
    for (args, reason) in [
        (&["no-such-experiment"][..], "unrecognized subcommand"),
        (&["temperature-sweep", "--bogus"][..], "unexpected argument '--bogus'"),
        (&["temperature-sweep", "--seeds", "0"][..], "0 is not in 1..=1000"),
        (&["temperature-sweep", "--seeds", "two"][..], "invalid value 'two'"),
        (&["small-data", "--values", "1,x"][..], "\"x\" is not a number"),
        (&["capacity-gap", "--teachers", "3q"][..], "is not depth×width"),
        // The plan's own rules, worded as the page words them.
        (&["temperature-sweep", "--values", "0.01"][..], "temperature 0.01 is outside"),
        (&["export", "--model", "student-large", "--out", "x.onnx"][..], "invalid value 'student-large'"),
        (&["run"][..], "--config <FILE>"),
    ] {
        let out = kd(args, &dir);
        assert_eq!(out.status.code(), Some(2), "kd {args:?}: {}", said(&out));
        assert!(said(&out).contains(reason), "kd {args:?} should say {reason:?}: {}", said(&out));
    }
    assert!(!dir.join("results").exists(), "nothing written");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_json_sweep_prints_a_row_per_line_and_kd_run_reruns_it_to_the_same_rows() {
    let dir = scratch("json");
    let out = kd(&["temperature-sweep", "--seeds", "1", "--steps", "5", "--values", "2,4", "--json", "--out", "first"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}"))).collect();
    // A teacher per value, then distilled and scratch per value and seed.
    assert_eq!(rows.len(), 2 + 2 * 2, "{stdout}");
    assert!(rows.iter().all(|r| r["experiment"] == "temperature-sweep" && r["test_accuracy"].as_f64().is_some()), "{stdout}");
    let csv = std::fs::read_to_string(dir.join("first/temperature-sweep.csv")).unwrap();
    assert!(csv.starts_with("temperature,seed,model,"), "{csv}");
    let first = parse_csv(&csv).unwrap();
    assert_eq!(first.len(), rows.len());

    let out = kd(&["run", "--config", "first/temperature-sweep.json", "--quiet", "--out", "again"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert!(out.stdout.is_empty(), "--quiet prints nothing: {}", said(&out));
    let again = parse_csv(&std::fs::read_to_string(dir.join("again/temperature-sweep.csv")).unwrap()).unwrap();
    assert_eq!(again, first, "the rerun gives the same rows");
    let _ = std::fs::remove_dir_all(dir);
}
