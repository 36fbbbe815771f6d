//! ONNX export (src/core/onnx.rs), checked by the real clients: for MLPs
//! and CNNs, with and without a dataset's standardisation, the ONNX checker
//! accepts the file and onnxruntime reproduces burn's logits for the same
//! rows within 1e-4 (scripts/check/onnx_check.py, in the Python environment
//! scripts/setup.sh makes). The file's own structure — opset, operators,
//! metadata — is read back with the same protobuf messages.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

use burn::prelude::*;
use burn::tensor::TensorData;
use futures::executor::block_on;
use kd_playground::core::model::{ConvLayer, NetSpec, NetWeights};
use kd_playground::core::model_presets::preset;
use kd_playground::core::net::{Net, read_f32};
use kd_playground::core::onnx::{About, OPSET, Standardisation, export};
use kd_playground::core::rng::SeededRng;
use onnx_protobuf::{Message, ModelProto};

/// The Python with onnx and onnxruntime: KD_ONNX_PYTHON, else the one
/// scripts/setup.sh installs into the project.
fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("KD_ONNX_PYTHON") {
        return p.into();
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/onnx-venv/bin/python");
    assert!(venv.exists(), "no {}: run scripts/setup.sh, which installs onnx and onnxruntime there", venv.display());
    venv
}

fn write_f32(path: &Path, values: &[f32]) {
    std::fs::write(path, values.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>()).unwrap();
}

/// burn's logits for `rows` (already standardised where the data is).
fn burn_logits(weights: &NetWeights, rows: &[f32], n: usize) -> Vec<f32> {
    let device = Device::flex();
    let net = Net::from_weights(weights, &device);
    let x = Tensor::<2>::from_data(TensorData::new(rows.to_vec(), [n, weights.spec.input]), &device);
    block_on(read_f32(net.logits_in_chunks(x))).unwrap()
}

/// Exports, then has onnxruntime run the raw rows and compare.
fn check(name: &str, spec: NetSpec, seed: u64, standardise: bool) {
    let mut rng = SeededRng::new(seed);
    let weights = NetWeights::init(&spec, &mut rng);
    let n = 17;
    // What the network sees: values of the size the page's features have.
    let seen: Vec<f32> = (0..n * spec.input).map(|_| rng.range(-1.0, 2.0)).collect();
    // Where the data is standardised, the file takes the raw values: the
    // user's own units (means up to 20, spreads up to 12).
    let s = standardise.then(|| Standardisation {
        mean: (0..spec.input).map(|_| rng.range(-5.0, 20.0)).collect(),
        scale: (0..spec.input).map(|_| rng.range(0.5, 12.0)).collect(),
    });
    let raw: Vec<f32> = match &s {
        Some(s) => seen.iter().enumerate().map(|(i, v)| v * s.scale[i % spec.input] + s.mean[i % spec.input]).collect(),
        None => seen.clone(),
    };
    let want = burn_logits(&weights, &seen, n);
    let about = About { model: name.into(), classes: (0..spec.classes).map(|c| format!("class {c}")).collect(), note: None };
    let bytes = export(&weights, s.as_ref(), &about).unwrap();

    let dir = std::env::temp_dir().join(format!("kd-onnx-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("model.onnx");
    std::fs::write(&model, &bytes).unwrap();
    write_f32(&dir.join("rows.f32"), &raw);
    write_f32(&dir.join("logits.f32"), &want);
    let out = Command::new(python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check/onnx_check.py"))
        .args([&model, &dir.join("rows.f32"), &dir.join("logits.f32")])
        .args([n.to_string(), spec.input.to_string(), spec.classes.to_string()])
        .output()
        .expect("python runs");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{said}");
    assert!(out.status.success(), "{name}: {said}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_mlp_with_the_data_standardisation_runs_the_same_in_onnxruntime() {
    check("mlp-standardised", NetSpec::mlp(4, vec![64, 32], 3), 1, true);
}

#[test]
fn an_mlp_on_the_page_features_runs_the_same_in_onnxruntime() {
    check("mlp", NetSpec::uniform(2, 2, 64, 3), 2, false);
}

#[test]
fn cnns_run_the_same_in_onnxruntime() {
    let digits = NetSpec { conv: vec![ConvLayer::same(4, 3)], ..NetSpec::mlp(64, vec![16], 10) };
    check("cnn-digits", digits, 3, false);
    // A block with a stride, no padding and no pool.
    let strided =
        NetSpec { conv: vec![ConvLayer { channels: 3, kernel: 3, stride: 2, padding: 0, pool: 1 }, ConvLayer::same(5, 3)], ..NetSpec::mlp(64, vec![], 4) };
    check("cnn-strided", strided, 4, true);
    let small = preset("small-cnn").expect("the MNIST teacher preset");
    check("cnn-mnist", small.architecture.spec(784, 10), 5, false);
}

#[test]
fn the_file_says_what_it_is() {
    let spec = NetSpec { conv: vec![ConvLayer::same(2, 3)], ..NetSpec::mlp(16, vec![8], 3) };
    let weights = NetWeights::init(&spec, &mut SeededRng::new(9));
    let about = About {
        model: "distilled student".into(),
        classes: vec!["cat".into(), "dog".into(), "eel".into()],
        note: Some("int8 quantised; exported as its dequantised float weights".into()),
    };
    let s = Standardisation { mean: vec![0.5; 16], scale: vec![2.0; 16] };
    let model = ModelProto::parse_from_bytes(&export(&weights, Some(&s), &about).unwrap()).unwrap();
    assert_eq!(model.opset_import[0].version, OPSET);
    let ops: Vec<&str> = model.graph.node.iter().map(|n| n.op_type.as_str()).collect();
    assert_eq!(ops, ["Sub", "Div", "Reshape", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm"]);
    assert_eq!(model.graph.node.last().unwrap().output, ["logits"]);
    let meta = |k: &str| model.metadata_props.iter().find(|p| p.key == format!("kd-playground.{k}")).map(|p| p.value.clone());
    assert_eq!(meta("model").as_deref(), Some("distilled student"));
    assert_eq!(meta("classes").as_deref(), Some("cat\ndog\neel"));
    assert_eq!(meta("architecture").as_deref(), Some(spec.describe().as_str()));
    assert!(meta("note").unwrap().contains("dequantised"));
    // Weights that do not fit their network are refused, not written.
    let short = NetWeights { layers: weights.layers[..2].to_vec(), ..weights };
    assert!(export(&short, None, &about).is_err());
}

/// `kd export` with `args`, from a scratch directory: (success, what it said).
fn kd_export(args: &[&str]) -> (bool, String) {
    let dir = std::env::temp_dir().join(format!("kd-export-{}-{}", std::process::id(), args.len()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kd")).arg("export").args(args).current_dir(&dir).env("KD_ONNX_PYTHON", python()).output().expect("kd runs");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{said}");
    let _ = std::fs::remove_dir_all(&dir);
    (out.status.success(), said)
}

#[test]
fn kd_export_distils_a_table_and_onnxruntime_reproduces_the_sessions_logits() {
    let wine = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/wine.csv");
    let wine = wine.to_str().unwrap();
    let (ok, said) = kd_export(&["--data", wine, "--model", "student-kd", "--out", "wine.onnx", "--teacher-steps", "200", "--student-steps", "200", "--check"]);
    assert!(ok, "{said}");
    // The raw measurements in (the standardisation is the file's first two nodes).
    assert!(said.contains("13 features in, 3 logits out") && said.contains("(Sub Div Gemm Relu Gemm)"), "{said}");
    assert!(said.contains("onnxruntime 1.20.1 on 53 rows: largest difference"), "{said}");
    // The documented setting (the page's defaults on the Wine table): the
    // distilled student beats its scratch twin (docs/RESULTS.md).
    assert!(said.contains("the distilled student beats its scratch twin"), "{said}");

    // A config made on one file refuses another, and a bad option is named.
    let config = std::env::temp_dir().join(format!("kd-export-config-{}.json", std::process::id()));
    let iris = kd_playground::core::table::installed::example("iris.csv").unwrap().0;
    let made = kd_playground::core::config::PlaygroundConfig { dataset: kd_playground::core::dataset::DatasetSpec::table(iris), ..Default::default() };
    std::fs::write(&config, kd_playground::core::share::to_json(&made)).unwrap();
    let (ok, said) = kd_export(&["--config", config.to_str().unwrap(), "--data", wine, "--model", "teacher", "--out", "x.onnx"]);
    assert!(!ok && said.contains("is not the file the config was made with"), "{said}");
    let (ok, said) = kd_export(&["--model", "student-large", "--out", "x.onnx"]);
    assert!(!ok && said.contains("invalid value 'student-large'") && said.contains("possible values: teacher, student-kd, student-scratch"), "{said}");
    let _ = std::fs::remove_file(config);
}
