//! `kd-bench`: the native half of the performance harness (scripts/bench.sh).
//!
//!     kd-bench data DIR              writes DIR/<case>.json and DIR/<case>.f32: the network
//!                                    and training rows TF.js trains on
//!     kd-bench native CASE STEPS     times CASE on burn's CPU backend; prints one JSON object
//!     kd-bench gpu CASE STEPS [BATCH]
//!                                    times CASE (at BATCH rows a step, default the case's) on
//!                                    the CPU backend and, if built with
//!                                    `--features native-wgpu`, on the machine's GPU (add
//!                                    `webgpu-fusion` for burn's kernel fusion); one JSON
//!                                    object per backend
//!     kd-bench crossover [MS]        times stacked training over the width × batch × K grid,
//!                                    MS of stepping per point (default 1000), on the CPU
//!                                    backend and, if built with `--features native-wgpu`,
//!                                    on the machine's GPU; one JSON object per line
//!     kd-bench sweep STEPS           times a 6 T × 3 seed temperature sweep, stacked and
//!                                    point by point, on the spiral and the digits
//!     kd-bench mnist [SECS]          the small CNN teacher on MNIST until 98 % test accuracy
//!                                    (at most SECS of training, default 120), then the tiny
//!                                    CNN student pair's steps/s; one JSON object

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
    const USAGE: &str = "usage: kd-bench data DIR | kd-bench native CASE STEPS | kd-bench gpu CASE STEPS [BATCH] | kd-bench crossover [MS] | kd-bench sweep STEPS | kd-bench mnist [SECS]";
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["data", dir] => {
            std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
            kd_playground::core::mnist::load_shipped()?;
            for case in bench_cases() {
                let (json, x) = case.data_files();
                std::fs::write(format!("{dir}/{}.json", case.name), json).map_err(|e| e.to_string())?;
                std::fs::write(format!("{dir}/{}.f32", case.name), x).map_err(|e| e.to_string())?;
            }
            Ok(())
        }
        ["native", name, steps] => {
            let case = bench_case(name).ok_or_else(|| format!("no case {name:?}\n{USAGE}"))?;
            let steps: usize = steps.parse().map_err(|_| format!("{steps:?} is not a step count"))?;
            if case.needs_mnist() {
                kd_playground::core::mnist::load_shipped()?;
            }
            let devices = kd_playground::core::trainer::Devices::new(burn::prelude::Device::flex());
            let t = futures::executor::block_on(case.run(&devices, 5, steps))?;
            println!("{}", serde_json::json!({ "case": name, "backend": "native-cpu", "result": t }));
            Ok(())
        }
        ["gpu", name, steps, rest @ ..] => {
            let mut case = bench_case(name).ok_or_else(|| format!("no case {name:?}\n{USAGE}"))?;
            let steps: usize = steps.parse().map_err(|_| format!("{steps:?} is not a step count"))?;
            if let Some(batch) = rest.first() {
                case.batch = batch.parse().ok().filter(|&b| b > 0).ok_or_else(|| format!("{batch:?} is not a batch size"))?;
            }
            if case.needs_mnist() {
                kd_playground::core::mnist::load_shipped()?;
            }
            for (backend, devices) in backends()? {
                let t = futures::executor::block_on(case.run(&devices, 5, steps))?;
                println!(
                    "{}",
                    serde_json::json!({ "case": name, "batch": case.batch, "backend": backend, "fusion": cfg!(feature = "webgpu-fusion"), "result": t })
                );
            }
            Ok(())
        }
        ["crossover", rest @ ..] => {
            use kd_playground::core::crossover::{crossover_grid, time_stack};
            let ms: u64 = rest.first().map_or(Ok(1000), |ms| ms.parse().map_err(|_| format!("{ms:?} is not milliseconds")))?;
            for (backend, devices) in backends()? {
                for shape in crossover_grid() {
                    let t = futures::executor::block_on(time_stack(&devices, shape, 3, std::time::Duration::from_millis(ms)))?;
                    println!("{}", serde_json::json!({ "backend": backend, "result": t }));
                }
            }
            Ok(())
        }
        ["sweep", steps] => {
            use kd_playground::core::crossover::time_sweep;
            let steps: usize = steps.parse().map_err(|_| format!("{steps:?} is not a step count"))?;
            for (backend, devices) in backends()? {
                for digits in [false, true] {
                    for stacked in [true, false] {
                        let t = futures::executor::block_on(time_sweep(&devices, digits, stacked, 3, steps, || async {}))?;
                        println!("{}", serde_json::json!({ "backend": backend, "result": t }));
                    }
                }
            }
            Ok(())
        }
        ["mnist", rest @ ..] => {
            use kd_playground::core::mnist_bench::run_mnist_bench;
            let secs: u64 = rest.first().map_or(Ok(120), |s| s.parse().map_err(|_| format!("{s:?} is not seconds")))?;
            kd_playground::core::mnist::load_shipped()?;
            let devices = kd_playground::core::trainer::Devices::new(burn::prelude::Device::flex());
            let b = futures::executor::block_on(run_mnist_bench(
                &devices,
                std::time::Duration::from_secs(secs),
                std::time::Duration::from_secs(10),
                200,
                || async {},
            ))?;
            println!("{}", serde_json::json!({ "backend": "native-cpu", "result": b }));
            Ok(())
        }
        _ => Err(USAGE.into()),
    }
}

/// The CPU backend, then the GPU when wgpu is compiled in and finds one.
#[cfg(not(target_arch = "wasm32"))]
fn backends() -> Result<Vec<(&'static str, kd_playground::core::trainer::Devices)>, String> {
    use kd_playground::core::trainer::Devices;
    #[allow(unused_mut)]
    let mut all = vec![("native-cpu", Devices::new(burn::prelude::Device::flex()))];
    #[cfg(feature = "native-wgpu")]
    match burn::prelude::Device::wgpu_options().init() {
        Ok(device) => all.push(("native-wgpu", Devices::new(device))),
        Err(e) => eprintln!("kd-bench: no wgpu device ({e:?}); CPU only"),
    }
    Ok(all)
}
