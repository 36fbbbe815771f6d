//! Linear and logarithmic scales from data values to pixels, and "nice" ticks.

/// Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps to the middle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    pub domain: (f32, f32),
    pub range: (f32, f32),
}

impl Linear {
    pub fn new(domain: (f32, f32), range: (f32, f32)) -> Self {
        Self { domain, range }
    }

    pub fn map(&self, v: f32) -> f32 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if (d1 - d0).abs() < f32::EPSILON {
            return (r0 + r1) / 2.0;
        }
        r0 + (v - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// Maps [d0, d1] (both > 0) onto [r0, r1] by their logarithms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Log {
    inner: Linear,
}

impl Log {
    pub fn new(domain: (f32, f32), range: (f32, f32)) -> Self {
        Self { inner: Linear::new((domain.0.ln(), domain.1.ln()), range) }
    }

    pub fn map(&self, v: f32) -> f32 {
        self.inner.map(v.max(f32::MIN_POSITIVE).ln())
    }

    /// The inverse: position in [r0, r1] back to a value.
    pub fn invert(&self, px: f32) -> f32 {
        let Linear { domain: (l0, l1), range: (r0, r1) } = self.inner;
        (l0 + (px - r0) / (r1 - r0) * (l1 - l0)).exp()
    }
}

/// Up to about `count` round tick values (1, 2 or 5 × 10^k apart) inside [lo, hi].
pub fn nice_ticks(lo: f32, hi: f32, count: usize) -> Vec<f32> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo || count == 0 {
        return vec![lo];
    }
    let raw = (hi - lo) / count as f32;
    let mag = 10f32.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|i| i as f32 * step).collect()
}

/// Min and max of finite values, padded when they coincide.
pub fn extent(values: impl Iterator<Item = f32>) -> Option<(f32, f32)> {
    let (lo, hi) = values.filter(|v| v.is_finite()).fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if lo > hi {
        None
    } else if hi - lo < 1e-6 {
        Some((lo - 0.5, hi + 0.5))
    } else {
        Some((lo, hi))
    }
}

/// Powers of ten inside [lo, hi] (both > 0), for a log axis; the two ends
/// when fewer than two powers fall inside.
pub fn log_ticks(lo: f32, hi: f32) -> Vec<f32> {
    let t: Vec<f32> = (lo.log10().floor() as i32..=hi.log10().ceil() as i32).map(|e| 10f32.powi(e)).filter(|&v| v >= lo * 0.999 && v <= hi * 1.001).collect();
    if t.len() < 2 { vec![lo, hi] } else { t }
}

/// At most three decimals, trailing zeros trimmed: 0.25 → "0.25", 2 → "2".
pub fn short_number(v: f32) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A rate or a ratio as the header shows it: whole from 10, one decimal
/// below (a CNN on a software WebGPU adapter makes about 0.5 steps/s, which
/// whole numbers would show as 0): 23.4 → "23", 4.04 → "4.0".
pub fn rate(v: f32) -> String {
    if v >= 10.0 { format!("{v:.0}") } else { format!("{v:.1}") }
}

/// Large values with a unit suffix: 198,915 → "199k", 1,234,567 → "1.2M".
pub fn compact(v: f32) -> String {
    if v >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if v >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if v >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else {
        short_number(v)
    }
}

/// A whole number with a comma every three digits: 50,000.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_whole_from_ten_with_a_decimal_below() {
        assert_eq!([rate(2400.0), rate(23.4), rate(10.0), rate(9.96), rate(4.04), rate(0.53)], ["2400", "23", "10", "10.0", "4.0", "0.5"]);
    }

    #[test]
    fn linear_maps_ends_and_middle_and_flips() {
        let s = Linear::new((0.0, 10.0), (100.0, 0.0));
        assert_eq!((s.map(0.0), s.map(5.0), s.map(10.0)), (100.0, 50.0, 0.0));
        assert_eq!(Linear::new((3.0, 3.0), (0.0, 8.0)).map(3.0), 4.0);
    }

    #[test]
    fn log_scale_puts_one_in_the_middle_of_a_tenth_to_ten() {
        let s = Log::new((0.1, 10.0), (0.0, 200.0));
        assert!((s.map(1.0) - 100.0).abs() < 1e-4);
        assert!((s.invert(100.0) - 1.0).abs() < 1e-5);
        assert!((s.invert(200.0) - 10.0).abs() < 1e-4);
    }

    #[test]
    fn ticks_are_round_and_inside() {
        let t = nice_ticks(0.0, 1.0, 5);
        let want = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];
        assert!(t.len() == want.len() && t.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-6), "{t:?}");
        assert_eq!(nice_ticks(0.0, 1000.0, 4), vec![0.0, 500.0, 1000.0]);
        assert_eq!(extent([2.0, f32::NAN, 5.0].into_iter()), Some((2.0, 5.0)));
        assert_eq!(extent(std::iter::empty()), None);
    }

    #[test]
    fn log_ticks_are_the_powers_of_ten_inside_or_the_ends() {
        assert_eq!(log_ticks(50.0, 20_000.0), vec![100.0, 1000.0, 10_000.0]);
        assert_eq!(log_ticks(2.0, 8.0), vec![2.0, 8.0]);
    }

    #[test]
    fn numbers_read_short() {
        assert_eq!((compact(198_915.0), compact(1_234_567.0), compact(1_500.0), compact(0.042)), ("199k".into(), "1.2M".into(), "1.5k".into(), "0.042".into()));
        assert_eq!((short_number(2.0), short_number(0.25)), ("2".into(), "0.25".into()));
    }
}
