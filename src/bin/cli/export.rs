//! `kd export`'s options and output (the training and the file are
//! `core::export_run`'s).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kd_playground::core::config::PlaygroundConfig;
use kd_playground::core::dataset::{DatasetKind, DatasetSpec};
use kd_playground::core::export_run::{ExportError, model_from_name, train_and_export};
use kd_playground::core::table::installed;
use kd_playground::words::table::problem;

use super::Failure;
use super::config_file::read;

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

/// `kd export`'s options.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The page's stored settings (or a plain config, or a page export);
    /// the page's defaults without it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// A CSV file: the one the config's table was made from (checked by its
    /// fingerprint), or, with a config on other data, a table to train on.
    #[arg(long, value_name = "FILE.csv")]
    data: Option<String>,
    /// Which model to write.
    #[arg(long, value_parser = ["teacher", "student-kd", "student-scratch"])]
    model: String,
    /// The ONNX file to write.
    #[arg(long, value_name = "FILE.onnx")]
    out: PathBuf,
    /// The teacher's training steps.
    #[arg(long, value_name = "N", default_value_t = 300)]
    teacher_steps: usize,
    /// The students' training steps.
    #[arg(long, value_name = "N", default_value_t = 300)]
    student_steps: usize,
    /// Then run the file in onnxruntime on the test rows against the
    /// session's logits (the Python environment scripts/setup.sh makes).
    #[arg(long)]
    check: bool,
}

pub fn run(args: ExportArgs) -> Result<(), Failure> {
    let ExportArgs { config, data, model, out, teacher_steps, student_steps, check } = args;
    let mut config = match &config {
        Some(path) => read(path)?.0,
        None => PlaygroundConfig::default(),
    };
    let model = model_from_name(&model).expect("clap checked the name");
    if let Some(path) = &data {
        use_data(&mut config, path).map_err(Failure::Usage)?;
    }
    if config.dataset.kind.is_fetched() {
        kd_playground::core::mnist::load_shipped().map_err(Failure::Run)?;
    }
    let e = train_and_export(&config, model, teacher_steps, student_steps)
        .map_err(|e| match e {
            ExportError::Session(f) => kd_playground::words::session::failure(&f),
            ExportError::Other(why) => why,
        })
        .map_err(Failure::Run)?;
    std::fs::write(&out, &e.onnx).map_err(|err| Failure::Run(format!("cannot write {}: {err}", out.display())))?;
    println!("wrote {} ({} bytes): {} features in, {} logits out", out.display(), e.onnx.len(), e.features, e.classes);
    println!("test accuracy: teacher {:.1} % ({teacher_steps} steps)", 100.0 * e.teacher_accuracy);
    if let Some((distilled, scratch)) = e.students_accuracy {
        let verdict =
            if distilled > scratch { "the distilled student beats its scratch twin" } else { "the distilled student does not beat its scratch twin here" };
        println!("test accuracy: distilled student {:.1} %, scratch student {:.1} % ({student_steps} steps): {verdict}", 100.0 * distilled, 100.0 * scratch);
    }
    if check {
        check_in_onnxruntime(&out, &e).map_err(Failure::Run)?;
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
