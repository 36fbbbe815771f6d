//! Distillation strategies beyond the offline teacher → student of
//! [`super::trainer::StudentPair`] (Gou et al. 2021, §4):
//!
//! - **Online**: deep mutual learning (Zhang et al. 2018). A cohort of peers
//!   trains at once on the same batches; each minimises its cross-entropy plus
//!   the mean KL from every other peer's prediction to its own (at T = 1, as in
//!   the paper), the others' predictions held fixed for that step. With two
//!   peers this is DML; with more, the cohort version.
//! - **Self-distillation with early exits** ("Be Your Own Teacher", Zhang et
//!   al. 2019): a linear classifier after every hidden layer of one network;
//!   the deepest output teaches each shallower exit (α·T²·KL + (1−α)·CE), the
//!   deepest learns from the labels, and all of it trains the shared trunk.
//! - **Born-again networks** (Furlanello et al. 2018): a [`StudentPair`]
//!   whose student has the teacher's architecture, repeated with each
//!   generation as the next one's teacher.
//!
//! Each implements [`Run`], so the session trains, measures and rolls them
//! back like the others; [`Strategy`] is the one the config names.

use burn::prelude::*;

use super::config::PlaygroundConfig;
use super::distill::{cross_entropy, kd_kl_loss, kd_loss};
use super::metrics::accuracy;
use super::model::{NetSpec, NetWeights};
use super::names::NetworkName;
use super::net::{Net, read_f32};
use super::rng::SeededRng;
use super::strategy_config::StrategyKind;
use super::trainer::{BatchSampler, Classifier, DeviceData, Devices, Run, StepParams, StudentPair, salts};

/// A cohort of peers learning from the labels and from each other.
pub struct MutualCohort {
    pub peers: Vec<Classifier>,
    sampler: BatchSampler,
    pub steps: usize,
}

impl MutualCohort {
    /// `specs.len()` peers (at least two), each with its own seeded initialisation.
    pub fn new(specs: &[NetSpec], seed: u64, n_train: usize, devices: &Devices) -> Self {
        assert!(specs.len() >= 2, "mutual learning needs at least two peers");
        let peers = specs
            .iter()
            .enumerate()
            .map(|(i, spec)| Classifier::new(&NetWeights::init(spec, &mut SeededRng::new(seed ^ (salts::MUTUAL_PEER_WEIGHTS + i as u64))), devices))
            .collect();
        Self { peers, sampler: BatchSampler::new(n_train, seed ^ salts::MUTUAL_BATCHES), steps: 0 }
    }
}

impl Run for MutualCohort {
    /// One loss per peer: CE + mean over the others of KL(p_other ‖ p_self).
    fn train_step(&mut self, data: &DeviceData, p: &StepParams) -> Vec<Tensor<1>> {
        let (x, y, _) = data.batch(&self.sampler.next_batch(p.batch_size));
        let logits: Vec<Tensor<2>> = self.peers.iter().map(|peer| peer.model.forward(x.clone())).collect();
        let others = (self.peers.len() - 1) as f32;
        let losses: Vec<Tensor<1>> = (0..self.peers.len())
            .map(|i| {
                let mimicry = (0..self.peers.len())
                    .filter(|&j| j != i)
                    .map(|j| kd_kl_loss(logits[i].clone(), logits[j].clone().detach(), 1.0))
                    .reduce(|a, b| a + b)
                    .expect("at least one other peer");
                cross_entropy(logits[i].clone(), y.clone()) + mimicry / others
            })
            .collect();
        // Each loss depends on its own peer only (the others are detached),
        // so one backward pass over the sum gives every peer its own gradient.
        let mut grads = losses.iter().cloned().reduce(|a, b| a + b).expect("peers").backward();
        for peer in &mut self.peers {
            peer.apply_share(&mut grads, p.learning_rate);
        }
        self.steps += 1;
        losses.into_iter().map(|l| l.detach()).collect()
    }

    fn networks_mut(&mut self) -> Vec<&mut Classifier> {
        self.peers.iter_mut().collect()
    }

    fn step_count_mut(&mut self) -> &mut usize {
        &mut self.steps
    }
}

/// One network with a classifier after every hidden layer, the deepest
/// output distilled into the shallower exits.
pub struct EarlyExitNet {
    pub trunk: Classifier,
    /// Exit i reads layer i + 1 (a block's maps or a hidden layer).
    pub exits: Vec<Classifier>,
    sampler: BatchSampler,
    pub steps: usize,
}

impl EarlyExitNet {
    pub fn new(spec: &NetSpec, seed: u64, n_train: usize, devices: &Devices) -> Self {
        let trunk = Classifier::new(&NetWeights::init(spec, &mut SeededRng::new(seed)), devices);
        // An exit on every layer but the logits: each block's maps (flattened) and each hidden layer.
        let shapes = spec.layer_shapes();
        let exits = shapes[..shapes.len() - 1]
            .iter()
            .enumerate()
            .map(|(i, &(c, h, w))| {
                let exit = NetSpec::mlp(c * h * w, vec![], spec.classes);
                Classifier::new(&NetWeights::init(&exit, &mut SeededRng::new(seed ^ (salts::EXIT_WEIGHTS + i as u64))), devices)
            })
            .collect();
        Self { trunk, exits, sampler: BatchSampler::new(n_train, seed ^ salts::EXIT_BATCHES), steps: 0 }
    }

    /// Logits of every exit, shallowest first, then the deepest output.
    fn forward_exits(trunk: &Net, exits: &[&Net], x: Tensor<2>) -> Vec<Tensor<2>> {
        let layers = trunk.forward_layers(x);
        let mut out: Vec<Tensor<2>> = exits.iter().zip(&layers).map(|(exit, h)| exit.forward(h.clone())).collect();
        out.push(layers.last().expect("logits").clone());
        out
    }

    /// Test accuracy of every exit (shallowest first, the deepest last).
    pub async fn exit_accuracies(&self, data: &DeviceData, test_labels: &[usize]) -> Result<Vec<f32>, String> {
        let exits: Vec<Net> = self.exits.iter().map(|e| e.model.valid()).collect();
        let mut accs = vec![];
        for logits in Self::forward_exits(&self.trunk.model.valid(), &exits.iter().collect::<Vec<_>>(), data.test_x(data.n_test)) {
            let values = read_f32(logits).await?;
            accs.push(accuracy(&values, test_labels, data.classes));
        }
        Ok(accs)
    }
}

impl Run for EarlyExitNet {
    /// One loss: the deepest output's CE plus, for every exit,
    /// α·T²·KL(deepest_T ‖ exit_T) + (1−α)·CE.
    fn train_step(&mut self, data: &DeviceData, p: &StepParams) -> Vec<Tensor<1>> {
        let (x, y, _) = data.batch(&self.sampler.next_batch(p.batch_size));
        let exits: Vec<&Net> = self.exits.iter().map(|e| &e.model).collect();
        let outputs = Self::forward_exits(&self.trunk.model, &exits, x);
        let (deepest, shallow) = outputs.split_last().expect("the deepest output");
        let mut loss = cross_entropy(deepest.clone(), y.clone());
        for exit in shallow {
            loss = loss + kd_loss(exit.clone(), deepest.clone().detach(), y.clone(), p.alpha, p.temperature);
        }
        let mut grads = loss.backward();
        self.trunk.apply_share(&mut grads, p.learning_rate);
        for exit in &mut self.exits {
            exit.apply_share(&mut grads, p.learning_rate);
        }
        self.steps += 1;
        vec![loss.detach()]
    }

    fn networks_mut(&mut self) -> Vec<&mut Classifier> {
        std::iter::once(&mut self.trunk).chain(self.exits.iter_mut()).collect()
    }

    fn step_count_mut(&mut self) -> &mut usize {
        &mut self.steps
    }
}

/// Born-again networks: generation g is a [`StudentPair`] whose student has
/// the teacher's architecture and learns from generation g − 1 (the trained
/// teacher for g = 1); its scratch twin (same init, labels only) is the
/// reference. After `steps_per_generation` steps the distilled student
/// becomes the next generation's teacher.
pub struct BornAgain {
    pub current: StudentPair,
    /// The generation `current` trains, from 1.
    pub generation: usize,
    pub generations: usize,
    pub steps_per_generation: usize,
    spec: NetSpec,
    seed: u64,
    devices: Devices,
}

impl BornAgain {
    pub fn new(teacher: &Classifier, data: &DeviceData, devices: &Devices, seed: u64, generations: usize, steps_per_generation: usize) -> Self {
        let spec = teacher.spec.clone();
        Self {
            current: StudentPair::new(&spec, seed ^ salts::BORN_AGAIN, teacher, data, devices),
            generation: 1,
            generations,
            steps_per_generation,
            spec,
            seed,
            devices: devices.clone(),
        }
    }

    /// Steps over all generations so far.
    pub fn total_steps(&self) -> usize {
        (self.generation - 1) * self.steps_per_generation + self.current.steps
    }
}

impl Run for BornAgain {
    fn train_step(&mut self, data: &DeviceData, p: &StepParams) -> Vec<Tensor<1>> {
        if self.current.steps >= self.steps_per_generation && self.generation < self.generations {
            let next = StudentPair::new(&self.spec, self.seed ^ (salts::BORN_AGAIN + self.generation as u64), &self.current.distilled, data, &self.devices);
            self.current = next;
            self.generation += 1;
        }
        // Born-again students learn from soft targets only as the paper's
        // response-based recipe; other knowledge terms do not apply here.
        let params = StepParams { knowledge: super::knowledge::Knowledge::default(), ..*p };
        self.current.train_step(data, &params)
    }

    fn networks_mut(&mut self) -> Vec<&mut Classifier> {
        self.current.networks_mut()
    }

    fn step_count_mut(&mut self) -> &mut usize {
        &mut self.current.steps
    }

    fn finished(&self) -> bool {
        self.generation >= self.generations && self.current.steps >= self.steps_per_generation
    }
}

/// The strategy panel 5 trains, built from the config.
pub enum Strategy {
    Mutual(MutualCohort),
    /// Boxed, as the others: a network with a classifier per layer.
    EarlyExits(Box<EarlyExitNet>),
    /// Boxed: a pair of networks plus their teacher's layer outputs.
    BornAgain(Box<BornAgain>),
}

impl Strategy {
    /// Builds `config.strategy` for data of `input` features and `classes`
    /// classes; born-again starts from the trained `teacher`.
    pub fn new(config: &PlaygroundConfig, input: usize, classes: usize, teacher: &Classifier, data: &DeviceData, devices: &Devices) -> Self {
        let s = config.strategy;
        let seed = config.seed ^ salts::STRATEGY;
        match s.kind {
            StrategyKind::Mutual => {
                let mut specs = vec![config.teacher_spec(input, classes)];
                specs.extend(std::iter::repeat_n(config.student_spec(input, classes), s.peers - 1));
                Self::Mutual(MutualCohort::new(&specs, seed, data.n_train, devices))
            }
            StrategyKind::EarlyExits => Self::EarlyExits(Box::new(EarlyExitNet::new(&config.teacher_spec(input, classes), seed, data.n_train, devices))),
            StrategyKind::BornAgain => Self::BornAgain(Box::new(BornAgain::new(teacher, data, devices, seed, s.generations, s.steps_per_generation))),
        }
    }

    pub fn run_mut(&mut self) -> &mut dyn Run {
        match self {
            Self::Mutual(r) => r,
            Self::EarlyExits(r) => r.as_mut(),
            Self::BornAgain(r) => r.as_mut(),
        }
    }

    pub fn steps(&self) -> usize {
        match self {
            Self::Mutual(r) => r.steps,
            Self::EarlyExits(r) => r.steps,
            Self::BornAgain(r) => r.total_steps(),
        }
    }

    /// The whole networks this strategy trains, named as in its chart (an
    /// early-exit net counts once, as its trunk with the deepest output).
    pub fn networks(&self) -> Vec<(NetworkName, &Classifier)> {
        match self {
            Self::Mutual(cohort) => cohort.peers.iter().enumerate().map(|(i, p)| (NetworkName::Peer(i + 1), p)).collect(),
            Self::EarlyExits(net) => vec![(NetworkName::EarlyExitNet, &net.trunk)],
            Self::BornAgain(ban) => {
                vec![(NetworkName::Generation(ban.generation), &ban.current.distilled), (NetworkName::LabelsOnlyTwin, &ban.current.scratch)]
            }
        }
    }

    /// Test accuracy of every network (or exit) this strategy trains, named
    /// for the chart's legend.
    pub async fn accuracies(&self, data: &DeviceData, test_labels: &[usize]) -> Result<Vec<(NetworkName, f32)>, String> {
        let classes = data.classes;
        let test_accuracy = async |net: &Classifier| Ok::<_, String>(accuracy(&net.test_logits(data).await?, test_labels, classes));
        match self {
            Self::Mutual(cohort) => {
                let mut named = vec![];
                for (i, peer) in cohort.peers.iter().enumerate() {
                    named.push((NetworkName::Peer(i + 1), test_accuracy(peer).await?));
                }
                Ok(named)
            }
            Self::EarlyExits(net) => {
                let accs = net.exit_accuracies(data, test_labels).await?;
                let last = accs.len() - 1;
                Ok(accs.into_iter().enumerate().map(|(i, a)| (if i == last { NetworkName::DeepestOutput } else { NetworkName::Exit(i + 1) }, a)).collect())
            }
            Self::BornAgain(ban) => Ok(vec![
                (NetworkName::Generation(ban.generation), test_accuracy(&ban.current.distilled).await?),
                (NetworkName::LabelsOnlyTwin, test_accuracy(&ban.current.scratch).await?),
            ]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dataset::{Dataset, DatasetSpec};
    use crate::core::strategy_config::StrategyConfig;
    use crate::core::trainer::{SupervisedRun, read_loss};
    use futures::executor::block_on;

    fn setting() -> (PlaygroundConfig, Dataset, Devices, DeviceData, SupervisedRun) {
        let config = PlaygroundConfig::default();
        let dataset = Dataset::generate(&DatasetSpec { points: 120, ..Default::default() });
        let devices = Devices::new(Device::flex());
        let data = DeviceData::new(&dataset, &devices);
        let teacher = SupervisedRun::new(&config.teacher_spec(2, 3), 1, dataset.train.len(), &devices);
        (config, dataset, devices, data, teacher)
    }

    #[test]
    fn each_strategy_names_one_accuracy_per_network() {
        let (config, dataset, devices, data, teacher) = setting();
        for (kind, expected) in [(StrategyKind::Mutual, 3), (StrategyKind::EarlyExits, 3), (StrategyKind::BornAgain, 2)] {
            let config = PlaygroundConfig { strategy: StrategyConfig { kind, peers: 3, ..StrategyConfig::default() }, ..config.clone() };
            let mut strategy = Strategy::new(&config, 2, 3, &teacher.net, &data, &devices);
            for loss in strategy.run_mut().train_step(&data, &config.step_params()) {
                block_on(read_loss(loss)).unwrap();
            }
            assert_eq!(strategy.steps(), 1, "{kind:?}");
            let named = block_on(strategy.accuracies(&data, &dataset.test.y)).unwrap();
            assert_eq!(named.len(), expected, "{kind:?}: {named:?}");
            assert!(named.iter().all(|(_, a)| (0.0..=1.0).contains(a)));
        }
    }

    #[test]
    fn born_again_moves_through_its_generations_and_stops() {
        let (config, _, devices, data, teacher) = setting();
        let mut ban = BornAgain::new(&teacher.net, &data, &devices, 3, 3, 10);
        let mut generations = vec![];
        while !ban.finished() {
            block_on(read_loss(ban.train_step(&data, &config.step_params()).remove(0))).unwrap();
            generations.push(ban.generation);
        }
        assert_eq!(ban.total_steps(), 30);
        assert_eq!((generations[0], generations[10], generations[29]), (1, 2, 3));
        assert_eq!(ban.current.distilled.spec, teacher.net.spec, "every generation has the teacher's architecture");
    }
}
