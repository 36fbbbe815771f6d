//! Experiments: sweeps of many runs that show an effect the literature
//! reports, shared by the native `kd` command line (and, later, the page).
//!
//! An experiment is a plan of points (one setting and one seed each); every
//! point trains a student pair — distilled and scratch, same initial
//! weights, same batches — from one teacher trained once, and yields one
//! [`ResultRow`] per student. So far: the temperature sweep (Hinton et al.
//! 2015: which T transfers most) and the small-data sweep (the share of the
//! training set the students see, with and without KD).

use serde::{Deserialize, Serialize};

use super::config::PlaygroundConfig;
use super::dataset::Dataset;
use super::metrics::{accuracy, agreement};
use super::trainer::{DeviceData, Devices, StudentPair, SupervisedRun};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExperimentKind {
    TemperatureSweep,
    SmallData,
}

impl ExperimentKind {
    pub const ALL: [ExperimentKind; 2] = [Self::TemperatureSweep, Self::SmallData];

    pub fn name(self) -> &'static str {
        match self {
            Self::TemperatureSweep => "temperature-sweep",
            Self::SmallData => "small-data",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What the swept value is called in tables.
    pub fn x_name(self) -> &'static str {
        match self {
            Self::TemperatureSweep => "temperature",
            Self::SmallData => "training share",
        }
    }
}

/// What an experiment sweeps and how long each run trains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentSpec {
    pub kind: ExperimentKind,
    /// The swept values: temperatures, or shares of the training set.
    pub values: Vec<f32>,
    pub seeds: Vec<u64>,
    pub teacher_steps: usize,
    pub student_steps: usize,
}

impl ExperimentSpec {
    /// The defaults the issue names: T in 1, 2, 4, 8, 16, 32; shares 5–100 %.
    pub fn default_for(kind: ExperimentKind) -> Self {
        let values = match kind {
            ExperimentKind::TemperatureSweep => vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0],
            ExperimentKind::SmallData => vec![0.05, 0.1, 0.25, 0.5, 1.0],
        };
        Self { kind, values, seeds: vec![0, 1, 2], teacher_steps: 1500, student_steps: 1500 }
    }

    /// Every (value, seed) point, in the order they run.
    pub fn points(&self) -> Vec<(f32, u64)> {
        self.values.iter().flat_map(|&v| self.seeds.iter().map(move |&s| (v, s))).collect()
    }
}

/// One student's result at one point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    pub x: f32,
    pub seed: u64,
    /// "distilled" or "scratch".
    pub student: String,
    pub test_accuracy: f32,
    /// Top-1 agreement with the teacher on the test set.
    pub agreement: f32,
}

/// A finished (or partial) experiment: what ran, and what it found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentResult {
    pub config: PlaygroundConfig,
    pub experiment: ExperimentSpec,
    pub teacher_test_accuracy: f32,
    pub rows: Vec<ResultRow>,
}

/// Trains the teacher once, then runs the points one at a time.
pub struct ExperimentRun {
    config: PlaygroundConfig,
    spec: ExperimentSpec,
    devices: Devices,
    dataset: Dataset,
    data: DeviceData,
    teacher: SupervisedRun,
    /// The teacher's test-set logits, for agreement.
    teacher_test: Vec<f32>,
    next: usize,
    pub result: ExperimentResult,
}

impl ExperimentRun {
    pub async fn new(config: &PlaygroundConfig, spec: &ExperimentSpec, devices: &Devices) -> Result<Self, String> {
        let config = config.normalised();
        let dataset = Dataset::generate(&config.dataset);
        let data = DeviceData::new(&dataset, devices);
        let mut teacher = SupervisedRun::new(&config.teacher_spec(dataset.train.dim, dataset.classes), config.seed, dataset.train.len(), devices);
        for _ in 0..spec.teacher_steps {
            teacher.step(&data, config.batch_size, config.learning_rate);
        }
        let teacher_test = teacher.net.test_logits(&data).await?;
        let teacher_test_accuracy = accuracy(&teacher_test, &dataset.test.y, dataset.classes);
        let result = ExperimentResult { config: config.clone(), experiment: spec.clone(), teacher_test_accuracy, rows: vec![] };
        Ok(Self { config, spec: spec.clone(), devices: devices.clone(), dataset, data, teacher, teacher_test, next: 0, result })
    }

    /// (points done, points in all).
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.spec.points().len())
    }

    /// Runs the next point; false when every point has run.
    pub async fn step(&mut self) -> Result<bool, String> {
        let Some(&(x, seed)) = self.spec.points().get(self.next) else { return Ok(false) };
        let (share, temperature) = match self.spec.kind {
            ExperimentKind::TemperatureSweep => (self.config.transfer_share, x),
            ExperimentKind::SmallData => (x, self.config.temperature),
        };
        let transfer = DeviceData::new(&self.dataset.with_transfer_share(share), &self.devices);
        let spec = self.config.student_spec(self.dataset.train.dim, self.dataset.classes);
        let mut pair = StudentPair::new(&spec, seed, &self.teacher.net, &transfer, &self.devices);
        let params = super::trainer::StepParams { temperature, ..self.config.step_params() };
        for _ in 0..self.spec.student_steps {
            pair.step(&transfer, &params);
        }
        let (c, test) = (self.dataset.classes, &self.dataset.test.y);
        for (name, net) in [("distilled", &pair.distilled), ("scratch", &pair.scratch)] {
            let logits = net.test_logits(&self.data).await?;
            self.result.rows.push(ResultRow {
                x,
                seed,
                student: name.into(),
                test_accuracy: accuracy(&logits, test, c),
                agreement: agreement(&logits, &self.teacher_test, c),
            });
        }
        self.next += 1;
        Ok(true)
    }
}

impl ExperimentResult {
    /// One line per row, with a header; the swept value under its own name.
    pub fn to_csv(&self) -> String {
        let mut out = format!("{},seed,student,test_accuracy,agreement\n", self.experiment.kind.x_name().replace(' ', "_"));
        for r in &self.rows {
            out.push_str(&format!("{},{},{},{:.4},{:.4}\n", r.x, r.seed, r.student, r.test_accuracy, r.agreement));
        }
        out
    }

    /// Mean test accuracy of `student` at each swept value, in sweep order.
    pub fn means(&self, student: &str) -> Vec<(f32, f32)> {
        self.experiment
            .values
            .iter()
            .filter_map(|&x| {
                let accs: Vec<f32> = self.rows.iter().filter(|r| r.x == x && r.student == student).map(|r| r.test_accuracy).collect();
                (!accs.is_empty()).then(|| (x, accs.iter().sum::<f32>() / accs.len() as f32))
            })
            .collect()
    }
}
