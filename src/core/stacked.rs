//! Sweeps trained as one computation: K same-shaped networks stacked along a
//! leading axis, so that one step of all K is one batched matmul per layer
//! (`[K, B, in] × [K, in, out]`) instead of K separate steps.
//!
//! Why: a step of a tiny MLP costs per-step overhead (the autodiff graph, one
//! kernel launch per op), not arithmetic. A temperature sweep of 6 T × 3
//! seeds trains 36 students one after the other, paying that overhead 36
//! times per step; stacked, it pays it once, and a GPU gets work wide enough
//! to be worth launching (docs/PERFORMANCE.md, "Stacked sweeps").
//!
//! The K networks stay independent: the loss is the *sum* of each network's
//! own mean loss, so each network's gradient is exactly the gradient of its
//! own loss, and Adam works element by element, so every network follows the
//! same trajectory it would alone (up to float summation order). Each net has
//! its own temperature T and soft-target weight α; a scratch student is a net
//! with α = 0 (cross-entropy on the labels alone).

use burn::module::Param;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::prelude::*;
use burn::tensor::activation::{log_softmax, relu, softmax};
use burn::tensor::{Int, TensorData};

use super::model::{NetSpec, NetWeights};
use super::net::read_f32;
use super::rng::SeededRng;
use super::trainer::{BatchSampler, Classifier, DeviceData, Devices, salts};

/// K MLPs of one shape: weights `[K, in, out]`, biases `[K, 1, out]` per layer.
#[derive(Module, Debug)]
pub struct StackedMlp {
    weights: Vec<Param<Tensor<3>>>,
    biases: Vec<Param<Tensor<3>>>,
}

impl StackedMlp {
    /// Stacks `nets` (all of one spec) in order.
    pub fn from_weights(nets: &[NetWeights], device: &Device) -> Self {
        let spec = &nets[0].spec;
        assert!(nets.iter().all(|n| n.spec == *spec), "stacked networks must share one shape");
        let k = nets.len();
        let (mut weights, mut biases) = (vec![], vec![]);
        for (layer, io) in spec.layer_sizes().windows(2).enumerate() {
            let w: Vec<f32> = nets.iter().flat_map(|n| n.layers[layer].0.iter().copied()).collect();
            let b: Vec<f32> = nets.iter().flat_map(|n| n.layers[layer].1.iter().copied()).collect();
            weights.push(Param::from_tensor(Tensor::from_data(TensorData::new(w, [k, io[0], io[1]]), device)));
            biases.push(Param::from_tensor(Tensor::from_data(TensorData::new(b, [k, 1, io[1]]), device)));
        }
        Self { weights, biases }
    }

    /// Logits `[K, B, classes]` for inputs `[K, B, input]`; ReLU between layers.
    pub fn forward(&self, x: Tensor<3>) -> Tensor<3> {
        let last = self.weights.len() - 1;
        self.weights.iter().zip(&self.biases).enumerate().fold(x, |h, (i, (w, b))| {
            let z = h.matmul(w.val()) + b.val();
            if i < last { relu(z) } else { z }
        })
    }

    /// Reads every network back, in stacking order.
    pub async fn weights(&self, spec: &NetSpec) -> Result<Vec<NetWeights>, String> {
        let k = self.weights[0].dims()[0];
        let mut nets: Vec<NetWeights> = (0..k).map(|_| NetWeights { spec: spec.clone(), layers: vec![] }).collect();
        for (w, b) in self.weights.iter().zip(&self.biases) {
            let (w, b) = (read_f32(w.val()).await?, read_f32(b.val()).await?);
            for (net, (w, b)) in nets.iter_mut().zip(w.chunks(w.len() / k).zip(b.chunks(b.len() / k))) {
                net.layers.push((w.to_vec(), b.to_vec()));
            }
        }
        Ok(nets)
    }
}

/// Each network's KD loss, `[K]`: α_k · T_k² · KL(softmax(t/T_k) ‖ softmax(s/T_k))
/// plus (1 − α_k) · CE(y, s), each averaged over its own batch: the stacked
/// twin of [`super::distill::kd_loss`]. `alpha` and `temperature` are `[K, 1, 1]`.
pub fn stacked_kd_loss(student: Tensor<3>, teacher: Tensor<3>, labels: Tensor<3>, alpha: Tensor<3>, temperature: Tensor<3>) -> Tensor<1> {
    let k = student.dims()[0];
    let p_teacher = softmax(teacher.clone() / temperature.clone(), 2);
    let log_p_teacher = log_softmax(teacher / temperature.clone(), 2);
    let log_p_student = log_softmax(student.clone() / temperature.clone(), 2);
    let kl = (p_teacher * (log_p_teacher - log_p_student)).sum_dim(2).mean_dim(1) * temperature.clone() * temperature;
    let ce = (labels * log_softmax(student, 2)).sum_dim(2).mean_dim(1).neg();
    (kl * alpha.clone() + ce * (alpha.neg() + 1.0)).reshape([k])
}

/// What one stacked network learns: its initial weights' seed (which also
/// seeds its batches, as in [`super::trainer::StudentPair`], through the same
/// [`salts`]), its T and α.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StackedNet {
    pub seed: u64,
    pub temperature: f32,
    pub alpha: f32,
}

/// Students of one shape, distilled from one frozen teacher (or, with α = 0,
/// from the labels), trained together. Networks with the same seed learn
/// from the same transfer set, see the same batches and start from the same
/// weights, exactly as the two students of a [`super::trainer::StudentPair`]
/// with that seed, on that seed's transfer set, do.
pub struct StackedStudents {
    pub spec: NetSpec,
    pub nets: Vec<StackedNet>,
    pub model: StackedMlp,
    optim: ModuleOptimizer,
    /// The frozen teacher's logits on every training row.
    teacher_logits: Tensor<2>,
    /// One sampler per distinct seed, over that seed's transfer set (`rows`:
    /// indices into the training rows), and which sampler each net draws from.
    samplers: Vec<BatchSampler>,
    rows: Vec<Vec<usize>>,
    sampler_of: Vec<usize>,
    alpha: Tensor<3>,
    temperature: Tensor<3>,
    pub steps: usize,
}

impl StackedStudents {
    /// `data` holds every training row; `transfer_rows(seed)` says which of
    /// them (in which order) the networks of `seed` learn from.
    pub fn new(
        spec: &NetSpec,
        nets: Vec<StackedNet>,
        teacher: &Classifier,
        data: &DeviceData,
        transfer_rows: impl Fn(u64) -> Vec<usize>,
        devices: &Devices,
    ) -> Self {
        assert!(!nets.is_empty(), "a stack of no networks");
        let initial: Vec<NetWeights> = nets.iter().map(|n| NetWeights::init(spec, &mut SeededRng::new(n.seed ^ salts::STUDENT_WEIGHTS))).collect();
        let mut seeds: Vec<u64> = vec![];
        let sampler_of = nets
            .iter()
            .map(|n| {
                seeds.iter().position(|&s| s == n.seed).unwrap_or_else(|| {
                    seeds.push(n.seed);
                    seeds.len() - 1
                })
            })
            .collect();
        let rows: Vec<Vec<usize>> = seeds.iter().map(|&s| transfer_rows(s)).collect();
        assert!(
            rows.iter().all(|r| !r.is_empty() && r.len() == rows[0].len() && r.iter().all(|&i| i < data.n_train)),
            "transfer sets of one size, of training rows"
        );
        let per_net =
            |f: fn(&StackedNet) -> f32| Tensor::from_data(TensorData::new(nets.iter().map(f).collect::<Vec<f32>>(), [nets.len(), 1, 1]), &devices.train);
        Self {
            spec: spec.clone(),
            model: StackedMlp::from_weights(&initial, &devices.train),
            optim: AdamConfig::new().init(),
            teacher_logits: teacher.model.logits_in_chunks(data.x_train.clone()).detach(),
            samplers: rows.iter().zip(&seeds).map(|(r, &s)| BatchSampler::new(r.len(), s ^ salts::STUDENT_BATCHES)).collect(),
            rows,
            sampler_of,
            alpha: per_net(|n| n.alpha),
            temperature: per_net(|n| n.temperature),
            nets,
            steps: 0,
        }
    }

    /// One Adam step of every network; returns each one's loss `[K]` (not yet read).
    pub fn step(&mut self, data: &DeviceData, batch_size: usize, learning_rate: f32) -> Tensor<1> {
        let batches: Vec<Vec<usize>> = self.samplers.iter_mut().map(|s| s.next_batch(batch_size)).collect();
        let table = &self.rows;
        let rows: Vec<i32> = self.sampler_of.iter().flat_map(|&s| batches[s].iter().map(move |&r| table[s][r] as i32)).collect();
        let (k, b) = (self.nets.len(), batches[0].len());
        let idx = Tensor::<1, Int>::from_data(TensorData::new(rows, [k * b]), &data.x_train.device());
        let gather = |t: &Tensor<2>| {
            let width = t.dims()[1];
            t.clone().select(0, idx.clone()).reshape([k, b, width])
        };
        let (x, y, teacher) = (gather(&data.x_train), gather(&data.y_train), gather(&self.teacher_logits));
        let losses = stacked_kd_loss(self.model.forward(x), teacher, y, self.alpha.clone(), self.temperature.clone());
        let grads = GradientsParams::from_grads(losses.clone().sum().backward(), &self.model);
        self.model = self.optim.step(f64::from(learning_rate), self.model.clone(), grads);
        self.steps += 1;
        losses.detach()
    }

    /// Every network as a [`Classifier`] on `devices` (for evaluation), in order.
    pub async fn classifiers(&self, devices: &Devices) -> Result<Vec<Classifier>, String> {
        Ok(self.model.weights(&self.spec).await?.iter().map(|w| Classifier::new(w, devices)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dataset::{Dataset, DatasetSpec};
    use crate::core::distill::kd_loss;
    use crate::core::trainer::{StepParams, StudentPair, SupervisedRun, transfer_rows, transfer_set};
    use futures::executor::block_on;

    fn t3(v: &[f32], dims: [usize; 3]) -> Tensor<3> {
        Tensor::from_data(TensorData::new(v.to_vec(), dims), &Device::flex())
    }

    #[test]
    fn each_nets_loss_is_the_single_kd_loss_at_its_own_t_and_alpha() {
        let (s, t, y) = ([2.0, 1.0, 0.0, -1.0, 3.0, 0.5], [0.5, 2.5, -1.0, 1.0, 1.0, 4.0], [0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
        // Net 0 sees rows 0–1 at T = 4, α = 0.7; net 1 the same rows at T = 1, α = 0 (plain CE).
        let both = |v: &[f32; 6]| t3(&[v.as_slice(), v.as_slice()].concat(), [2, 2, 3]);
        let losses = block_on(read_f32(stacked_kd_loss(both(&s), both(&t), both(&y), t3(&[0.7, 0.0], [2, 1, 1]), t3(&[4.0, 1.0], [2, 1, 1])))).unwrap();
        let single = |alpha, temp| {
            let m = |v: &[f32; 6]| Tensor::<2>::from_data(TensorData::new(v.to_vec(), [2, 3]), &Device::flex());
            block_on(read_f32(kd_loss(m(&s), m(&t), m(&y), alpha, temp))).unwrap()[0]
        };
        assert!((losses[0] - single(0.7, 4.0)).abs() < 1e-5 && (losses[1] - single(0.0, 1.0)).abs() < 1e-5, "{losses:?}");
        // Hand value for net 1: CE of row 0 (label 1) = ln(e² + e + 1) − 1, row 1 (label 2) = ln(e⁻¹ + e³ + e^0.5) − 0.5.
        let e = std::f32::consts::E;
        let ce = (((e * e + e + 1.0).ln() - 1.0) + ((1.0 / e + e.powi(3) + e.sqrt()).ln() - 0.5)) / 2.0;
        assert!((losses[1] - ce).abs() < 1e-5, "{} vs {ce}", losses[1]);
    }

    #[test]
    fn a_stack_trains_each_net_as_its_own_student_pair_would_on_its_seeds_transfer_set() {
        let devices = Devices::new(Device::flex());
        let dataset = Dataset::generate(&DatasetSpec { points: 300, ..DatasetSpec::default() });
        let data = DeviceData::new(&dataset, &devices);
        let mut teacher = SupervisedRun::new(&NetSpec::uniform(2, 2, 32, 3), 7, data.n_train, &devices);
        for _ in 0..30 {
            teacher.step(&data, 32, 0.01);
        }
        let spec = NetSpec::uniform(2, 1, 8, 3);
        let params = |temperature| StepParams { batch_size: 32, learning_rate: 0.01, alpha: 0.6, temperature, knowledge: Default::default() };
        let nets = vec![
            StackedNet { seed: 1, temperature: 4.0, alpha: 0.6 },
            StackedNet { seed: 2, temperature: 1.5, alpha: 0.6 },
            StackedNet { seed: 1, temperature: 1.0, alpha: 0.0 },
        ];
        // Each seed's own half of the training rows.
        let mut stack = StackedStudents::new(&spec, nets, &teacher.net, &data, |seed| transfer_rows(&dataset, 0.5, seed), &devices);
        let mut pairs = [(1, 4.0), (2, 1.5)].map(|(seed, t)| {
            let transfer = DeviceData::new(&transfer_set(&dataset, 0.5, seed), &devices);
            (StudentPair::new(&spec, seed, &teacher.net, &transfer, &devices), t, transfer)
        });
        for _ in 0..40 {
            stack.step(&data, 32, 0.01);
            for (pair, t, transfer) in pairs.iter_mut() {
                pair.step(transfer, &params(*t));
            }
        }
        let stacked = block_on(stack.model.weights(&spec)).unwrap();
        let alone = [&pairs[0].0.distilled, &pairs[1].0.distilled, &pairs[0].0.scratch].map(|c| block_on(c.model.weights(&spec)).unwrap());
        for (i, (s, a)) in stacked.iter().zip(&alone).enumerate() {
            let flat = |w: &NetWeights| w.layers.iter().flat_map(|(w, b)| w.iter().chain(b)).copied().collect::<Vec<f32>>();
            let worst = flat(s).iter().zip(flat(a)).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max);
            assert!(worst < 1e-4, "net {i} drifted from its own run by {worst}");
        }
        // And they did learn something different from each other.
        assert_ne!(stacked[0], stacked[1]);
    }
}
