//! The training session: one async task that owns every model, takes
//! [`Command`]s and emits [`Event`]s.
//!
//! The page runs it in a web worker (`ui::session_link`; the harness
//! measured the worker ahead on throughput and dropped frames,
//! docs/PERFORMANCE.md, "Main thread or a web worker"), and on its own thread
//! where no worker starts. Either way it trains in chunks: each runs
//! optimisation steps until `budget` has passed (or, on a backend that queues
//! work, until the measured rate says the chunk is full), reads the summed
//! loss once, then awaits `yield_now`, so that a command such as Pause is
//! read within one chunk, and on the page's thread the browser can paint and
//! handle input in between. On the CPU backend a 2-64-64-3 step takes a few
//! ms, so a 12 ms budget keeps every main-thread task far below the 50 ms
//! long-task line; the browser test `longest_task_while_training_stays_short`
//! measures that.
//!
//! Offline distillation means a frozen teacher: training the teacher again
//! discards the students, who restart from it when next played.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use burn::prelude::Tensor;
use futures::StreamExt;
use futures::channel::mpsc::{TryRecvError, UnboundedReceiver, UnboundedSender};
use web_time::Instant;

use super::config::PlaygroundConfig;
use super::dataset::Dataset;
use super::events::{BackendKind, Command, Event, LayerView, LayerViews, Prediction, Role, StudentMetrics};
use super::projection::{normalised_distances, pca_2d};
use super::model::READ_FAILED;
use super::metrics::{accuracy, agreement, cross_entropy, mean_kl};
use super::strategies::Strategy;
use super::strategy_config::StrategyKind;
use super::trainer::{Classifier, DeviceData, Devices, Outputs, Run, StudentPair, SupervisedRun, read_loss, read_loss_mean};

mod costs;
mod fallback;
mod weights;
pub use costs::CostReport;
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
    dataset: Dataset,
    data: DeviceData,
    teacher: SupervisedRun,
    teacher_outputs: Option<Arc<Outputs>>,
    students: Option<StudentPair>,
    /// The students' transfer set on the device (built with the pair).
    student_data: Option<DeviceData>,
    /// Panel 5's run (it trains on all the training data).
    strategy: Option<Strategy>,
    playing: Option<Role>,
    events: UnboundedSender<Event>,
    budget: Duration,
    /// Measured steps per second (exponential moving average), 0 = unknown.
    rate: f32,
    last_eval: Option<Instant>,
    /// Steps were taken since the views were last evaluated.
    stale: bool,
    /// The active backend has run steps and one evaluation: the kernels for
    /// both shapes exist (WebGPU compiles shaders on first use). Until then
    /// the page says it is warming up and no rate is measured.
    warm: bool,
    last_throughput: Option<Instant>,
}

/// Runs a session until the command channel closes. `yield_now` must give
/// the host a turn (in the browser: a zero-delay timeout).
pub async fn run_session<Y: Future<Output = ()>>(
    config: PlaygroundConfig,
    backend: BackendKind,
    devices: Devices,
    mut commands: UnboundedReceiver<Command>,
    events: UnboundedSender<Event>,
    yield_now: impl Fn() -> Y,
    budget: Duration,
) {
    let mut session = Session::new(config, backend, devices, events, budget);
    session.emit(Event::BackendActive(backend));
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
    pub fn new(config: PlaygroundConfig, backend: BackendKind, devices: Devices, events: UnboundedSender<Event>, budget: Duration) -> Self {
        let config = config.normalised();
        let dataset = Dataset::generate(&config.dataset);
        let data = DeviceData::new(&dataset, &devices);
        let teacher = Self::new_teacher(&config, &dataset, &devices);
        Self {
            config,
            backend,
            devices,
            dataset,
            data,
            teacher,
            teacher_outputs: None,
            students: None,
            student_data: None,
            strategy: None,
            playing: None,
            events,
            budget,
            rate: 0.0,
            last_eval: None,
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

    /// The students' transfer set (a share of the training rows) on `devices`.
    fn transfer_data(&self, devices: &Devices) -> DeviceData {
        DeviceData::new(&self.dataset.with_transfer_share(self.config.transfer_share), devices)
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

    /// Trains on `devices` from now on; the rate is measured afresh there.
    fn activate(&mut self, kind: BackendKind, devices: Devices) {
        self.devices = devices;
        self.backend = kind;
        self.rate = 0.0;
        self.warm = false;
        self.emit(Event::BackendActive(kind));
    }

    async fn handle<Y: Future<Output = ()>>(&mut self, command: Command, yield_now: &impl Fn() -> Y) {
        match command {
            Command::Configure(config) => self.configure(config.normalised()).await,
            Command::SetBackend(kind, devices) => self.set_backend(kind, devices).await,
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
            Command::FallBackToCpu { devices, reason } => self.fall_back_to_cpu(devices, reason).await,
            Command::ExportWeights => self.export_weights().await,
            Command::MeasureCosts => self.measure_costs(yield_now).await,
            Command::CompressionLadder(plan) => self.compression_ladder(plan, yield_now).await,
            Command::ImportWeights(models) => self.import_weights(models).await,
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
                self.emit(Event::Notice("Train the teacher first: the first born-again generation learns from it.".into()));
                false
            }
            Role::Strategy => {
                if self.strategy.is_none() {
                    let (dim, classes) = (self.dataset.train.dim, self.dataset.classes);
                    self.strategy = Some(Strategy::new(&self.config, dim, classes, &self.teacher.net, &self.data, &self.devices));
                }
                let finished = self.strategy.as_mut().is_some_and(|s| s.run_mut().finished());
                if finished {
                    self.emit(Event::Notice("Every generation is trained; Reset to start again.".into()));
                }
                !finished
            }
            Role::Students if self.teacher.steps == 0 => {
                self.emit(Event::Notice("Train the teacher first: the students distil from it.".into()));
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

    async fn set_backend(&mut self, kind: BackendKind, devices: Devices) {
        let moved = async {
            let teacher_weights = self.teacher.net.model.weights(&self.teacher.net.spec).await?;
            let students = match &self.students {
                Some(pair) => Some((
                    pair.distilled.model.weights(&pair.distilled.spec).await?,
                    pair.scratch.model.weights(&pair.scratch.spec).await?,
                )),
                None => None,
            };
            Ok::<_, String>((teacher_weights, students))
        };
        match moved.await {
            Ok((teacher_weights, students)) => {
                self.data = DeviceData::new(&self.dataset, &devices);
                self.teacher.net = Classifier::new(&teacher_weights, &devices);
                if let Some((distilled, scratch)) = students {
                    let transfer = self.transfer_data(&devices);
                    let pair = self.students.as_mut().expect("weights were read from it");
                    pair.move_to(&distilled, &scratch, &self.teacher.net, &transfer, &devices);
                    self.student_data = Some(transfer);
                }
                // Strategy runs start over on the new backend rather than move.
                self.clear_strategy();
                self.activate(kind, devices);
            }
            Err(e) => self.emit(Event::Error(format!("could not move the models to {}: {e}", kind.label()))),
        }
    }

    /// The run `role` names, with the data it trains on (None before the
    /// students exist).
    fn run_mut(&mut self, role: Role) -> Option<(&mut dyn Run, &DeviceData)> {
        match role {
            Role::Teacher => Some((&mut self.teacher, &self.data)),
            Role::Students => Some((self.students.as_mut()? as &mut dyn Run, self.student_data.as_ref()?)),
            Role::Strategy => Some((self.strategy.as_mut()?.run_mut(), &self.data)),
        }
    }

    /// A burst of steps for `role` and one loss read. A diverged chunk is
    /// undone, stops the run and says so.
    async fn chunk(&mut self, role: Role, single_step: bool) {
        let start = Instant::now();
        if !self.warm && self.backend == BackendKind::WebGpu {
            self.emit(Event::Status(Some("Warming up WebGPU: compiling shaders for the first steps…".into())));
        }
        let max_steps = if single_step {
            1
        } else if self.backend == BackendKind::WebGpu {
            ((self.rate * QUEUED_CHUNK) as usize).clamp(1, 1000)
        } else {
            1000
        };
        let params = self.config.step_params();
        let budget = self.budget;
        let Some((run, data)) = self.run_mut(role) else { return };
        let before = run.snapshot();
        let mut sums: Vec<Tensor<1>> = vec![];
        let mut steps = 0;
        while steps < max_steps && (steps == 0 || (start.elapsed() < budget && !run.finished())) {
            let losses = run.train_step(data, &params);
            sums = if sums.is_empty() { losses } else { sums.into_iter().zip(losses).map(|(a, b)| a + b).collect() };
            steps += 1;
        }
        let mut read = Ok(());
        for sum in sums {
            if let Err(e) = read_loss_mean(sum, steps).await {
                read = Err(e);
                break;
            }
        }
        if read.is_err() {
            run.rollback(before, steps);
        }
        let at = *run.step_count_mut();
        let finished = run.finished();
        match read {
            Ok(()) => {
                self.stale = true;
                self.record_rate(steps, start);
                if finished && !single_step {
                    self.set_playing(None);
                    self.evaluate(role).await;
                    self.emit(Event::Notice("Done: every generation is trained.".into()));
                }
            }
            Err(message) if message.starts_with(READ_FAILED) => {
                self.set_playing(None);
                self.emit(Event::Error(format!("Training stopped: {} gave no results back ({message}). The last good weights are kept.", self.backend.label())));
            }
            Err(message) => {
                self.set_playing(None);
                let lr = params.learning_rate;
                self.emit(Event::Diverged {
                    role,
                    step: at + 1,
                    message: format!(
                        "Training stopped: {message} within steps {}–{}. The last good weights are kept; \
                         try a smaller learning rate (now {lr}).",
                        at + 1,
                        at + steps
                    ),
                });
            }
        }
    }

    /// Whether the playing run's views are due for a refresh.
    fn evaluation_due(&self) -> bool {
        self.stale && (!self.warm || self.last_eval.is_none_or(|t| t.elapsed() >= EVAL_EVERY))
    }

    /// Re-evaluates `role` for the views.
    async fn evaluate(&mut self, role: Role) {
        self.last_eval = Some(Instant::now());
        self.stale = false;
        match role {
            Role::Teacher => self.evaluate_teacher().await,
            Role::Students => self.evaluate_students().await,
            Role::Strategy => self.evaluate_strategy().await,
        }
        if !self.warm {
            self.warm = true;
            if self.backend == BackendKind::WebGpu {
                self.emit(Event::Status(None));
            }
        }
    }

    /// Folds a chunk's steps per second into the rate, once warm (a cold
    /// chunk's time is mostly compilation, not training).
    fn record_rate(&mut self, steps: usize, start: Instant) {
        if !self.warm {
            return;
        }
        let secs = start.elapsed().as_secs_f32().max(1e-4);
        let rate = steps as f32 / secs;
        self.rate = if self.rate == 0.0 { rate } else { 0.8 * self.rate + 0.2 * rate };
        if self.last_throughput.is_none_or(|t| t.elapsed() >= Duration::from_millis(500)) {
            self.last_throughput = Some(Instant::now());
            self.emit(Event::Throughput { backend: self.backend, steps_per_sec: self.rate });
        }
    }

    async fn evaluate_teacher(&mut self) {
        match self.teacher.net.outputs(&self.data).await {
            Ok(out) => {
                let (c, train, test) = (out.classes, &self.dataset.train.y, &self.dataset.test.y);
                self.emit(Event::TeacherProgress {
                    step: self.teacher.steps,
                    train_loss: cross_entropy(&out.train, train, c),
                    test_loss: cross_entropy(&out.test, test, c),
                    train_accuracy: accuracy(&out.train, train, c),
                    test_accuracy: accuracy(&out.test, test, c),
                });
                let out = Arc::new(out);
                self.teacher_outputs = Some(out.clone());
                self.emit(Event::TeacherOutputs(out));
            }
            Err(e) => self.emit(Event::Error(e)),
        }
    }

    async fn predict(&mut self, row: Vec<f32>) {
        if row.len() != self.dataset.train.dim {
            self.emit(Event::Notice(format!("A drawing has {} pixels but the models take {} inputs: choose the digits dataset.", row.len(), self.dataset.train.dim)));
            return;
        }
        let predicted = async {
            let teacher = self.teacher.net.predict(&row, &self.devices).await?;
            let (distilled, scratch) = match &self.students {
                Some(p) => (Some(p.distilled.predict(&row, &self.devices).await?), Some(p.scratch.predict(&row, &self.devices).await?)),
                None => (None, None),
            };
            Ok::<_, String>((teacher, distilled, scratch))
        };
        match predicted.await {
            Ok((teacher, distilled, scratch)) => self.emit(Event::Prediction(Prediction { input: row, teacher, distilled, scratch })),
            Err(e) => self.emit(Event::Error(e)),
        }
    }

    async fn evaluate_strategy(&mut self) {
        let Some(strategy) = &self.strategy else { return };
        match strategy.accuracies(&self.data, &self.dataset.test.y).await {
            Ok(accuracies) => self.emit(Event::StrategyProgress { step: strategy.steps(), accuracies }),
            Err(e) => self.emit(Event::Error(e)),
        }
    }

    async fn evaluate_students(&mut self) {
        let (Some(pair), Some(teacher)) = (&self.students, &self.teacher_outputs) else { return };
        let outputs = async { Ok::<_, String>((pair.distilled.outputs(&self.data).await?, pair.scratch.outputs(&self.data).await?)) };
        match outputs.await {
            Ok((distilled, scratch)) => {
                let (c, t) = (teacher.classes, self.config.temperature);
                let (train, test) = (&self.dataset.train.y, &self.dataset.test.y);
                let metrics = |o: &Outputs| StudentMetrics {
                    train_loss: cross_entropy(&o.train, train, c),
                    test_loss: cross_entropy(&o.test, test, c),
                    test_accuracy: accuracy(&o.test, test, c),
                    agreement: agreement(&o.test, &teacher.test, c),
                    kl_to_teacher: mean_kl(&teacher.test, &o.test, c, t),
                };
                self.emit(Event::StudentsProgress { step: pair.steps, distilled: metrics(&distilled), scratch: metrics(&scratch) });
                self.emit(Event::StudentsOutputs { distilled: Arc::new(distilled), scratch: Arc::new(scratch) });
            }
            Err(e) => self.emit(Event::Error(e)),
        }
        match self.feature_views().await {
            Ok(event) => self.emit(event),
            Err(e) => self.emit(Event::Error(e)),
        }
    }

    /// The feature-based and relation-based views: the teacher's chosen layer
    /// and both students' on the first [`FEATURE_BATCH`] test points.
    async fn feature_views(&self) -> Result<Event, String> {
        let pair = self.students.as_ref().ok_or("no students")?;
        let k = self.config.knowledge;
        let view = |(rows, width): (Vec<f32>, usize), layer: usize| LayerView { layer, points: pca_2d(&rows, width), distances: normalised_distances(&rows, width) };
        let teacher = view(self.teacher.net.layer_on_test(&self.data, k.teacher_layer, FEATURE_BATCH).await?, k.teacher_layer);
        let distilled = view(pair.distilled.layer_on_test(&self.data, k.student_layer, FEATURE_BATCH).await?, k.student_layer);
        let scratch = view(pair.scratch.layer_on_test(&self.data, k.student_layer, FEATURE_BATCH).await?, k.student_layer);
        let labels = self.dataset.test.y.iter().take(FEATURE_BATCH).copied().collect();
        Ok(Event::Features(LayerViews { labels, teacher, distilled, scratch }))
    }
}

/// Runs a CPU session of `config` through `commands` to the end and returns
/// every event it emitted (the session tests' driver).
#[cfg(test)]
fn run_commands(config: &PlaygroundConfig, commands: Vec<Command>) -> Vec<Event> {
    use burn::prelude::Device;
    use futures::channel::mpsc::unbounded;
    use futures::executor::block_on;
    let (tx, rx) = unbounded();
    let (etx, erx) = unbounded();
    for c in commands {
        tx.unbounded_send(c).expect("the receiver is alive");
    }
    drop(tx);
    block_on(run_session(config.clone(), BackendKind::Cpu, Devices::new(Device::flex()), rx, etx, || async {}, Duration::from_millis(5)));
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
        assert!(events.iter().any(|e| matches!(e, Event::Notice(n) if n.contains("Train the teacher first"))));
        let teacher_steps: Vec<usize> = events.iter().filter_map(|e| match e { Event::TeacherProgress { step, .. } => Some(*step), _ => None }).collect();
        assert_eq!(teacher_steps, vec![0, 1, 2, 3]);
        let students: Vec<_> = events.iter().filter_map(|e| match e { Event::StudentsProgress { step, distilled, scratch } => Some((*step, *distilled, *scratch)), _ => None }).collect();
        assert_eq!(students.len(), 1);
        let (step, distilled, scratch) = students[0];
        assert_eq!(step, 1);
        for m in [distilled, scratch] {
            assert!(m.test_loss.is_finite() && (0.0..=1.0).contains(&m.test_accuracy) && m.kl_to_teacher >= 0.0, "{m:?}");
        }
        assert!(events.iter().any(|e| matches!(e, Event::StudentsOutputs { distilled, .. } if distilled.grid.len() == 48 * 48 * 3)));
    }
}
