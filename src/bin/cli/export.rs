//! `kd export`'s options and output (the training and the file are
//! `core::export_run`'s).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kd_playground::core::config::PlaygroundConfig;
use kd_playground::core::dataset::{DatasetKind, DatasetSpec};
use kd_playground::core::export_run::{ExportError, model_from_name, train_and_export};
use kd_playground::core::table::installed;
use kd_playground::words::table::problem;

const USAGE: &str = "usage: kd export [--config FILE] [--data FILE.csv] --model teacher|student-kd|student-scratch --out FILE.onnx [--teacher-steps N] [--student-steps N] [--check]";

fn number(flag: &str, text: &str) -> Result<usize, String> {
    text.parse().map_err(|_| format!("{flag}: {text:?} is not a whole number"))
}

/// A config file: the page's stored settings or a plain config (read as the
/// page reads them, each setting that does not fit said), or a page export
/// (`{config, experiment}`).
fn read_config(path: &str) -> Result<PlaygroundConfig, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes)
        && let Some(inner) = v.get("config")
    {
        return serde_json::from_value(inner.clone()).map_err(|e| format!("{path}: the export's config cannot be read: {e}"));
    }
    let loaded = kd_playground::core::share::from_json(&bytes);
    for notice in &loaded.notices {
        eprintln!("kd export: {path}: {notice}");
    }
    Ok(loaded.config)
}

/// Installs the CSV file at `path`; the config's table must be that file.
fn use_data(config: &mut PlaygroundConfig, path: &str) -> Result<(), String> {
    let bytes = Arc::new(std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?);
    let name = Path::new(path).file_name().map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
    let label = config.dataset.table.as_ref().filter(|_| config.dataset.kind == DatasetKind::Table).map(|r| r.label);
    let (r, _) = installed::install(&name, bytes, label).map_err(|p| format!("{path}: {}", problem(&p)))?;
    match config.dataset.table.as_ref().filter(|_| config.dataset.kind == DatasetKind::Table) {
        Some(want) if want.hash != r.hash => {
            Err(format!("{path} is not the file the config was made with: it is {}, the config names {}", r.describe(), want.describe()))
        }
        Some(_) => Ok(()),
        None => {
            config.dataset = DatasetSpec { seed: config.dataset.seed, test_fraction: config.dataset.test_fraction, ..DatasetSpec::table(r) };
            Ok(())
        }
    }
}

pub fn run(args: Vec<String>) -> Result<(), String> {
    let mut args = args.into_iter();
    let (mut config, mut data, mut model, mut out) = (PlaygroundConfig::default(), None, None, None);
    let (mut teacher_steps, mut student_steps, mut check) = (300, 300, false);
    while let Some(flag) = args.next() {
        if flag == "--check" {
            check = true;
            continue;
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--config" => config = read_config(&value)?,
            "--data" => data = Some(value),
            "--model" => model = Some(model_from_name(&value).ok_or_else(|| format!("--model: {value:?} is not teacher, student-kd or student-scratch"))?),
            "--out" => out = Some(PathBuf::from(value)),
            "--teacher-steps" => teacher_steps = number(&flag, &value)?,
            "--student-steps" => student_steps = number(&flag, &value)?,
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    let model = model.ok_or_else(|| format!("--model is needed\n{USAGE}"))?;
    let out = out.ok_or_else(|| format!("--out is needed\n{USAGE}"))?;
    if let Some(path) = &data {
        use_data(&mut config, path)?;
    }
    if config.dataset.kind.is_fetched() {
        kd_playground::core::mnist::load_shipped()?;
    }
    let e = train_and_export(&config, model, teacher_steps, student_steps).map_err(|e| match e {
        ExportError::Session(f) => kd_playground::words::session::failure(&f),
        ExportError::Other(why) => why,
    })?;
    std::fs::write(&out, &e.onnx).map_err(|err| format!("cannot write {}: {err}", out.display()))?;
    println!("wrote {} ({} bytes): {} features in, {} logits out", out.display(), e.onnx.len(), e.features, e.classes);
    println!("test accuracy: teacher {:.1} % ({teacher_steps} steps)", 100.0 * e.teacher_accuracy);
    if let Some((distilled, scratch)) = e.students_accuracy {
        let verdict =
            if distilled > scratch { "the distilled student beats its scratch twin" } else { "the distilled student does not beat its scratch twin here" };
        println!("test accuracy: distilled student {:.1} %, scratch student {:.1} % ({student_steps} steps): {verdict}", 100.0 * distilled, 100.0 * scratch);
    }
    if check {
        check_in_onnxruntime(&out, &e)?;
    }
    Ok(())
}

/// Runs scripts/check/onnx_check.py: the ONNX checker, then onnxruntime on
/// the test rows against the session's logits (within 1e-4).
fn check_in_onnxruntime(model: &Path, e: &kd_playground::core::export_run::Exported) -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = std::env::var_os("KD_ONNX_PYTHON").map(PathBuf::from).unwrap_or_else(|| root.join(".tools/onnx-venv/bin/python"));
    let dir = std::env::temp_dir().join(format!("kd-export-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|err| err.to_string())?;
    let write = |name: &str, values: &[f32]| std::fs::write(dir.join(name), values.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>());
    write("rows.f32", &e.rows).map_err(|err| err.to_string())?;
    write("logits.f32", &e.logits).map_err(|err| err.to_string())?;
    let n = e.rows.len() / e.features.max(1);
    let status = std::process::Command::new(&python)
        .arg(root.join("scripts/check/onnx_check.py"))
        .args([model, &dir.join("rows.f32"), &dir.join("logits.f32")])
        .args([n.to_string(), e.features.to_string(), e.classes.to_string()])
        .status()
        .map_err(|err| format!("cannot run {} (scripts/setup.sh installs it): {err}", python.display()))?;
    let _ = std::fs::remove_dir_all(&dir);
    if status.success() { Ok(()) } else { Err("onnxruntime did not reproduce the session's logits (above)".into()) }
}
