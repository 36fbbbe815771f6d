//! A digit drawn on the page's square pad, turned into what MNIST networks
//! saw. A network trained on MNIST has only ever seen digits prepared one way
//! (LeCun, Bottou, Bengio & Haffner 1998, and the MNIST page): the ink's
//! bounding box scaled, keeping its aspect ratio, to fit a 20 × 20 box with
//! anti-aliasing, then placed in a 28 × 28 field so that the centre of mass of
//! the pixels sits at the field's centre. A raw drawing shrunk to 28 × 28 is
//! off-centre and the wrong size, and is misread far more often.
//!
//! Coordinates are continuous: pixel `i` covers `[i, i + 1)`, so the centre of
//! the field is (14, 14) and a 20 × 20 block at rows and columns 4..24 is
//! exactly centred.

use super::mnist::{PIXELS, SIDE};

/// The box the ink's bounding box is scaled to fit, as in MNIST.
const FIT: usize = 20;

/// `ink` (`side` × `side` values in [0, 1], row-major) as 784 MNIST-style
/// inputs in [0, 1]: cropped to the ink, area-averaged into at most 20 × 20
/// keeping the aspect ratio, stretched so the darkest pixel is 1, and shifted
/// by whole pixels so its centre of mass lands within half a pixel of (14, 14).
/// Ink shifted past the field's edge is clipped, as in MNIST; that happens only
/// when the mass sits in the outer quarter or so of its box (a big blob and a
/// far speck), and then the centre can end up further off. An empty pad gives
/// all zeros; values outside [0, 1] (or NaN) are clamped, and missing values
/// (`ink` shorter than `side` × `side`) read as no ink.
pub fn mnist_style(ink: &[f32], side: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; PIXELS];
    // Not `clamp`, which keeps NaN: here NaN (never > 0) reads as no ink.
    let at = |y: usize, x: usize| match f64::from(ink.get(y * side + x).copied().unwrap_or(0.0)) {
        v if v > 0.0 => v.min(1.0),
        _ => 0.0,
    };
    let Some((top, left, h, w)) = bounding_box(ink, side) else { return out };

    // The longer side becomes 20; the shorter keeps the ratio, at least 1 pixel.
    let longest = h.max(w) as f64;
    let fit = |n: usize| ((n as f64 * FIT as f64 / longest).round() as usize).clamp(1, FIT);
    let (oh, ow) = (fit(h), fit(w));
    let (rows, cols) = (coverage(top, h, oh), coverage(left, w, ow));

    // Area average: each output pixel is the mean of the source area it covers,
    // with partly covered source pixels weighted by the fraction covered, so
    // a stroke thinner than one output pixel still leaves grey behind.
    let area = (h as f64 / oh as f64) * (w as f64 / ow as f64);
    let mut small = vec![0.0f64; oh * ow];
    for (oy, row) in rows.iter().enumerate() {
        for (ox, col) in cols.iter().enumerate() {
            let sum: f64 = row.iter().flat_map(|&(y, wy)| col.iter().map(move |&(x, wx)| wy * wx * at(y, x))).sum();
            small[oy * ow + ox] = sum / area;
        }
    }
    let max = small.iter().cloned().fold(0.0f64, f64::max);
    if max <= 0.0 {
        return out;
    }
    small.iter_mut().for_each(|v| *v /= max);

    // Centre of mass, pixel centres at i + 0.5; the shift that puts it at 14.
    let mass: f64 = small.iter().sum();
    let com = |pos: &dyn Fn(usize) -> usize| small.iter().enumerate().map(|(i, v)| (pos(i) as f64 + 0.5) * v).sum::<f64>() / mass;
    let (cy, cx) = (com(&|i| i / ow), com(&|i| i % ow));
    let centre = SIDE as f64 / 2.0;
    let (dy, dx) = ((centre - cy).round() as isize, (centre - cx).round() as isize);
    for (i, &v) in small.iter().enumerate() {
        let (y, x) = ((i / ow) as isize + dy, (i % ow) as isize + dx);
        if (0..SIDE as isize).contains(&y) && (0..SIDE as isize).contains(&x) {
            out[y as usize * SIDE + x as usize] = v as f32;
        }
    }
    out
}

/// Top, left, height and width of the pixels with any ink on a `side`-wide
/// pad; `None` if none. Walks `ink` itself, so a wrong `side` cannot make it
/// spin over pixels that are not there.
fn bounding_box(ink: &[f32], side: usize) -> Option<(usize, usize, usize, usize)> {
    let (mut top, mut left, mut bottom, mut right) = (usize::MAX, usize::MAX, 0, 0);
    for (i, _) in ink.iter().enumerate().take(side.saturating_mul(side)).filter(|&(_, &v)| v > 0.0) {
        let (y, x) = (i / side, i % side);
        (top, left) = (top.min(y), left.min(x));
        (bottom, right) = (bottom.max(y), right.max(x));
    }
    (top != usize::MAX).then(|| (top, left, bottom - top + 1, right - left + 1))
}

/// For each of `out` output pixels along one axis, the source pixels
/// (`start`..`start + len`) it covers and by how much (0..1 of a source pixel).
fn coverage(start: usize, len: usize, out: usize) -> Vec<Vec<(usize, f64)>> {
    let step = len as f64 / out as f64;
    (0..out)
        .map(|o| {
            let (a, b) = (o as f64 * step, (o + 1) as f64 * step);
            let first = a.floor() as usize;
            let last = (b.ceil() as usize).min(len);
            (first..last).map(|s| (start + s, b.min(s as f64 + 1.0) - a.max(s as f64))).filter(|&(_, wt)| wt > 0.0).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rng::SeededRng;

    /// A pad with `value` on rows `ys` and columns `xs`.
    fn pad(side: usize, ys: std::ops::Range<usize>, xs: std::ops::Range<usize>) -> Vec<f32> {
        let mut ink = vec![0.0f32; side * side];
        for y in ys {
            for x in xs.clone() {
                ink[y * side + x] = 1.0;
            }
        }
        ink
    }

    /// Centre of mass (row, column), pixel centres at i + 0.5.
    fn com(img: &[f32]) -> (f64, f64) {
        let mass: f64 = img.iter().map(|&v| f64::from(v)).sum();
        let along = |pos: fn(usize) -> usize| img.iter().enumerate().map(|(i, &v)| (pos(i) as f64 + 0.5) * f64::from(v)).sum::<f64>() / mass;
        (along(|i| i / SIDE), along(|i| i % SIDE))
    }

    /// Rows and columns holding any ink: (first row, rows, first column, columns).
    fn extent(img: &[f32]) -> (usize, usize, usize, usize) {
        let rows: Vec<usize> = (0..SIDE).filter(|&y| (0..SIDE).any(|x| img[y * SIDE + x] > 0.0)).collect();
        let cols: Vec<usize> = (0..SIDE).filter(|&x| (0..SIDE).any(|y| img[y * SIDE + x] > 0.0)).collect();
        (rows[0], rows.len(), cols[0], cols.len())
    }

    #[test]
    fn an_empty_pad_gives_zeros() {
        assert_eq!(mnist_style(&[0.0; 140 * 140], 140), vec![0.0; PIXELS]);
        assert_eq!(mnist_style(&[], 0), vec![0.0; PIXELS], "no pad at all");
        assert_eq!(mnist_style(&[f32::NAN; 16], 4), vec![0.0; PIXELS], "NaN is no ink");
        let mut ink = pad(8, 0..8, 0..8);
        ink[9] = f32::NAN;
        ink[10] = 7.0;
        assert!(mnist_style(&ink, 8).iter().all(|v| (0.0..=1.0).contains(v)), "NaN and 7 inside the ink are tamed");
        assert_eq!(mnist_style(&[0.0; 4], 1 << 30), vec![0.0; PIXELS], "a side far too large returns at once");
        let short = mnist_style(&[1.0, 1.0, 1.0], 2);
        assert_eq!(short.iter().filter(|&&v| v == 1.0).count(), 300, "a short pad reads the rest as blank: three quarters of 20 × 20");
    }

    #[test]
    fn a_square_in_a_corner_becomes_a_centred_20x20_block() {
        // 28 × 28 of ink in the top-left corner of a 56 × 56 pad.
        let out = mnist_style(&pad(56, 0..28, 0..28), 56);
        assert_eq!(out.iter().filter(|&&v| v == 1.0).count(), 400, "20 × 20 pixels of 1");
        assert_eq!(out.iter().filter(|&&v| v != 0.0).count(), 400, "and nothing else");
        assert_eq!(extent(&out), (4, 20, 4, 20));
        let (cy, cx) = com(&out);
        assert!((13.5..=14.5).contains(&cy) && (13.5..=14.5).contains(&cx), "{cy}, {cx}");
        assert_eq!((cy, cx), (14.0, 14.0), "exactly centred");
    }

    #[test]
    fn a_tall_bar_keeps_its_aspect() {
        // 100 tall, 10 wide: 20 tall, 2 wide.
        let out = mnist_style(&pad(140, 20..120, 60..70), 140);
        let (_, h, _, w) = extent(&out);
        assert_eq!((h, w), (20, 2));
        // 100 tall, 1 wide: the width rounds to 0, kept at 1.
        let out = mnist_style(&pad(140, 20..120, 60..61), 140);
        let (_, h, left, w) = extent(&out);
        assert_eq!((h, w), (20, 1));
        assert_eq!(left, 14, "its centre of mass at 14.5: 13.5 rounds away from zero");
        assert!(out.iter().all(|&v| v == 0.0 || v == 1.0));
    }

    #[test]
    fn a_single_dot_and_a_thin_stroke_do_not_divide_by_zero() {
        let out = mnist_style(&pad(140, 70..71, 70..71), 140);
        assert!(out.iter().all(|v| v.is_finite()));
        assert_eq!(extent(&out), (4, 20, 4, 20), "a dot fills the 20 × 20 box");
        // A faint diagonal one pixel thick on a 280 pad survives the 14× shrink.
        let mut ink = vec![0.0f32; 280 * 280];
        (40..240).for_each(|i| ink[i * 280 + i] = 0.3);
        let out = mnist_style(&ink, 280);
        assert!(out.iter().all(|v| v.is_finite()));
        assert_eq!(out.iter().cloned().fold(0.0f32, f32::max), 1.0, "the darkest pixel is 1");
        assert!((0..20).all(|i| out[(4 + i) * SIDE + 4 + i] > 0.0), "the whole diagonal is inked");
    }

    #[test]
    fn a_far_speck_is_clipped_not_wrapped() {
        // A full bar 2 rows tall on top and a one-pixel speck 18 rows below:
        // the mass sits near the top, so the shift pushes the speck off the field.
        let mut ink = pad(40, 0..2, 0..20);
        ink[19 * 40 + 10] = 1.0;
        let out = mnist_style(&ink, 40);
        assert_eq!(extent(&out), (13, 2, 4, 20), "only the bar is left");
        assert_eq!(com(&out), (14.0, 14.0));
    }

    #[test]
    fn any_drawing_is_centred_on_its_mass_and_stays_in_range() {
        let mut rng = SeededRng::new(19);
        for case in 0..400 {
            let side = if case % 10 == 0 { 280 } else { 140 };
            let mut ink = vec![0.0f32; side * side];
            // A few soft round blobs, some grey, anywhere on the pad.
            for _ in 0..1 + rng.below(4) {
                let (cy, cx) = (rng.range(0.2, 0.8) * side as f32, rng.range(0.2, 0.8) * side as f32);
                let (r, level) = (rng.range(0.03, 0.15) * side as f32, rng.range(0.3, 1.0));
                for (i, v) in ink.iter_mut().enumerate() {
                    let d = (((i / side) as f32 - cy).powi(2) + ((i % side) as f32 - cx).powi(2)).sqrt();
                    *v = v.max(level * (1.0 - d / r).clamp(0.0, 1.0));
                }
            }
            let out = mnist_style(&ink, side);
            assert_eq!(out.len(), PIXELS);
            assert!(out.iter().all(|v| (0.0..=1.0).contains(v)), "case {case}");
            assert_eq!(out.iter().cloned().fold(0.0f32, f32::max), 1.0, "case {case}");
            // Within half a pixel, unless ink was clipped at an edge (the mass
            // far to one side of its box: a few of these 400 cases).
            let (cy, cx) = com(&out);
            let (top, h, left, w) = extent(&out);
            let clipped = top == 0 || left == 0 || top + h == SIDE || left + w == SIDE;
            assert!(clipped || (cy - 14.0).abs() <= 0.5 && (cx - 14.0).abs() <= 0.5, "case {case}: centre of mass {cy}, {cx}");
            assert!(h.max(w) <= FIT, "case {case}: {h} × {w}");
        }
    }
}
