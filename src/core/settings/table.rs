//! The entries, in the config's order. Every number is written here only,
//! except the model's size limits, which the model itself enforces and the
//! table reads; constants elsewhere (`MAX_PEERS`, `MIN_POINTS`, …) are read
//! from these entries.

use super::{Kind, Scale, Setting};
use crate::core::model::{MAX_CONV_BLOCKS, MAX_DEPTH, MAX_WIDTH};

/// Layers a feature term can read: blocks + hidden layers + the logits.
const MAX_LAYER: f64 = (MAX_CONV_BLOCKS + MAX_DEPTH + 1) as f64;

/// What most entries share; each entry states the rest.
const BASE: Setting = Setting { path: "", name: "", label: "", help: "", kind: Kind::Whole, min: 0.0, max: 0.0, step: 1.0, scale: Scale::Linear };

/// The groups of settings, as notices name them (`teacher=5` is "Teacher").
pub const GROUPS: [(&str, &str); 6] =
    [("", "the settings"), ("dataset", "dataset"), ("teacher", "teacher"), ("student", "student"), ("knowledge", "knowledge"), ("strategy", "strategy")];

pub const DATASET_KIND: Setting = Setting {
    path: "dataset.kind",
    name: "dataset",
    label: "Dataset",
    help: "Which dataset to learn: a 2-D shape, the digits, MNIST, or a table (an example or your CSV file).",
    kind: Kind::Name,
    ..BASE
};
pub const DATASET_CLASSES: Setting = Setting {
    path: "dataset.classes",
    name: "number of classes",
    label: "Classes",
    help: "2–5 for spiral, circles and blobs; moons and xor have 2, digits 10.",
    min: 2.0,
    max: 5.0,
    ..BASE
}; // narrowed per dataset: DatasetKind::class_range
pub const DATASET_POINTS: Setting = Setting {
    path: "dataset.points",
    name: "number of points",
    label: "Points",
    help: "Train and test together (2-D data: at most 2,000; digits: 1,797; MNIST: 10,000).",
    min: 40.0,
    max: 10000.0,
    step: 10.0,
    ..BASE
}; // narrowed for the 2-D data and the digits: DatasetKind::max_points
pub const DATASET_NOISE: Setting = Setting {
    path: "dataset.noise",
    name: "noise",
    label: "Noise",
    help: "Gaussian jitter added to every point (0–1); not used for the digits.",
    kind: Kind::Real,
    min: 0.0,
    max: 1.0,
    step: 0.05,
    ..BASE
};
pub const DATASET_TEST_FRACTION: Setting = Setting {
    path: "dataset.test_fraction",
    name: "test share",
    label: "Test share",
    help: "Share of points held out for testing.",
    kind: Kind::Real,
    min: 0.1,
    max: 0.9,
    step: 0.05,
    ..BASE
};
pub const DATASET_SEED: Setting = Setting {
    path: "dataset.seed",
    name: "data seed",
    label: "Data seed",
    help: "Another seed, another draw of the same shape.",
    kind: Kind::Seed,
    max: 1e9,
    ..BASE
};

pub const TEACHER_DEPTH: Setting = Setting {
    path: "teacher.depth",
    name: "teacher depth",
    label: "Hidden layers",
    help: "Dense hidden layers of the teacher (0–6).",
    max: MAX_DEPTH as f64,
    ..BASE
};
pub const TEACHER_WIDTH: Setting =
    Setting { path: "teacher.width", name: "teacher width", label: "Width", help: "Units per hidden layer.", min: 1.0, max: MAX_WIDTH as f64, ..BASE };
pub const STUDENT_DEPTH: Setting =
    Setting { path: "student.depth", name: "student depth", label: "Hidden layers", help: "Depth of both students.", max: MAX_DEPTH as f64, ..BASE };
pub const STUDENT_WIDTH: Setting = Setting {
    path: "student.width",
    name: "student width",
    label: "Width",
    help: "Units per hidden layer of both students.",
    min: 1.0,
    max: MAX_WIDTH as f64,
    ..BASE
};

/// Convolutional blocks in front of a network's dense layers (image data only).
const CONV_BLOCKS: Setting = Setting {
    name: "",
    label: "Conv blocks",
    help: "Convolutional blocks (conv → ReLU → 2×2 max-pool) before the dense layers; 0 = a plain MLP. Image data only (digits, MNIST).",
    max: MAX_CONV_BLOCKS as f64,
    ..BASE
};
const CONV_CHANNELS: Setting =
    Setting { name: "", label: "Channels", help: "Feature maps of the first block; each further block doubles them.", min: 1.0, max: 64.0, ..BASE };
const CONV_KERNEL: Setting =
    Setting { name: "", label: "Kernel", help: "Side of each convolution's square kernel (zero-padded to keep the size).", min: 1.0, max: 7.0, ..BASE };
const DROPOUT: Setting = Setting {
    name: "",
    label: "Dropout",
    help: "Share of hidden dense units dropped at each training step (Hinton et al.'s MNIST teacher: 0.5); 0 = none.",
    kind: Kind::Real,
    max: 0.8,
    step: 0.05,
    ..BASE
};
pub const TEACHER_CONV: Setting = Setting { path: "teacher.conv", name: "teacher conv blocks", ..CONV_BLOCKS };
pub const TEACHER_CHANNELS: Setting = Setting { path: "teacher.channels", name: "teacher channels", ..CONV_CHANNELS };
pub const TEACHER_KERNEL: Setting = Setting { path: "teacher.kernel", name: "teacher kernel", ..CONV_KERNEL };
pub const TEACHER_DROPOUT: Setting = Setting { path: "teacher.dropout", name: "teacher dropout", ..DROPOUT };
pub const STUDENT_CONV: Setting =
    Setting { path: "student.conv", name: "student conv blocks", help: "Convolutional blocks of both students (see the teacher's).", ..CONV_BLOCKS };
pub const STUDENT_CHANNELS: Setting = Setting { path: "student.channels", name: "student channels", ..CONV_CHANNELS };
pub const STUDENT_KERNEL: Setting = Setting { path: "student.kernel", name: "student kernel", ..CONV_KERNEL };
pub const STUDENT_DROPOUT: Setting = Setting { path: "student.dropout", name: "student dropout", ..DROPOUT };

pub const LEARNING_RATE: Setting = Setting {
    path: "learning_rate",
    name: "learning rate",
    label: "Learning rate",
    help: "Adam's step size for teacher and students. Too large and the loss diverges (the run stops and says so).",
    kind: Kind::Real,
    min: 1e-5,
    max: 10.0,
    step: 0.001,
    ..BASE
};
pub const BATCH_SIZE: Setting =
    Setting { path: "batch_size", name: "batch size", label: "Batch size", help: "Training points per optimisation step.", min: 1.0, max: 512.0, ..BASE };
pub const TEMPERATURE: Setting = Setting {
    path: "temperature",
    name: "temperature T",
    label: "T",
    help: "The temperature of the soft targets shown and distilled from.",
    kind: Kind::Real,
    min: 0.1,
    max: 50.0,
    step: 0.01,
    scale: Scale::Log,
};
pub const ALPHA: Setting = Setting {
    path: "alpha",
    name: "α",
    label: "Soft targets α",
    help: "Response-based: α·T²·KL(teacher_T ‖ student_T), the rest (1−α) on the labels.",
    kind: Kind::Real,
    min: 0.0,
    max: 1.0,
    step: 0.05,
    ..BASE
};

/// A knowledge term's weight: a real number in [0, MAX_WEIGHT], 0 by default.
/// (RKD's published defaults are 25 and 50.)
const WEIGHT: Setting = Setting { kind: Kind::Real, max: 100.0, ..BASE };

pub const LOGIT_MSE: Setting = Setting {
    path: "knowledge.logit_mse",
    name: "logit mse weight",
    label: "Logit MSE",
    help: "Weight of the mean squared difference of raw logits.",
    step: 0.1,
    ..WEIGHT
};
pub const HINT: Setting = Setting {
    path: "knowledge.hint",
    name: "hint weight",
    label: "Hint (FitNets)",
    help: "Weight of ½‖r(student layer) − teacher layer‖².",
    step: 0.1,
    ..WEIGHT
};
pub const RKD_DISTANCE: Setting = Setting {
    path: "knowledge.rkd_distance",
    name: "rkd distance weight",
    label: "RKD distance",
    help: "Weight of the RKD distance loss (Park et al.'s default: 25).",
    ..WEIGHT
};
pub const RKD_ANGLE: Setting = Setting {
    path: "knowledge.rkd_angle",
    name: "rkd angle weight",
    label: "RKD angle",
    help: "Weight of the RKD angle loss (Park et al.'s default: 50).",
    ..WEIGHT
};
pub const SIMILARITY_PRESERVING: Setting = Setting {
    path: "knowledge.similarity_preserving",
    name: "similarity preserving weight",
    label: "Similarity-preserving",
    help: "Weight of the SP loss on row-normalised batch Gram matrices.",
    step: 0.1,
    ..WEIGHT
};
pub const ATTENTION: Setting = Setting {
    path: "knowledge.attention",
    name: "attention transfer weight",
    label: "Attention transfer",
    help: "Weight of attention transfer: match where the networks look — Σ over channels of |A|², normalised — on a pair of conv blocks.",
    step: 10.0,
    max: 1000.0,
    ..WEIGHT
};
pub const TEACHER_LAYER: Setting = Setting {
    path: "knowledge.teacher_layer",
    name: "teacher layer",
    label: "Teacher layer",
    help: "The teacher's layer the FitNets hint reads: 1 = first block or hidden layer, the last = logits.",
    min: 1.0,
    max: MAX_LAYER,
    ..BASE
}; // narrowed to the network's depth + 1 by Knowledge::normalised
pub const STUDENT_LAYER: Setting = Setting {
    path: "knowledge.student_layer",
    name: "student layer",
    label: "Student layer",
    help: "The student's layer the hint guides: 1 = first block or hidden layer, the last = logits.",
    min: 1.0,
    max: MAX_LAYER,
    ..BASE
}; // narrowed to the network's depth + 1 by Knowledge::normalised
const LAYER: Setting = Setting { name: "", label: "", help: "", min: 1.0, max: MAX_LAYER, ..BASE };
pub const ATTENTION_TEACHER_LAYER: Setting = Setting {
    path: "knowledge.attention_teacher_layer",
    name: "attention teacher layer",
    label: "AT teacher layer",
    help: "The teacher's block whose attention map the student matches.",
    ..LAYER
};
pub const ATTENTION_STUDENT_LAYER: Setting = Setting {
    path: "knowledge.attention_student_layer",
    name: "attention student layer",
    label: "AT student layer",
    help: "The student's block that matches it.",
    ..LAYER
};
pub const RELATION_TEACHER_LAYER: Setting = Setting {
    path: "knowledge.relation_teacher_layer",
    name: "relation teacher layer",
    label: "Relations: teacher layer",
    help: "The teacher's layer whose sample-to-sample relations RKD and SP read (conv maps are pooled per channel).",
    ..LAYER
};
pub const RELATION_STUDENT_LAYER: Setting = Setting {
    path: "knowledge.relation_student_layer",
    name: "relation student layer",
    label: "Relations: student layer",
    help: "The student's layer whose relations must match.",
    ..LAYER
};
pub const HINT_STAGE_STEPS: Setting = Setting {
    path: "knowledge.hint_stage_steps",
    name: "hint stage steps",
    label: "Hint stage (steps)",
    help: "FitNets' stage-wise schedule: this many first steps train only the hint; 0 = none.",
    max: 100_000.0,
    step: 50.0,
    ..BASE
};

pub const STRATEGY_KIND: Setting =
    Setting { path: "strategy.kind", name: "strategy", label: "Strategy", help: "What panel 5 trains.", kind: Kind::Name, ..BASE };
pub const PEERS: Setting = Setting {
    path: "strategy.peers",
    name: "mutual-learning peers",
    label: "Peers",
    help: "Cohort size: 2 is DML's pair; more peers each learn from the mean of the others.",
    min: 2.0,
    max: 5.0,
    ..BASE
};
pub const GENERATIONS: Setting = Setting {
    path: "strategy.generations",
    name: "born-again generations",
    label: "Generations",
    help: "How many born-again generations to train in a row.",
    min: 1.0,
    max: 5.0,
    ..BASE
};
pub const STEPS_PER_GENERATION: Setting = Setting {
    path: "strategy.steps_per_generation",
    name: "steps per generation",
    label: "Steps per generation",
    help: "Optimisation steps before a generation becomes the next one's teacher.",
    min: 10.0,
    max: 20_000.0,
    step: 50.0,
    ..BASE
};

pub const TRANSFER_SHARE: Setting = Setting {
    path: "transfer_share",
    name: "transfer share",
    label: "Transfer set share",
    help: "Share of the training points the students see; the teacher saw all. Small shares show how much more a soft target teaches than a label.",
    kind: Kind::Real,
    min: 0.01,
    max: 1.0,
    step: 0.05,
    ..BASE
};
pub const SEED: Setting = Setting {
    path: "seed",
    name: "seed",
    label: "Seed",
    help: "Seeds weight initialisation and batch order (the dataset has its own).",
    kind: Kind::Seed,
    max: u64::MAX as f64,
    ..BASE
};
pub const BACKEND: Setting = Setting {
    path: "backend",
    name: "backend",
    label: "Backend",
    help: "Auto picks whichever backend a short timed probe finds faster for the current teacher.",
    kind: Kind::Name,
    ..BASE
};

/// Every setting, in the config's (and the link's) order.
pub const ALL: [&Setting; 42] = [
    &DATASET_KIND,
    &DATASET_CLASSES,
    &DATASET_POINTS,
    &DATASET_NOISE,
    &DATASET_TEST_FRACTION,
    &DATASET_SEED,
    &TEACHER_DEPTH,
    &TEACHER_WIDTH,
    &TEACHER_CONV,
    &TEACHER_CHANNELS,
    &TEACHER_KERNEL,
    &TEACHER_DROPOUT,
    &STUDENT_DEPTH,
    &STUDENT_WIDTH,
    &STUDENT_CONV,
    &STUDENT_CHANNELS,
    &STUDENT_KERNEL,
    &STUDENT_DROPOUT,
    &LEARNING_RATE,
    &BATCH_SIZE,
    &TEMPERATURE,
    &ALPHA,
    &LOGIT_MSE,
    &HINT,
    &RKD_DISTANCE,
    &RKD_ANGLE,
    &SIMILARITY_PRESERVING,
    &ATTENTION,
    &TEACHER_LAYER,
    &STUDENT_LAYER,
    &ATTENTION_TEACHER_LAYER,
    &ATTENTION_STUDENT_LAYER,
    &RELATION_TEACHER_LAYER,
    &RELATION_STUDENT_LAYER,
    &HINT_STAGE_STEPS,
    &STRATEGY_KIND,
    &PEERS,
    &GENERATIONS,
    &STEPS_PER_GENERATION,
    &TRANSFER_SHARE,
    &SEED,
    &BACKEND,
];
