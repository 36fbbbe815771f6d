//! What an experiment found: one [`ResultRow`] per model per point, their
//! CSV form (which parses back), per-value means ± spread for the chart, and
//! the plain sentences that say what the numbers show.

use serde::{Deserialize, Serialize};

use super::stack_device::StackPlacement;
use super::{ExperimentKind, ExperimentSpec};
use crate::core::config::PlaygroundConfig;
use crate::plot::scale::short_number;

/// The models a point can measure, as rows name them.
pub mod model {
    pub const TEACHER: &str = "teacher";
    pub const DISTILLED: &str = "distilled";
    pub const SCRATCH: &str = "scratch";
    pub const ASSISTANT: &str = "assistant";
    pub const VIA_ASSISTANT: &str = "distilled via assistant";
    pub const EARLY_TEACHER: &str = "early-stopped teacher";
    pub const FROM_EARLY: &str = "distilled from early-stopped";
    pub const BIAS_CORRECTED: &str = "distilled + bias";
}

/// One model's result at one point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    /// The swept value (T, teacher parameters, omitted class or training share).
    pub x: f32,
    pub seed: u64,
    /// One of [`model`]'s names.
    pub model: String,
    /// The model's parameter count.
    pub params: usize,
    pub test_accuracy: f32,
    /// Top-1 agreement with the point's (fully trained) teacher on the test set.
    pub agreement: f32,
    pub test_errors: usize,
    /// Omitted class: errors on the test examples of that class.
    pub class_errors: Option<usize>,
    /// Omitted class: the bias added to that class's logit.
    pub bias: Option<f32>,
}

/// A finished (or partial) experiment: what ran, and what it found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentResult {
    pub config: PlaygroundConfig,
    pub experiment: ExperimentSpec,
    /// Test examples, and those of the omitted class (omitted class only).
    pub test_count: usize,
    #[serde(default)]
    pub class_count: Option<usize>,
    /// Where a stacked sweep's students trained, and the figures that chose it.
    /// (Exports from before it was data held a sentence here: read as none.)
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "placement_or_old_sentence")]
    pub trained_on: Option<StackPlacement>,
    pub rows: Vec<ResultRow>,
}

/// A placement, or the sentence older exports wrote instead (dropped).
fn placement_or_old_sentence<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<StackPlacement>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Placement(StackPlacement),
        Sentence(#[allow(dead_code)] String),
    }
    Ok(match Option::<Either>::deserialize(deserializer)? {
        Some(Either::Placement(p)) => Some(p),
        Some(Either::Sentence(_)) | None => None,
    })
}

/// A quantity the chart can plot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    TestAccuracy,
    Agreement,
    TestErrors,
    ClassErrors,
}

impl Metric {
    pub fn label(self) -> &'static str {
        match self {
            Self::TestAccuracy => "test accuracy",
            Self::Agreement => "agreement with the teacher",
            Self::TestErrors => "test errors",
            Self::ClassErrors => "errors on the omitted class",
        }
    }

    fn of(self, r: &ResultRow) -> Option<f32> {
        match self {
            Self::TestAccuracy => Some(r.test_accuracy),
            Self::Agreement => Some(r.agreement),
            Self::TestErrors => Some(r.test_errors as f32),
            Self::ClassErrors => r.class_errors.map(|e| e as f32),
        }
    }
}

/// Mean and spread (sample standard deviation; 0 for one seed) at one x.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesPoint {
    pub x: f32,
    pub mean: f32,
    pub spread: f32,
    pub n: usize,
}

pub const CSV_COLUMNS: &str = "seed,model,params,test_accuracy,agreement,test_errors,class_errors,bias";

impl ExperimentResult {
    /// One line per row under a header; numbers written exactly, so the
    /// text parses back into the same rows ([`parse_csv`]).
    pub fn to_csv(&self) -> String {
        let mut out = csv::Writer::from_writer(vec![]);
        let header = std::iter::once(self.experiment.kind.x_name()).chain(CSV_COLUMNS.split(','));
        let opt = |v: Option<String>| v.unwrap_or_default();
        let written = out.write_record(header).and_then(|()| {
            self.rows.iter().try_for_each(|r| {
                out.write_record([
                    r.x.to_string(),
                    r.seed.to_string(),
                    r.model.clone(),
                    r.params.to_string(),
                    r.test_accuracy.to_string(),
                    r.agreement.to_string(),
                    r.test_errors.to_string(),
                    opt(r.class_errors.map(|e| e.to_string())),
                    opt(r.bias.map(|b| b.to_string())),
                ])
            })
        });
        written.expect("writing to memory does not fail");
        String::from_utf8(out.into_inner().expect("writing to memory does not fail")).expect("the fields are text")
    }

    /// The models measured, in the order they first appear.
    pub fn models(&self) -> Vec<String> {
        let mut names: Vec<String> = vec![];
        for r in &self.rows {
            if !names.contains(&r.model) {
                names.push(r.model.clone());
            }
        }
        names
    }

    /// `model`'s `metric` at each x it was measured, in sweep order.
    pub fn series(&self, model: &str, metric: Metric) -> Vec<SeriesPoint> {
        let mut xs: Vec<f32> = vec![];
        for r in self.rows.iter().filter(|r| r.model == model) {
            if !xs.contains(&r.x) {
                xs.push(r.x);
            }
        }
        xs.into_iter()
            .filter_map(|x| {
                let v: Vec<f32> = self.rows.iter().filter(|r| r.model == model && r.x == x).filter_map(|r| metric.of(r)).collect();
                let n = v.len();
                (n > 0).then(|| {
                    let mean = v.iter().sum::<f32>() / n as f32;
                    let var = if n > 1 { v.iter().map(|a| (a - mean).powi(2)).sum::<f32>() / (n - 1) as f32 } else { 0.0 };
                    SeriesPoint { x, mean, spread: var.sqrt(), n }
                })
            })
            .collect()
    }

    /// Mean test accuracy of `model` at each x (a shorthand for tables).
    pub fn means(&self, model: &str) -> Vec<(f32, f32)> {
        self.series(model, Metric::TestAccuracy).into_iter().map(|p| (p.x, p.mean)).collect()
    }

    /// A Markdown table of mean ± spread test accuracy, a column per model
    /// (the omitted class: errors overall and on the class instead).
    pub fn markdown_table(&self) -> String {
        let models = self.models();
        let kind = self.experiment.kind;
        let mut out = format!("| {} |", kind.x_name());
        for m in &models {
            out.push_str(&format!(" {m} |"));
        }
        out.push_str(&format!("\n|---|{}\n", "---|".repeat(models.len())));
        let xs: Vec<f32> = self.series(&models.first().cloned().unwrap_or_default(), Metric::TestAccuracy).iter().map(|p| p.x).collect();
        for x in xs {
            out.push_str(&format!("| {} |", format_x(kind, x)));
            for m in &models {
                let cell = if kind == ExperimentKind::OmittedClass {
                    let e = self.series(m, Metric::TestErrors).into_iter().find(|p| p.x == x);
                    let c = self.series(m, Metric::ClassErrors).into_iter().find(|p| p.x == x);
                    match (e, c) {
                        (Some(e), Some(c)) => format!("{:.1} ({:.1} on the class)", e.mean, c.mean),
                        _ => "–".into(),
                    }
                } else {
                    match self.series(m, Metric::TestAccuracy).into_iter().find(|p| p.x == x) {
                        Some(p) => format!("{:.3} ± {:.3}", p.mean, p.spread),
                        None => "–".into(),
                    }
                };
                out.push_str(&format!(" {cell} |"));
            }
            out.push('\n');
        }
        out
    }
}

/// A swept value as people write it: "4", "25 %", "class 3", "12,345".
pub fn format_x(kind: ExperimentKind, x: f32) -> String {
    match kind {
        ExperimentKind::SmallData => format!("{} %", short_number(x * 100.0)),
        ExperimentKind::OmittedClass => format!("{x}"),
        ExperimentKind::CapacityGap => format!("{}", x as usize),
        ExperimentKind::TemperatureSweep => short_number(x),
    }
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Reads the rows back from [`ExperimentResult::to_csv`]'s text.
pub fn parse_csv(text: &str) -> Result<Vec<ResultRow>, String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| format!("the CSV cannot be read: {e}"))?.iter().skip(1).collect::<Vec<_>>().join(",");
    if header != CSV_COLUMNS {
        return Err(format!("unexpected CSV header {header:?}"));
    }
    reader
        .records()
        .map(|record| {
            let f = record.map_err(|e| format!("the CSV cannot be read: {e}"))?;
            let line = f.position().map_or(0, |p| p.line());
            let bad = |what: &str| format!("CSV line {line}: bad {what} in {:?}", f.iter().collect::<Vec<_>>().join(","));
            if f.len() != 9 {
                return Err(bad("column count"));
            }
            Ok(ResultRow {
                x: f[0].parse().map_err(|_| bad("x"))?,
                seed: f[1].parse().map_err(|_| bad("seed"))?,
                model: f[2].to_string(),
                params: f[3].parse().map_err(|_| bad("params"))?,
                test_accuracy: f[4].parse().map_err(|_| bad("test_accuracy"))?,
                agreement: f[5].parse().map_err(|_| bad("agreement"))?,
                test_errors: f[6].parse().map_err(|_| bad("test_errors"))?,
                class_errors: non_empty(&f[7]).map(|s| s.parse()).transpose().map_err(|_| bad("class_errors"))?,
                bias: non_empty(&f[8]).map(|s| s.parse()).transpose().map_err(|_| bad("bias"))?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_values_read_as_people_write_them() {
        assert_eq!(format_x(ExperimentKind::TemperatureSweep, 4.010_403_6), "4.01");
        assert_eq!(format_x(ExperimentKind::TemperatureSweep, 20.0), "20");
        assert_eq!(format_x(ExperimentKind::TemperatureSweep, 2.5), "2.5");
        assert_eq!(format_x(ExperimentKind::SmallData, 0.05), "5 %");
        assert_eq!(format_x(ExperimentKind::SmallData, 0.125), "12.5 %");
    }

    #[test]
    fn where_a_sweep_trained_reads_back_from_json_and_an_old_sentence_reads_as_none() {
        let placement = crate::core::experiments::stack_device::measured_example();
        let spec = ExperimentSpec::default_for(ExperimentKind::TemperatureSweep);
        let result = ExperimentResult {
            config: PlaygroundConfig::default(),
            experiment: spec,
            test_count: 10,
            class_count: None,
            trained_on: Some(placement),
            rows: vec![],
        };
        let json = serde_json::to_string(&result).unwrap();
        assert_eq!(serde_json::from_str::<ExperimentResult>(&json).unwrap(), result);
        let none = ExperimentResult { trained_on: None, ..result.clone() };
        let json = serde_json::to_string(&none).unwrap();
        assert!(!json.contains("trained_on"), "{json}");
        assert_eq!(serde_json::from_str::<ExperimentResult>(&json).unwrap(), none);
        // An export from before the placement was data held its sentence.
        let old = json.replacen('{', r#"{"trained_on":"stacked on the CPU backend (CPU 1.00 ms/step; no GPU to compare with)","#, 1);
        assert_eq!(serde_json::from_str::<ExperimentResult>(&old).unwrap(), none);
    }
}
