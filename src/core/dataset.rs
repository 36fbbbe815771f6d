//! Seeded 2-D toy datasets (the TensorFlow Playground shapes), the real
//! 8×8 handwritten digits and MNIST, a user's own table (a CSV file, or one
//! of the two shipped examples: [`super::table`]), and their train/test split.
//!
//! Every generator is a pure function of its [`DatasetSpec`], seed included,
//! so a spec reproduces the exact same points everywhere. Points lie roughly
//! in [-1, 1]²; [`VIEW_EXTENT`] is the square the boundary view covers.

use serde::{Deserialize, Serialize};
use std::f32::consts::PI;

use super::rng::SeededRng;
use super::settings::{DATASET_CLASSES, DATASET_NOISE, DATASET_POINTS, DATASET_TEST_FRACTION};
use super::table::{self, Standardisation, TableRef, installed};
use super::{digits, mnist};

/// Half-width of the square [-e, e]² drawn by the decision-boundary view.
pub const VIEW_EXTENT: f32 = 1.3;
/// The same for a table of two features: standardised, its values are
/// z-scores, and ±3 holds all but a few in a thousand of them.
pub const TABLE_VIEW_EXTENT: f32 = 3.0;
pub const MIN_POINTS: usize = DATASET_POINTS.min as usize;
/// The most points a 2-D generator makes (the field's own maximum is MNIST's 10,000).
pub const MAX_POINTS: usize = 2000;
const _: () = assert!(mnist::COUNT as f64 <= DATASET_POINTS.max && MAX_POINTS as f64 <= DATASET_POINTS.max, "the points field reaches every set");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatasetKind {
    Spiral,
    Moons,
    Circles,
    Blobs,
    Xor,
    /// The UCI 8×8 handwritten digits (64 inputs, 10 classes); see [`super::digits`].
    Digits,
    /// 10,000 MNIST digits, 28×28 (784 inputs, 10 classes), fetched when
    /// chosen; see [`super::mnist`].
    Mnist,
    /// A table: the user's CSV file or a shipped example, named by its
    /// fingerprint in [`DatasetSpec::table`]; not in [`DatasetKind::ALL`]
    /// (the data panel offers tables beside the kinds).
    Table,
}

impl DatasetKind {
    pub const ALL: [DatasetKind; 7] = [Self::Spiral, Self::Moons, Self::Circles, Self::Blobs, Self::Xor, Self::Digits, Self::Mnist];

    /// The name links and stored settings use (serde's, written once above).
    pub fn name(self) -> &'static str {
        super::serde_name::serde_name(&self)
    }

    /// Whether points are 2-D (a decision boundary can be drawn); a
    /// table's answer is its spec's ([`DatasetSpec::is_2d`]).
    pub fn is_2d(self) -> bool {
        !self.is_image() && self != Self::Table
    }

    /// Whether rows are square grey images (convolutional blocks apply).
    pub fn is_image(self) -> bool {
        matches!(self, Self::Digits | Self::Mnist)
    }

    /// Features per row: 2 for the shapes, the pixels for images; a
    /// table's are its spec's ([`DatasetSpec::input_dim`]).
    fn input_dim(self) -> usize {
        match self {
            Self::Digits => digits::PIXELS,
            Self::Mnist => mnist::PIXELS,
            _ => 2,
        }
    }

    /// Whether the data must be fetched before it can be used (MNIST: it
    /// is not in the page's wasm; [`super::mnist::install`]).
    pub fn is_fetched(self) -> bool {
        self == Self::Mnist
    }

    /// How many points a spec of this kind can have.
    pub fn max_points(self) -> usize {
        match self {
            Self::Digits => digits::digits().labels.len(),
            Self::Mnist => mnist::COUNT,
            Self::Table => table::MAX_ROWS,
            _ => MAX_POINTS,
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The class counts this shape allows: moons and xor are two-class by nature.
    pub fn class_range(self) -> (usize, usize) {
        match self {
            Self::Moons | Self::Xor => (2, 2),
            Self::Digits | Self::Mnist => (digits::CLASSES, digits::CLASSES),
            Self::Table => (table::MIN_CLASSES, table::MAX_CLASSES),
            _ => (DATASET_CLASSES.min as usize, DATASET_CLASSES.max as usize),
        }
    }
}

/// Everything that determines a dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetSpec {
    pub kind: DatasetKind,
    pub classes: usize,
    /// Total points, train and test together.
    pub points: usize,
    /// Standard deviation of the Gaussian jitter added to every point, in units
    /// of a fifth of the data's radius (0 = clean shapes).
    pub noise: f32,
    /// Share of the points held out for testing.
    pub test_fraction: f32,
    pub seed: u64,
    /// The table a [`DatasetKind::Table`] dataset is drawn from, by its
    /// fingerprint (a link holds no data); absent for every other kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<TableRef>,
}

impl Default for DatasetSpec {
    fn default() -> Self {
        Self { kind: DatasetKind::Spiral, classes: 3, points: 600, noise: 0.2, test_fraction: 0.3, seed: 1, table: None }
    }
}

impl DatasetSpec {
    /// Every one of the 1,797 digits, 30 % of them for testing.
    pub fn all_digits() -> Self {
        Self { kind: DatasetKind::Digits, classes: 10, points: usize::MAX, ..Self::default() }.normalised()
    }

    /// All 10,000 MNIST digits, 2,000 of them for testing (the 8,000 / 2,000 split).
    pub fn mnist() -> Self {
        Self { kind: DatasetKind::Mnist, classes: 10, points: mnist::COUNT, test_fraction: 0.2, ..Self::default() }.normalised()
    }

    /// A table's dataset: all its rows, its classes, 30 % for testing.
    pub fn table(r: TableRef) -> Self {
        Self { kind: DatasetKind::Table, classes: r.classes, points: r.rows, noise: 0.0, table: Some(r), ..Self::default() }
    }

    /// Features per row.
    pub fn input_dim(&self) -> usize {
        match (&self.table, self.kind) {
            (Some(r), DatasetKind::Table) => r.features(),
            _ => self.kind.input_dim(),
        }
    }

    /// Whether points are 2-D (a decision boundary can be drawn): the
    /// shapes, and a table of two features.
    pub fn is_2d(&self) -> bool {
        self.kind.is_2d() || (self.kind == DatasetKind::Table && self.input_dim() == 2)
    }

    /// Points held out for testing: the test share of all points, at least
    /// one, and at least one left to train on.
    pub fn test_count(&self) -> usize {
        ((self.points as f32 * self.test_fraction).round() as usize).clamp(1, self.points - 1)
    }

    /// The nearest spec the generators accept (class count the shape allows,
    /// point count and fractions within bounds): the table of settings'
    /// ranges ([`super::settings`]), narrowed by the kind.
    pub fn normalised(&self) -> Self {
        let d = Self::default();
        if self.kind == DatasetKind::Table {
            // Every row of the table, its classes; a table kind that names
            // no table is not a dataset.
            let Some(r) = self.table.as_ref().filter(|r| r.is_plausible()) else { return d };
            let test_fraction = DATASET_TEST_FRACTION.clamp_real(self.test_fraction, d.test_fraction);
            return Self { classes: r.classes, points: r.rows, noise: 0.0, test_fraction, ..self.clone() };
        }
        let (lo, hi) = self.kind.class_range();
        Self {
            kind: self.kind,
            classes: self.classes.clamp(lo, hi),
            points: self.points.clamp(MIN_POINTS, self.kind.max_points()),
            noise: DATASET_NOISE.clamp_real(self.noise, d.noise),
            test_fraction: DATASET_TEST_FRACTION.clamp_real(self.test_fraction, d.test_fraction),
            seed: self.seed,
            table: None,
        }
    }
}

/// Rows of features with their labels; `x` is row-major `[len, dim]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    pub x: Vec<f32>,
    pub y: Vec<usize>,
    pub dim: usize,
}

impl Samples {
    pub fn len(&self) -> usize {
        self.y.len()
    }

    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    pub fn row(&self, i: usize) -> &[f32] {
        &self.x[i * self.dim..(i + 1) * self.dim]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub spec: DatasetSpec,
    pub classes: usize,
    /// What each class is called: its label in a table's file, the digit,
    /// or its index for the shapes.
    pub class_names: Vec<String>,
    /// What was done to the features before training, where the data was
    /// standardised (a table); an exported model takes it as its first step.
    pub standardisation: Option<Standardisation>,
    pub train: Samples,
    pub test: Samples,
}

impl Dataset {
    /// Generates the points (classes balanced to within one point) and splits
    /// them, after a seeded shuffle, into train and test.
    pub fn generate(spec: &DatasetSpec) -> Self {
        let spec = spec.normalised();
        match spec.kind {
            DatasetKind::Digits => {
                return Self::images(spec, digits::CLASSES, digits::PIXELS, &digits::digits().labels, |i| digits::normalise(&digits::digits().pixels[i]));
            }
            DatasetKind::Mnist => {
                let all = mnist::installed().expect("MNIST is fetched before a run uses it (Dataset::ready says so)");
                return Self::images(spec, mnist::CLASSES, mnist::PIXELS, &all.labels, |i| mnist::normalise(all.image(i)));
            }
            DatasetKind::Table => {
                let r = spec.table.as_ref().expect("a table spec names its table (normalised)");
                let t = installed::table(r).expect("the table is here before a run uses it (Dataset::ready says so)");
                let s = table::split(&t, spec.test_fraction, spec.seed);
                let standardisation = Some(s.standardisation());
                return Self { classes: t.classes(), class_names: t.class_names.clone(), standardisation, train: s.train, test: s.test, spec };
            }
            _ => {}
        }
        let mut rng = SeededRng::new(spec.seed);
        let mut rows: Vec<([f32; 2], usize)> = (0..spec.points)
            .map(|i| {
                let class = i % spec.classes;
                // Position of this point along its class's shape, in [0, 1).
                let t = (i / spec.classes) as f32 / spec.points.div_ceil(spec.classes) as f32;
                let p = shape_point(spec.kind, spec.classes, class, t, &mut rng);
                let jitter = spec.noise * 0.2;
                ([p[0] + jitter * rng.normal(), p[1] + jitter * rng.normal()], class)
            })
            .collect();
        rng.shuffle(&mut rows);
        let n_test = spec.test_count();
        let (test_rows, train_rows) = rows.split_at(n_test);
        let to_samples =
            |rows: &[([f32; 2], usize)]| Samples { x: rows.iter().flat_map(|(p, _)| *p).collect(), y: rows.iter().map(|(_, c)| *c).collect(), dim: 2 };
        Self {
            classes: spec.classes,
            class_names: numbered(spec.classes),
            standardisation: None,
            train: to_samples(train_rows),
            test: to_samples(test_rows),
            spec,
        }
    }
}

/// "0", "1", … for classes with no other name (the shapes, the digits).
fn numbered(classes: usize) -> Vec<String> {
    (0..classes).map(|c| c.to_string()).collect()
}

impl Dataset {
    /// Whether [`Dataset::generate`] can make this spec now: fetched data
    /// (MNIST) must have arrived.
    pub fn ready(spec: &DatasetSpec) -> Result<(), String> {
        if spec.kind == DatasetKind::Mnist && mnist::installed().is_none() {
            return Err("the MNIST digits have not been loaded yet".into());
        }
        if spec.kind == DatasetKind::Table {
            let Some(r) = &spec.table else { return Err("no table is chosen".into()) };
            if !installed::has(r) {
                return Err(format!("the file {} has not been chosen in this tab", r.describe()));
            }
            if installed::table(r).is_none() {
                return Err(format!("the file {} does not read with column {} as the label", r.describe(), r.label + 1));
            }
        }
        Ok(())
    }

    /// `spec.points` images drawn (seeded) from a real set (`labels` and each
    /// image's pixels scaled to [0, 1] by `pixels`); the noise setting does
    /// not apply to real images.
    fn images(spec: DatasetSpec, classes: usize, dim: usize, labels: &[u8], pixels: impl Fn(usize) -> Vec<f32>) -> Self {
        let mut order: Vec<usize> = (0..labels.len()).collect();
        SeededRng::new(spec.seed).shuffle(&mut order);
        order.truncate(spec.points);
        let n_test = spec.test_count();
        let (test_rows, train_rows) = order.split_at(n_test);
        let to_samples =
            |rows: &[usize]| Samples { x: rows.iter().flat_map(|&i| pixels(i)).collect(), y: rows.iter().map(|&i| usize::from(labels[i])).collect(), dim };
        Self { classes, class_names: numbered(classes), standardisation: None, train: to_samples(train_rows), test: to_samples(test_rows), spec }
    }

    /// Half-width of the square the decision-boundary view draws (2-D data).
    pub fn view_extent(&self) -> f32 {
        if self.spec.kind == DatasetKind::Table { TABLE_VIEW_EXTENT } else { VIEW_EXTENT }
    }

    /// How many training points the transfer set of `share` keeps (at least
    /// one per class), without building it.
    pub fn transfer_len(&self, share: f32) -> usize {
        ((self.train.len() as f32 * share.clamp(0.0, 1.0)).round() as usize).clamp(self.classes.min(self.train.len()), self.train.len())
    }

    /// The training rows (indices into `train`) of the students' transfer set
    /// of `share`, drawn with `draw` (a seed): every row, in order, when the
    /// share keeps them all; otherwise a seeded draw that takes one row of
    /// each class first (where the class has one), so a small set still shows
    /// every class, then the others in the draw's order. One draw's sets are
    /// nested: a smaller share's rows are a prefix of a larger one's.
    pub fn transfer_rows(&self, share: f32, draw: u64) -> Vec<usize> {
        let n = self.transfer_len(share);
        if n >= self.train.len() {
            return (0..self.train.len()).collect();
        }
        let mut order: Vec<usize> = (0..self.train.len()).collect();
        SeededRng::new(draw).shuffle(&mut order);
        let mut seen = vec![false; self.classes];
        let (firsts, rest): (Vec<usize>, Vec<usize>) = order.into_iter().partition(|&i| !std::mem::replace(&mut seen[self.train.y[i]], true));
        firsts.into_iter().chain(rest).take(n).collect()
    }

    /// The same dataset with only these training rows, in this order.
    pub fn with_training_rows(&self, rows: &[usize]) -> Self {
        let train = Samples {
            x: rows.iter().flat_map(|&i| self.train.row(i).to_vec()).collect(),
            y: rows.iter().map(|&i| self.train.y[i]).collect(),
            dim: self.train.dim,
        };
        Self { train, ..self.clone() }
    }
}

/// One clean point of `class` (before jitter); `t` in [0, 1) walks along the shape.
fn shape_point(kind: DatasetKind, classes: usize, class: usize, t: f32, rng: &mut SeededRng) -> [f32; 2] {
    let k = class as f32;
    let kk = classes as f32;
    match kind {
        DatasetKind::Spiral => {
            // Arms start at the centre and turn ~200°, each class rotated by 2π/K.
            let r = 0.08 + 0.92 * t;
            let theta = 2.0 * PI * k / kk + 3.5 * t;
            [r * theta.cos(), r * theta.sin()]
        }
        DatasetKind::Moons => {
            let a = PI * rng.uniform();
            let (x, y) = if class == 0 { (a.cos(), a.sin()) } else { (1.0 - a.cos(), 0.5 - a.sin()) };
            [(x - 0.5) * 0.8, (y - 0.25) * 0.8]
        }
        DatasetKind::Circles => {
            let a = 2.0 * PI * rng.uniform();
            let r = 0.2 + 0.8 * k / (kk - 1.0).max(1.0);
            [r * a.cos(), r * a.sin()]
        }
        DatasetKind::Blobs => {
            let centre = 2.0 * PI * k / kk;
            [0.6 * centre.cos() + 0.18 * rng.normal(), 0.6 * centre.sin() + 0.18 * rng.normal()]
        }
        DatasetKind::Digits | DatasetKind::Mnist | DatasetKind::Table => unreachable!("real data, not generated points"),
        DatasetKind::Xor => {
            // A point in a quadrant whose sign product gives the class, kept off the axes.
            let sx = if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
            let sy = if class == 0 { sx } else { -sx };
            [sx * rng.range(0.05, 1.0), sy * rng.range(0.05, 1.0)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(y: &[usize], classes: usize) -> Vec<usize> {
        let mut c = vec![0; classes];
        y.iter().for_each(|&l| c[l] += 1);
        c
    }

    #[test]
    fn same_spec_same_points_other_seed_other_points() {
        for kind in DatasetKind::ALL.into_iter().filter(|k| !k.is_fetched()) {
            let spec = DatasetSpec { kind, ..Default::default() };
            assert_eq!(Dataset::generate(&spec), Dataset::generate(&spec), "{kind:?}");
            let other = DatasetSpec { seed: 2, ..spec.clone() };
            assert_ne!(Dataset::generate(&spec).train.x, Dataset::generate(&other).train.x, "{kind:?}");
        }
    }

    #[test]
    fn shapes_balance_and_split_sizes_are_right() {
        for kind in DatasetKind::ALL.into_iter().filter(|k| k.is_2d()) {
            for classes in 2..=5 {
                let spec = DatasetSpec { kind, classes, points: 503, test_fraction: 0.2, ..Default::default() };
                let d = Dataset::generate(&spec);
                let k = spec.normalised().classes;
                assert_eq!(d.classes, k);
                assert_eq!(d.test.len(), 101, "round(503 * 0.2)");
                assert_eq!(d.train.len(), 402);
                assert_eq!(d.train.x.len(), 2 * 402);
                assert_eq!(d.test.x.len(), 2 * 101);
                let mut all = d.train.y.clone();
                all.extend(&d.test.y);
                let c = counts(&all, k);
                let (min, max) = (c.iter().min().unwrap(), c.iter().max().unwrap());
                assert!(max - min <= 1, "{kind:?} with {k} classes: {c:?}");
                assert!(d.train.x.iter().all(|v| v.is_finite() && v.abs() < 3.0));
            }
        }
    }

    #[test]
    fn digits_are_a_seeded_split_of_the_real_images() {
        let spec = DatasetSpec { kind: DatasetKind::Digits, classes: 3, points: 5000, test_fraction: 0.25, ..Default::default() };
        let d = Dataset::generate(&spec);
        assert_eq!((d.classes, d.train.dim, d.spec.points), (10, 64, 1797), "classes and size come from the data");
        assert_eq!((d.train.len(), d.test.len()), (1348, 449));
        assert!(d.train.x.iter().chain(&d.test.x).all(|v| (0.0..=1.0).contains(v)));
        let mut all = d.train.y.clone();
        all.extend(&d.test.y);
        assert_eq!(counts(&all, 10), vec![178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
        assert_eq!(d, Dataset::generate(&spec));
        assert_ne!(d.train.y, Dataset::generate(&DatasetSpec { seed: 9, ..spec.clone() }).train.y);
        let small = Dataset::generate(&DatasetSpec { points: 200, ..spec });
        assert_eq!(small.train.len() + small.test.len(), 200);
    }

    #[test]
    fn out_of_range_specs_are_normalised() {
        let spec = DatasetSpec { kind: DatasetKind::Moons, classes: 5, points: 5, noise: f32::NAN, test_fraction: 2.0, seed: 0, table: None };
        let n = spec.normalised();
        assert_eq!((n.classes, n.points, n.noise, n.test_fraction), (2, MIN_POINTS, 0.2, 0.9));
        assert_eq!(Dataset::generate(&spec).classes, 2);
    }

    #[test]
    fn a_transfer_set_is_a_seeded_draw_of_the_training_rows_with_every_class() {
        let d = Dataset::generate(&DatasetSpec::default());
        let rows = d.transfer_rows(0.1, 7);
        assert_eq!(rows.len(), 42);
        // Distinct training rows, every class among them, the same for the same draw.
        let mut sorted = rows.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 42);
        assert!(rows.iter().all(|&i| i < d.train.len()));
        assert!((0..d.classes).all(|c| rows.iter().any(|&i| d.train.y[i] == c)));
        assert_eq!(d.transfer_rows(0.1, 7), rows);
        // Another seed draws another set (not merely another order).
        let other: std::collections::BTreeSet<usize> = d.transfer_rows(0.1, 8).into_iter().collect();
        assert_ne!(other, sorted.iter().copied().collect());
        // One draw's sets are nested.
        assert_eq!(d.transfer_rows(0.2, 7)[..42], rows[..]);
        // The set itself holds those rows and the whole test split.
        let small = d.with_training_rows(&rows);
        assert_eq!(small.train.len(), 42);
        assert_eq!(small.train.row(5), d.train.row(rows[5]));
        assert_eq!(small.train.y[5], d.train.y[rows[5]]);
        assert_eq!(small.test, d.test);
        // At least one point per class; the whole training set, as it is, at share 1.
        let tiny = d.transfer_rows(0.0, 7);
        assert_eq!(tiny.len(), 3);
        assert!((0..d.classes).all(|c| tiny.iter().any(|&i| d.train.y[i] == c)), "{tiny:?}");
        assert_eq!(d.with_training_rows(&d.transfer_rows(1.0, 7)), d);
        // The count the students' panel shows without building the set.
        assert_eq!((d.transfer_len(0.1), d.transfer_len(0.0), d.transfer_len(1.0)), (42, 3, d.train.len()));
    }

    #[test]
    fn noise_zero_spiral_arms_are_separated() {
        // With no jitter, every point sits on its own arm: radius grows with angle.
        let d = Dataset::generate(&DatasetSpec { noise: 0.0, ..Default::default() });
        for i in 0..d.train.len() {
            let p = d.train.row(i);
            assert!((p[0] * p[0] + p[1] * p[1]).sqrt() <= 1.0 + 1e-5);
        }
    }

    #[test]
    fn a_table_is_split_by_the_seed_and_standardised_with_its_class_names() {
        let (r, _) = installed::example("iris.csv").expect("the example reads");
        let spec = DatasetSpec::table(r.clone());
        assert_eq!((spec.input_dim(), spec.is_2d(), spec.classes, spec.points), (4, false, 3, 150));
        assert_eq!(Dataset::ready(&spec), Ok(()));
        let d = Dataset::generate(&spec);
        assert_eq!((d.train.len(), d.test.len(), d.train.dim, d.classes), (105, 45, 4, 3));
        assert_eq!(d.class_names, ["setosa", "versicolor", "virginica"]);
        let s = d.standardisation.as_ref().expect("a table is standardised");
        // The training rows have mean 0 per feature once standardised.
        let mean0: f32 = (0..d.train.len()).map(|i| d.train.row(i)[0]).sum::<f32>() / d.train.len() as f32;
        assert!(mean0.abs() < 1e-5 && (5.5..6.2).contains(&s.mean[0]), "{mean0} {:?}", s.mean);
        assert_eq!(d, Dataset::generate(&spec));
        assert_ne!(d.train.y, Dataset::generate(&DatasetSpec { seed: 9, ..spec.clone() }).train.y);
        // Points, classes and noise follow the table whatever the spec said.
        let odd = DatasetSpec { points: 3, classes: 40, noise: 1.0, ..spec.clone() }.normalised();
        assert_eq!((odd.points, odd.classes, odd.noise), (150, 3, 0.0));
        // A table kind that names no table, or a file not here, says so.
        let none = DatasetSpec { kind: DatasetKind::Table, ..DatasetSpec::default() };
        assert_eq!(none.normalised(), DatasetSpec::default());
        let elsewhere = DatasetSpec::table(TableRef { hash: "00000000deadbeef".into(), name: "mine.csv".into(), ..r });
        assert!(Dataset::ready(&elsewhere).unwrap_err().contains("“mine.csv”"));
        // The shapes name their classes by index.
        assert_eq!(Dataset::generate(&DatasetSpec::default()).class_names, ["0", "1", "2"]);
    }
}
