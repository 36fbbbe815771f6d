//! The words for an experiment's run: what trains now ([`phase`]), why a
//! plan cannot run ([`plan_error`]), why a run stopped ([`failure`]) and
//! where a stacked sweep trained ([`placement`]).

use crate::core::experiments::result::format_x;
use crate::core::experiments::runner::{ExperimentFailure, Phase};
use crate::core::experiments::stack_device::StackPlacement;
use crate::core::experiments::{ExperimentKind, PlanError, format_values};

/// What trains now, e.g. "students at T = 4, seed 1".
pub fn phase(phase: &Phase) -> String {
    match phase {
        Phase::Starting => "starting".into(),
        Phase::Teacher { net } => format!("teacher {net}"),
        Phase::StudentsAtTemperature { temperature, seed } => {
            format!("students at T = {}, seed {seed}", format_x(ExperimentKind::TemperatureSweep, *temperature))
        }
        Phase::StudentsOnShare { share, seed } => format!("students on {} of the data, seed {seed}", format_x(ExperimentKind::SmallData, *share)),
        Phase::LadderTeacher { teacher, seed } => format!("teacher {teacher}, seed {seed}"),
        Phase::StudentFromTeacher { teacher, seed } => format!("student from teacher {teacher}, seed {seed}"),
        Phase::StudentFromEarlyStopped { seed } => format!("student from the early-stopped teacher, seed {seed}"),
        Phase::Assistant { assistant, seed } => format!("assistant {assistant} from the teacher, seed {seed}"),
        Phase::StudentFromAssistant { seed } => format!("student from the assistant, seed {seed}"),
        Phase::TeacherOnEveryDigit { net } => format!("teacher {net} on every digit"),
        Phase::StudentsWithoutClass { class, seed } => format!("students without any {class}, seed {seed}"),
        Phase::TimingStack { nets, gpu } => {
            format!("timing {nets} stacked students on {}", gpu.as_ref().map_or("the CPU".to_string(), |g| format!("the CPU (and {g}, if the sweep is long)")))
        }
        Phase::Stacked { nets, temperatures, seeds, group, placement: at } => {
            let part = group.map(|(g, of)| format!(" (group {g} of {of})")).unwrap_or_default();
            format!(
                "{nets} students (T = {}; seeds {}) at once{part}, {}",
                temperatures.iter().map(|&t| format_x(ExperimentKind::TemperatureSweep, t)).collect::<Vec<_>>().join(", "),
                format_values(seeds),
                placement(at)
            )
        }
    }
}

/// Why a plan cannot run.
pub fn plan_error(error: &PlanError) -> String {
    match error {
        PlanError::NoSeeds => "at least one seed is needed".into(),
        PlanError::EmptyLadder => "the teacher ladder is empty".into(),
        PlanError::NothingToSweep { kind } => format!("no {} values to sweep", kind.x_name().replace('_', " ")),
        PlanError::TooManyPoints { points, max } => format!("{points} points planned; at most {max} (values × seeds)"),
        PlanError::StepsOutOfRange { max } => format!("steps must be between 1 and {max}"),
        PlanError::NotANumber { value } => format!("{value} is not a number"),
        PlanError::TemperatureOutOfRange { temperature, min, max } => format!("temperature {temperature} is outside {min}–{max}"),
        PlanError::ShareOutOfRange { share } => format!("training share {share} is outside (0, 1] (write 0.25 for 25 %)"),
        PlanError::NoSuchClass { class, classes } => format!("class {class} does not exist (the digits are 0–{})", classes - 1),
        PlanError::EarlyStopTooLate { at, teacher_steps } => format!("early stopping at step {at} must come before the teacher's {teacher_steps} steps"),
    }
}

/// Why a run stopped before its end.
pub fn failure(failure: &ExperimentFailure) -> String {
    match failure {
        ExperimentFailure::InvalidPlan(error) => plan_error(error),
        ExperimentFailure::Diverged { phase: during, why } => format!("{}: {why}; the experiment stopped (try a smaller learning rate)", phase(during)),
        ExperimentFailure::NotFinite => "a network's outputs are not finite; the experiment stopped".into(),
        ExperimentFailure::Device(why) => why.clone(),
    }
}

/// One sentence: where a stacked sweep trained, and why.
pub fn placement(p: &StackPlacement) -> String {
    let cpu = format!("CPU {:.2} ms/step", p.cpu_ms_per_step());
    if let (Some(name), Some(why)) = (&p.gpu_name, &p.gpu_failed) {
        return format!("stacked on the CPU backend ({cpu}; timing {name} failed: {why})");
    }
    match (&p.gpu_name, p.gpu) {
        (None, _) => format!("stacked on the CPU backend ({cpu}; no GPU to compare with)"),
        (Some(name), None) => format!(
            "stacked on the CPU backend ({cpu}, about {:.1} s in all: under the {:.0} s that would repay timing {name}, whose first step compiles shaders)",
            p.cpu_estimate_secs(),
            p.worth_probing_secs
        ),
        (Some(name), Some((first, gpu))) => {
            let winner = if p.on_gpu { name.as_str() } else { "the CPU backend" };
            let how = if p.on_gpu == (gpu < p.cpu_ms_per_step()) { "measured faster" } else { "as asked" };
            format!("stacked on {winner}, {how} ({cpu}; {name} {gpu:.2} ms/step after a {:.1} s first step)", first / 1e3)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::{MAX_TEMPERATURE, MIN_TEMPERATURE};
    use crate::core::experiments::ExperimentKind;

    fn measured() -> StackPlacement {
        crate::core::experiments::stack_device::measured_example()
    }

    #[test]
    fn the_sentence_names_the_winner_and_the_figures() {
        let p = measured();
        assert_eq!(placement(&p), "stacked on WebGPU, measured faster (CPU 12.00 ms/step; WebGPU 3.25 ms/step after a 1.5 s first step)");
        // 12 ms × 50 steps = 0.6 s.
        let short = StackPlacement { gpu: None, on_gpu: false, steps: 50, ..p.clone() };
        assert!(placement(&short).starts_with("stacked on the CPU backend (CPU 12.00 ms/step, about 0.6 s in all: under the 20 s"), "{}", placement(&short));
        let failed = StackPlacement { gpu: None, on_gpu: false, gpu_failed: Some("the device was lost".into()), ..p.clone() };
        assert_eq!(placement(&failed), "stacked on the CPU backend (CPU 12.00 ms/step; timing WebGPU failed: the device was lost)");
        let alone = StackPlacement { gpu: None, on_gpu: false, gpu_name: None, ..p };
        assert_eq!(placement(&alone), "stacked on the CPU backend (CPU 12.00 ms/step; no GPU to compare with)");
    }

    #[test]
    fn phases_read_as_before() {
        assert_eq!(phase(&Phase::Starting), "starting");
        assert_eq!(phase(&Phase::StudentsAtTemperature { temperature: 4.0, seed: 1 }), "students at T = 4, seed 1");
        assert_eq!(phase(&Phase::StudentsOnShare { share: 0.25, seed: 0 }), "students on 25 % of the data, seed 0");
        assert_eq!(phase(&Phase::LadderTeacher { teacher: "2x64".into(), seed: 2 }), "teacher 2x64, seed 2");
        assert_eq!(phase(&Phase::TimingStack { nets: 9, gpu: None }), "timing 9 stacked students on the CPU");
        assert_eq!(
            phase(&Phase::TimingStack { nets: 9, gpu: Some("WebGPU".into()) }),
            "timing 9 stacked students on the CPU (and WebGPU, if the sweep is long)"
        );
        let stacked = Phase::Stacked { nets: 9, temperatures: vec![1.0, 4.0], seeds: vec![0, 1], group: Some((1, 3)), placement: Box::new(measured()) };
        assert_eq!(phase(&stacked), format!("9 students (T = 1, 4; seeds 0, 1) at once (group 1 of 3), {}", placement(&measured())));
    }

    #[test]
    fn plans_and_failures_read_as_before() {
        let outside = PlanError::TemperatureOutOfRange { temperature: 0.0, min: MIN_TEMPERATURE, max: MAX_TEMPERATURE };
        assert_eq!(plan_error(&outside), format!("temperature 0 is outside {MIN_TEMPERATURE}–{MAX_TEMPERATURE}"));
        assert_eq!(plan_error(&PlanError::NothingToSweep { kind: ExperimentKind::SmallData }), "no training share values to sweep");
        assert_eq!(plan_error(&PlanError::NoSuchClass { class: 10.0, classes: 10 }), "class 10 does not exist (the digits are 0–9)");
        assert_eq!(
            plan_error(&PlanError::EarlyStopTooLate { at: 5000, teacher_steps: 1500 }),
            "early stopping at step 5000 must come before the teacher's 1500 steps"
        );
        assert_eq!(failure(&ExperimentFailure::InvalidPlan(PlanError::NoSeeds)), "at least one seed is needed");
        let diverged = ExperimentFailure::Diverged { phase: Phase::Teacher { net: "2-64-3".into() }, why: "the loss is NaN".into() };
        assert_eq!(failure(&diverged), "teacher 2-64-3: the loss is NaN; the experiment stopped (try a smaller learning rate)");
        assert_eq!(failure(&ExperimentFailure::NotFinite), "a network's outputs are not finite; the experiment stopped");
    }
}
