//! `kd-bench`: the native half of the performance harness (scripts/bench.sh).
//!
//!     kd-bench data DIR              writes DIR/<case>.json, the training rows TF.js trains on
//!     kd-bench native CASE STEPS     times CASE on burn's CPU backend; prints one JSON object

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(message) = run(std::env::args().skip(1).collect()) {
        eprintln!("kd-bench: {message}");
        std::process::exit(2);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn run(args: Vec<String>) -> Result<(), String> {
    use kd_playground::core::throughput::{bench_case, bench_cases};
    const USAGE: &str = "usage: kd-bench data DIR | kd-bench native CASE STEPS";
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["data", dir] => {
            std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
            for case in bench_cases() {
                std::fs::write(format!("{dir}/{}.json", case.name), case.data_json()).map_err(|e| e.to_string())?;
            }
            Ok(())
        }
        ["native", name, steps] => {
            let case = bench_case(name).ok_or_else(|| format!("no case {name:?}\n{USAGE}"))?;
            let steps: usize = steps.parse().map_err(|_| format!("{steps:?} is not a step count"))?;
            let devices = kd_playground::core::trainer::Devices::new(burn::prelude::Device::flex());
            let t = futures::executor::block_on(case.run(&devices, 5, steps))?;
            println!("{}", serde_json::json!({ "case": name, "backend": "native-cpu", "result": t }));
            Ok(())
        }
        _ => Err(USAGE.into()),
    }
}
