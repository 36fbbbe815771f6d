//! Guided tours: each is just a playground config with a title and two or
//! three sentences of commentary in the review's words (Gou et al. 2021).
//! A tour is chosen from the header or named in a link (`?tour=…`); the
//! settings it sets are ordinary settings afterwards.

use super::config::{Architecture, PlaygroundConfig};
use super::experiments::ExperimentKind;
use super::experiments::presets::{mnist_preset, preset};
use super::strategy_config::{StrategyConfig, StrategyKind};

#[derive(Debug)]
pub struct Tour {
    /// The name in links.
    pub id: &'static str,
    pub title: &'static str,
    pub commentary: &'static str,
    /// The experiment of panel 6 that shows the same effect over many runs.
    pub experiment: Option<ExperimentKind>,
    /// Or one of its MNIST presets, by id ([`super::experiments::presets::MNIST_PRESETS`]).
    pub mnist_experiment: Option<&'static str>,
    make: fn() -> PlaygroundConfig,
}

/// Tours are named things: the same id is the same tour.
impl PartialEq for Tour {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Tour {
    pub fn config(&self) -> PlaygroundConfig {
        (self.make)().normalised()
    }
}

fn strategy(kind: StrategyKind) -> PlaygroundConfig {
    let base = PlaygroundConfig::default();
    PlaygroundConfig { strategy: StrategyConfig { kind, ..base.strategy }, ..base }
}

pub static TOURS: [Tour; 8] = [
    Tour {
        id: "temperature",
        title: "What temperature does",
        commentary: "Train the teacher, then move T: at T → 0 its soft targets are the hard argmax, at large T they are uniform, and in between they show which wrong classes the teacher finds alike — the dark knowledge. Distil at T = 4 and compare with the scratch student; panel 6's temperature sweep repeats this over six temperatures and three seeds.",
        experiment: Some(ExperimentKind::TemperatureSweep),
        mnist_experiment: None,
        make: || preset(ExperimentKind::TemperatureSweep).config,
    },
    Tour {
        id: "capacity-gap",
        title: "When the teacher is too big",
        commentary: "A 4×256 teacher and a 1×8 student on the digits. A bigger teacher is more accurate, yet past some size its student gets worse (Cho & Hariharan 2019): the student cannot follow. Panel 6's capacity-gap experiment trains a ladder of teachers; a middle-sized teacher assistant (Mirzadeh et al. 2020) is one remedy.",
        experiment: Some(ExperimentKind::CapacityGap),
        mnist_experiment: None,
        make: || PlaygroundConfig { teacher: Architecture::mlp(4, 256), ..preset(ExperimentKind::CapacityGap).config },
    },
    Tour {
        id: "missing-digit",
        title: "Dark knowledge: the missing digit",
        commentary: "Hinton et al. (2015) left one digit out of the student's data: distilled at a high temperature, it still learned to recognise it from the teacher's soft targets on the other digits. Run panel 6's omitted-class experiment to see the scratch student miss every 3 and the distilled one name most of them.",
        experiment: Some(ExperimentKind::OmittedClass),
        mnist_experiment: None,
        make: || preset(ExperimentKind::OmittedClass).config,
    },
    Tour {
        id: "small-data",
        title: "Learning from few examples",
        commentary: "The students see 5 % of the training points, the teacher all of them. With so few labels the soft targets carry far more per example than the labels do, so the distilled student's lead over the scratch student is widest here.",
        experiment: Some(ExperimentKind::SmallData),
        mnist_experiment: None,
        make: || PlaygroundConfig { transfer_share: 0.05, ..preset(ExperimentKind::SmallData).config },
    },
    Tour {
        id: "mutual",
        title: "Online: deep mutual learning",
        commentary: "No pretrained teacher: a cohort of peers learns together, each from the labels and from the others' predictions (Zhang et al. 2018). Start panel 5 and watch every peer end above where it would alone.",
        experiment: None,
        mnist_experiment: None,
        make: || strategy(StrategyKind::Mutual),
    },
    Tour {
        id: "early-exits",
        title: "Self-distillation: early exits",
        commentary: "One network teaches itself: its deepest output teaches classifiers attached to its shallower layers (Zhang et al. 2019). Start panel 5 to see each exit's accuracy; shallow exits give cheaper predictions.",
        experiment: None,
        mnist_experiment: None,
        make: || PlaygroundConfig { teacher: Architecture::mlp(3, 64), ..strategy(StrategyKind::EarlyExits) },
    },
    Tour {
        id: "born-again",
        title: "Self-distillation: born-again networks",
        commentary: "A student with the teacher's own architecture learns from its soft targets, then teaches the next generation (Furlanello et al. 2018). Train the teacher, then start panel 5 and compare the generations.",
        experiment: None,
        mnist_experiment: None,
        make: || strategy(StrategyKind::BornAgain),
    },
    Tour {
        id: "hinton-mnist",
        title: "Hinton's MNIST experiment, in this tab",
        commentary: "Real handwritten digits (MNIST loads now, 1.6 MB), Hinton et al.'s 800-800 student and a small CNN teacher (their 1200-1200 dropout teacher needs far more data and time than a tab has: it is one click away in panel 2). Train the teacher for a minute or two, move T and watch the soft targets of real digits, then train the students: the distilled one learns from soft targets at T = 20, the scratch one from labels. Panel 6's Hinton table counts their test errors beside the paper's 67 / 146 / 74; its Omitted 3 preset repeats the missing-digit result.",
        experiment: None,
        mnist_experiment: Some("mnist-hinton"),
        make: hinton_mnist,
    },
];

/// Hinton et al.'s MNIST networks, as panel 6's "Hinton's MNIST table" sets them.
fn hinton_mnist() -> PlaygroundConfig {
    mnist_preset("mnist-hinton", &PlaygroundConfig::default()).expect("a preset").config
}

pub fn tour_by_id(id: &str) -> Option<&'static Tour> {
    TOURS.iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tour_is_a_valid_config_with_a_unique_id() {
        for (i, t) in TOURS.iter().enumerate() {
            assert_eq!(t.config(), t.config().normalised(), "{}", t.id);
            assert_eq!(tour_by_id(t.id).map(|f| f.title), Some(t.title));
            assert!(TOURS[..i].iter().all(|o| o.id != t.id));
        }
        assert_eq!(tour_by_id("capacity-gap").unwrap().config().teacher, Architecture::mlp(4, 256));
    }
}
