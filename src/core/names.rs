//! Names of the models the page shows, as data: the page words them
//! (`words::session`), and code that treats one model differently (the born-again
//! run's labels-only twin is drawn dashed) matches a variant.

use serde::{Deserialize, Serialize};

/// A network of panel 5's strategy run (or one of its outputs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NetworkName {
    /// Mutual learning's peer `n`, counted from 1; peer 1 has the teacher's
    /// shape, the others the student's.
    Peer(usize),
    /// Early exits: the trunk's exit `n`, counted from 1.
    Exit(usize),
    /// Early exits: the trunk's last, deepest output.
    DeepestOutput,
    /// The early-exit network as a whole (its trunk with the deepest output).
    EarlyExitNet,
    /// Born-again generation `g`, counted from 1.
    Generation(usize),
    /// The born-again generation's twin: the same net, trained on labels only.
    LabelsOnlyTwin,
}

/// A model the cost view and the compression ladder speak of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModelName {
    Teacher,
    Distilled,
    Scratch,
    Strategy(NetworkName),
}
