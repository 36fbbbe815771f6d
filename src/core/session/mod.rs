//! The training session: one async task that owns every model, takes
//! [`Command`]s and emits [`Event`]s.
//!
//! The page runs it in a web worker (`ui::session_link`; the harness
//! measured the worker ahead on throughput and dropped frames,
//! docs/PERFORMANCE.md, "Main thread or a web worker"), and on its own thread
//! where no worker starts. Either way it trains in chunks ([`pacing`]), then
//! awaits `yield_now`, so that a command such as Pause is read within one
//! chunk, and on the page's thread the browser can paint and handle input in
//! between. On the CPU backend a 2-64-64-3 step takes a few ms, so a 12 ms
//! budget keeps every main-thread task far below the 50 ms long-task line;
//! the harness measures that (docs/PERFORMANCE.md).
//!
//! Commands name a backend; the session resolves it to devices of its own
//! instance through a [`DeviceSource`]. The probe and panel 6's experiments
//! are commands of the same stream, run beside the session by its host
//! (`ui::session_host`); the session ignores them.
//!
//! Offline distillation means a frozen teacher: training the teacher again
//! discards the students, who restart from it when next played.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use futures::channel::mpsc::{TryRecvError, UnboundedReceiver, UnboundedSender};
use web_time::Instant;

use super::config::PlaygroundConfig;
use super::dataset::Dataset;
use super::protocol::{BackendKind, Command, Event, Notice, Role};
use super::strategies::Strategy;
use super::strategy_config::StrategyKind;
use super::trainer::{DeviceData, Devices, Outputs, StudentPair, SupervisedRun, read_loss, transfer_set};

mod backends;
mod costs;
mod devices;
mod evaluation;
mod pacing;
mod weights;
pub use devices::{CpuOnly, DeviceSource};
pub use weights::expected_models;

/// How often a playing run re-evaluates every model for the views.
const EVAL_EVERY: Duration = Duration::from_millis(150);
/// Test points in the feature and relation views.
pub const FEATURE_BATCH: usize = 24;
/// Wall time one chunk aims for on a backend that queues work (WebGPU).
const QUEUED_CHUNK: f32 = 0.1;

pub struct Session {
    config: PlaygroundConfig,
    backend: BackendKind,
    devices: Devices,
    /// Where a backend's devices come from.
    source: Box<dyn DeviceSource>,
    dataset: Dataset,
    data: DeviceData,
    teacher: SupervisedRun,
    teacher_outputs: Option<Arc<Outputs>>,
    students: Option<StudentPair>,
    /// The students' transfer set on the device (built with the pair).
    student_data: Option<DeviceData>,
    /// The last compression ladder's points with their weights (the
    /// dequantised floats where quantised), for their ONNX files.
    ladder: Vec<(crate::core::compress::ladder::LadderPoint, crate::core::model::NetWeights)>,
    /// Panel 5's run (it trains on all the training data).
    strategy: Option<Strategy>,
    playing: Option<Role>,
    events: UnboundedSender<Event>,
    budget: Duration,
    /// Measured steps per second (exponential moving average), 0 = unknown.
    rate: f32,
    last_eval: Option<Instant>,
    /// How long the last evaluation took (it paces the next).
    eval_cost: Duration,
    /// Steps were taken since the views were last evaluated.
    stale: bool,
    /// The active backend has run steps and one evaluation: the kernels for
    /// both shapes exist (WebGPU compiles shaders on first use). Until then
    /// the page says it is warming up and no rate is measured.
    warm: bool,
    last_throughput: Option<Instant>,
}

/// Runs a session on the CPU until the command channel closes. `yield_now`
/// must give the host a turn (in the browser: a new task).
pub async fn run_session<Y: Future<Output = ()>>(
    config: PlaygroundConfig,
    source: Box<dyn DeviceSource>,
    mut commands: UnboundedReceiver<Command>,
    events: UnboundedSender<Event>,
    yield_now: impl Fn() -> Y,
    budget: Duration,
) {
    let mut session = Session::new(config, source, events, budget);
    session.emit(Event::BackendActive(BackendKind::Cpu));
    session.evaluate_teacher().await;
    yield_now().await;
    session.warm_up().await;
    loop {
        // Take every pending command first, so Pause answers within one chunk.
        loop {
            match commands.try_recv() {
                Ok(command) => session.handle(command, &yield_now).await,
                Err(TryRecvError::Closed) => return,
                Err(TryRecvError::Empty) => break,
            }
        }
        match session.playing {
            Some(role) => {
                // Steps, evaluation and the views' rendering each get a task
                // of their own, so none of them adds to another's length.
                session.chunk(role, false).await;
                yield_now().await;
                if session.evaluation_due() {
                    session.evaluate(role).await;
                    yield_now().await;
                }
            }
            None => match commands.next().await {
                Some(command) => session.handle(command, &yield_now).await,
                None => return,
            },
        }
    }
}

impl Session {
    pub fn new(config: PlaygroundConfig, source: Box<dyn DeviceSource>, events: UnboundedSender<Event>, budget: Duration) -> Self {
        let config = config.normalised();
        let (backend, devices) = (BackendKind::Cpu, source.cpu());
        let dataset = Dataset::generate(&config.dataset);
        let data = DeviceData::new(&dataset, &devices);
        let teacher = Self::new_teacher(&config, &dataset, &devices);
        Self {
            config,
            backend,
            devices,
            source,
            dataset,
            data,
            teacher,
            teacher_outputs: None,
            students: None,
            ladder: vec![],
            student_data: None,
            strategy: None,
            playing: None,
            events,
            budget,
            rate: 0.0,
            last_eval: None,
            eval_cost: Duration::ZERO,
            stale: false,
            warm: false,
            last_throughput: None,
        }
    }

    fn new_teacher(config: &PlaygroundConfig, dataset: &Dataset, devices: &Devices) -> SupervisedRun {
        let spec = config.teacher_spec(dataset.train.dim, dataset.classes);
        SupervisedRun::new(&spec, config.seed, dataset.train.len(), devices)
    }

    fn emit(&self, event: Event) {
        // A closed receiver means the page went away; nothing left to tell.
        let _ = self.events.unbounded_send(event);
    }

    fn set_playing(&mut self, role: Option<Role>) {
        self.playing = role;
        self.rate = 0.0;
        self.emit(Event::Running(role));
    }

    fn pause(&mut self, role: Role) {
        if self.playing == Some(role) {
            self.set_playing(None);
        }
    }

    fn clear_strategy(&mut self) {
        self.pause(Role::Strategy);
        if self.strategy.take().is_some() {
            self.emit(Event::Cleared(Role::Strategy));
        }
    }

    /// The students' transfer set (the run seed's share of the training rows) on `devices`.
    fn transfer_data(&self, devices: &Devices) -> DeviceData {
        DeviceData::new(&transfer_set(&self.dataset, self.config.transfer_share, self.config.seed), devices)
    }

    /// One throwaway step of a teacher and a student pair of the configured
    /// shapes, so the page's first real step does not pay for cold code
    /// (the browser compiles wasm functions on first use): a one-off cost at
    /// start-up rather than a long task once the user presses play.
    async fn warm_up(&mut self) {
        let mut teacher = Self::new_teacher(&self.config, &self.dataset, &self.devices);
        let _ = read_loss(teacher.step(&self.data, self.config.batch_size, self.config.learning_rate)).await;
        let _ = teacher.net.outputs(&self.data).await;
        let spec = self.config.student_spec(self.dataset.train.dim, self.dataset.classes);
        let mut pair = StudentPair::new(&spec, self.config.seed, &teacher.net, &self.data, &self.devices);
        let (kd, _) = pair.step(&self.data, &self.config.step_params());
        let _ = read_loss(kd).await;
    }

    fn clear_students(&mut self) {
        if self.students.take().is_some() {
            self.emit(Event::Cleared(Role::Students));
        }
    }

    /// After `self.teacher` was replaced (reset, new settings, loaded
    /// weights, a lost device): nothing that learned from the old teacher
    /// stays, and its charts start over from a fresh evaluation.
    async fn teacher_replaced(&mut self) {
        self.set_playing(None);
        self.clear_students();
        self.clear_strategy();
        self.emit(Event::Cleared(Role::Teacher));
        self.evaluate_teacher().await;
    }

    async fn handle<Y: Future<Output = ()>>(&mut self, command: Command, yield_now: &impl Fn() -> Y) {
        match command {
            Command::Configure(config) => match Dataset::ready(&config.dataset) {
                Ok(()) => self.configure(config.normalised()).await,
                Err(why) => self.emit(Event::Error(super::protocol::Failure::Data(why))),
            },
            // The session's host installs the data; nothing to do here.
            Command::ProvideMnist(_) | Command::ProvideTable(_) => {}
            Command::SetBackend(kind) => match self.source.devices(kind) {
                Some(devices) => self.set_backend(kind, devices).await,
                None => self.emit(Event::Notice(Notice::BackendUnavailable { wanted: kind, staying_on: self.backend })),
            },
            Command::Play(role) => {
                if self.prepare(role) {
                    self.set_playing(Some(role));
                }
            }
            Command::Pause(role) => {
                self.set_playing(None);
                if self.stale {
                    self.evaluate(role).await;
                }
            }
            Command::Step(role) => {
                self.set_playing(None);
                if self.prepare(role) {
                    self.chunk(role, true).await;
                    self.evaluate(role).await;
                }
            }
            Command::Reset(Role::Teacher) => {
                self.teacher = Self::new_teacher(&self.config, &self.dataset, &self.devices);
                self.teacher_replaced().await;
            }
            Command::Reset(Role::Students) => {
                self.pause(Role::Students);
                self.clear_students();
            }
            Command::Reset(Role::Strategy) => self.clear_strategy(),
            Command::Predict(row) => self.predict(row).await,
            Command::FallBackToCpu(reason) => self.fall_back_to_cpu(self.source.cpu(), reason).await,
            Command::ExportWeights => self.export_weights().await,
            Command::ExportOnnx(model) => self.export_onnx(model).await,
            Command::ExportLadderOnnx(index) => self.export_ladder_onnx(index),
            Command::MeasureCosts => self.measure_costs(yield_now).await,
            Command::CompressionLadder(plan) => self.compression_ladder(plan, yield_now).await,
            Command::ImportWeights(models) => self.import_weights(models).await,
            Command::LoadWeightsFile(bytes) => self.load_weights_file(&bytes).await,
            // The host runs these beside the session (`ui::session_host`).
            Command::ProbeBackends(_) | Command::RunExperiment { .. } | Command::CancelExperiment => {}
        }
    }

    /// Readies `role` to train; false (with a notice) when it cannot yet.
    fn prepare(&mut self, role: Role) -> bool {
        match role {
            Role::Teacher => {
                // The students learned from the teacher as it was: it is about to change.
                self.clear_students();
                if matches!(self.strategy, Some(Strategy::BornAgain(_))) {
                    self.clear_strategy();
                }
                true
            }
            Role::Strategy if self.config.strategy.kind == StrategyKind::BornAgain && self.teacher.steps == 0 => {
                self.emit(Event::Notice(Notice::TrainTeacherFirst { for_role: Role::Strategy }));
                false
            }
            Role::Strategy => {
                if self.strategy.is_none() {
                    let (dim, classes) = (self.dataset.train.dim, self.dataset.classes);
                    self.strategy = Some(Strategy::new(&self.config, dim, classes, &self.teacher.net, &self.data, &self.devices));
                }
                let finished = self.strategy.as_mut().is_some_and(|s| s.run_mut().finished());
                if finished {
                    self.emit(Event::Notice(Notice::EveryGenerationTrained));
                }
                !finished
            }
            Role::Students if self.teacher.steps == 0 => {
                self.emit(Event::Notice(Notice::TrainTeacherFirst { for_role: Role::Students }));
                false
            }
            Role::Students => {
                if self.students.is_none() {
                    let spec = self.config.student_spec(self.dataset.train.dim, self.dataset.classes);
                    let transfer = self.transfer_data(&self.devices);
                    self.students = Some(StudentPair::new(&spec, self.config.seed, &self.teacher.net, &transfer, &self.devices));
                    self.student_data = Some(transfer);
                }
                true
            }
        }
    }

    async fn configure(&mut self, config: PlaygroundConfig) {
        let old = std::mem::replace(&mut self.config, config);
        let new = self.config.clone();
        if old.dataset != new.dataset || old.teacher != new.teacher || old.seed != new.seed {
            self.set_playing(None);
            self.dataset = Dataset::generate(&new.dataset);
            self.data = DeviceData::new(&self.dataset, &self.devices);
            self.teacher = Self::new_teacher(&new, &self.dataset, &self.devices);
            self.teacher_replaced().await;
        } else {
            if old.student != new.student || old.transfer_share != new.transfer_share {
                self.pause(Role::Students);
                self.clear_students();
            }
            if old.strategy != new.strategy || old.student != new.student {
                self.clear_strategy();
            }
        }
        // Learning rate, batch size, α and T apply from the next step on.
    }
}

/// Runs a CPU session of `config` through `commands` to the end and returns
/// every event it emitted: the session tests' driver, and `kd export`'s
/// (the page's own training, without the page).
#[cfg(any(test, not(target_arch = "wasm32")))]
pub fn run_commands(config: &PlaygroundConfig, commands: Vec<Command>) -> Vec<Event> {
    use futures::channel::mpsc::unbounded;
    use futures::executor::block_on;
    let (tx, rx) = unbounded();
    let (etx, erx) = unbounded();
    for c in commands {
        tx.unbounded_send(c).expect("the receiver is alive");
    }
    drop(tx);
    block_on(run_session(config.clone(), Box::new(CpuOnly), rx, etx, || async {}, Duration::from_millis(5)));
    block_on(erx.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_answers_commands_with_events() {
        let mut commands = vec![Command::Play(Role::Students)]; // refused: the teacher is untrained
        commands.extend((0..3).map(|_| Command::Step(Role::Teacher)));
        commands.push(Command::Step(Role::Students));
        let events = run_commands(&PlaygroundConfig::default(), commands);
        assert!(matches!(events[0], Event::BackendActive(BackendKind::Cpu)));
        assert!(events.iter().any(|e| matches!(e, Event::Notice(Notice::TrainTeacherFirst { for_role: Role::Students }))));
        let teacher_steps: Vec<usize> = events
            .iter()
            .filter_map(|e| match e {
                Event::TeacherProgress { step, .. } => Some(*step),
                _ => None,
            })
            .collect();
        assert_eq!(teacher_steps, vec![0, 1, 2, 3]);
        let students: Vec<_> = events
            .iter()
            .filter_map(|e| match e {
                Event::StudentsProgress { step, distilled, scratch } => Some((*step, *distilled, *scratch)),
                _ => None,
            })
            .collect();
        assert_eq!(students.len(), 1);
        let (step, distilled, scratch) = students[0];
        assert_eq!(step, 1);
        for m in [distilled, scratch] {
            assert!(m.test_loss.is_finite() && (0.0..=1.0).contains(&m.test_accuracy) && m.kl_to_teacher >= 0.0, "{m:?}");
        }
        assert!(events.iter().any(|e| matches!(e, Event::StudentsOutputs { distilled, .. } if distilled.grid.len() == 48 * 48 * 3)));
    }
}
