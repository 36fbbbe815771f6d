//! The words for what the live session reports as data: notices,
//! statuses, failures, and the names of models and ladder steps. The core
//! sends variants; only this file turns them into English.

use crate::core::compress::ladder::LadderStage;
use crate::core::config::BackendPreference;
use crate::core::names::{ModelName, NetworkName};
use crate::core::protocol::{BackendKind, Failure, Notice, Role, Status};
use crate::plot::scale::rate;

/// Why training runs where it does, under the header's probe line: what
/// Auto chose (or would choose, where the backend was chosen by hand) and by
/// how much, on which model. `auto`: `backend_probe::auto_choice`'s answer;
/// `probed`: whether the probe of `model` is over.
pub fn backend_choice(preference: BackendPreference, auto: (BackendKind, Option<f32>), probed: bool, model: Option<&str>) -> String {
    let on = model.map(|m| format!(" on the teacher {m}")).unwrap_or_default();
    if !probed {
        return format!("Auto: timing both backends{on}…");
    }
    let (chosen, ratio) = auto;
    let name = |k: BackendKind| if k == BackendKind::Cpu { "the CPU" } else { "WebGPU" };
    let other = |k: BackendKind| if k == BackendKind::Cpu { "WebGPU's" } else { "the CPU's" };
    let by = match ratio {
        Some(r) => format!("{}× {} rate{on}", rate(r), other(chosen)),
        None => format!("WebGPU was not timed here{on}"),
    };
    match preference {
        BackendPreference::Auto => format!("Auto chose {}: {by}.", name(chosen)),
        _ => format!("Chosen by hand; Auto would choose {} ({by}).", name(chosen)),
    }
}

/// The header's status line while the probe times WebGPU.
pub const TIMING_WEBGPU: &str = "Timing WebGPU (the first step compiles shaders)…";

pub fn notice(notice: &Notice) -> String {
    match notice {
        Notice::TrainTeacherFirst { for_role: Role::Students } => "Train the teacher first: the students distil from it.".into(),
        Notice::TrainTeacherFirst { .. } => "Train the teacher first: the first born-again generation learns from it.".into(),
        Notice::TrainStudentsFirst => "Train the students first: the ladder compresses the distilled student and the scratch one.".into(),
        Notice::EveryGenerationTrained => "Every generation is trained; Reset to start again.".into(),
        Notice::GenerationsDone => "Done: every generation is trained.".into(),
        Notice::DrawingDoesNotFit { pixels, inputs } => {
            format!("A drawing has {pixels} pixels but the models take {inputs} inputs: choose the digits dataset.")
        }
        Notice::DeviceLost { reason } => format!(
            "The WebGPU device was lost ({reason}). Training moved to the CPU; the models on the GPU could not be read back, so they start over: press Train to restart."
        ),
        Notice::BackendUnavailable { wanted, staying_on } => {
            format!("{} is not available to the training session; staying on {}.", wanted.label(), staying_on.label())
        }
        Notice::WeightsNoLongerFit => "The weights file no longer fits the current settings; nothing was changed.".into(),
        Notice::WeightsLoaded { with_students } => {
            let what = if *with_students { "the teacher and both students" } else { "the teacher" };
            format!("Loaded {what} from the weights file.")
        }
        Notice::SessionNotStarted => "The training session has not started yet.".into(),
    }
}

pub fn status(status: Status) -> String {
    match status {
        Status::WarmingUpWebGpu => "Warming up WebGPU: compiling shaders for the first steps…",
        Status::Compressing => "Compressing: pruning, fine-tuning, quantising…",
    }
    .into()
}

pub fn failure(failure: &Failure) -> String {
    match failure {
        Failure::ReadFailed { backend, detail } => {
            format!("Training stopped: {} gave no results back ({detail}). The last good weights are kept.", backend.label())
        }
        Failure::MoveFailed { to, detail } => format!("could not move the models to {}: {detail}", to.label()),
        Failure::Evaluation(detail) => detail.clone(),
        Failure::Timing { model: name, detail } => format!("could not time the {}: {detail}", model(*name)),
        Failure::WeightsNotWritten(detail) => format!("could not write the weights file: {detail}"),
        Failure::OnnxNotWritten(detail) => format!("could not write the ONNX file: {detail}"),
        Failure::Ladder(detail) => format!("the compression ladder failed: {detail}"),
        Failure::Garbled(detail) => format!("a garbled message from the training worker: {detail}"),
        Failure::Data(detail) => format!("the data could not be used: {detail}"),
    }
}

/// A run that stopped at a NaN/inf loss within steps `first..=last`.
pub fn diverged(why: &str, first: usize, last: usize, learning_rate: f32) -> String {
    format!("Training stopped: {why} within steps {first}–{last}. The last good weights are kept; try a smaller learning rate (now {learning_rate}).")
}

/// A network of panel 5's run, as its chart's legend names it.
pub fn network(name: NetworkName) -> String {
    match name {
        NetworkName::Peer(n) => format!("peer {n} ({})", if n == 1 { "teacher-sized" } else { "student-sized" }),
        NetworkName::Exit(n) => format!("exit {n}"),
        NetworkName::DeepestOutput => "deepest output".into(),
        NetworkName::EarlyExitNet => "early-exit net".into(),
        NetworkName::Generation(g) => format!("generation {g}"),
        NetworkName::LabelsOnlyTwin => "same net, labels only".into(),
    }
}

/// A model as the cost view names it.
pub fn model(name: ModelName) -> String {
    match name {
        ModelName::Teacher => "teacher".into(),
        ModelName::Distilled => "distilled".into(),
        ModelName::Scratch => "scratch".into(),
        ModelName::Strategy(NetworkName::Peer(n)) => format!("peer {n}"),
        ModelName::Strategy(other) => network(other),
    }
}

/// A step of the compression ladder, as its table names it.
pub fn stage(stage: LadderStage) -> String {
    match stage {
        LadderStage::Trained => "trained".into(),
        LadderStage::Pruned { sparsity, fine_tune_steps, with_teacher } => {
            let tuned = match (fine_tune_steps, with_teacher) {
                (0, _) => String::new(),
                (n, true) => format!(", {n} KD steps"),
                (n, false) => format!(", {n} steps"),
            };
            format!("pruned {} %{tuned}", (sparsity * 100.0).round())
        }
        LadderStage::Int8 => "+ int8".into(),
        LadderStage::Shared { bits } => format!("+ {bits}-bit sharing"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_says_what_auto_chose_by_how_much_and_on_which_model() {
        let model = Some("784-16c3-32c3-128-10");
        assert_eq!(
            backend_choice(BackendPreference::Auto, (BackendKind::Cpu, None), false, model),
            "Auto: timing both backends on the teacher 784-16c3-32c3-128-10…"
        );
        assert_eq!(
            backend_choice(BackendPreference::Auto, (BackendKind::Cpu, Some(23.4)), true, model),
            "Auto chose the CPU: 23× WebGPU's rate on the teacher 784-16c3-32c3-128-10."
        );
        assert_eq!(
            backend_choice(BackendPreference::Auto, (BackendKind::WebGpu, Some(4.04)), true, model),
            "Auto chose WebGPU: 4.0× the CPU's rate on the teacher 784-16c3-32c3-128-10."
        );
        assert_eq!(backend_choice(BackendPreference::Auto, (BackendKind::Cpu, None), true, None), "Auto chose the CPU: WebGPU was not timed here.");
        assert_eq!(
            backend_choice(BackendPreference::WebGpu, (BackendKind::Cpu, Some(100.0)), true, Some("2-64-64-3")),
            "Chosen by hand; Auto would choose the CPU (100× WebGPU's rate on the teacher 2-64-64-3)."
        );
    }
}
