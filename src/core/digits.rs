//! The UCI optical handwritten digits (Alpaydin & Kaynak 1998; CC BY 4.0):
//! 1,797 images of 8×8 pixels with values 0..16, labels 0..9 — the copy
//! scikit-learn ships. Embedded in the binary from `assets/digits.bin`
//! (made by `scripts/tools/make_digits_asset.py`), so the page needs no request
//! beyond its own wasm and works offline.
//!
//! Format: `KDDIGIT1`, a little-endian u32 row count, then per image 64 pixel
//! bytes (row-major) and one label byte.

use std::sync::OnceLock;

pub const SIDE: usize = 8;
pub const PIXELS: usize = SIDE * SIDE;
/// Largest pixel value (the UCI images count set bits in 4×4 blocks).
pub const MAX_PIXEL: u8 = 16;
pub const CLASSES: usize = 10;
const MAGIC: &[u8; 8] = b"KDDIGIT1";

static ASSET: &[u8] = include_bytes!("../../assets/digits.bin");

/// Images as raw pixels (0..=16), with their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Digits {
    pub pixels: Vec<[u8; PIXELS]>,
    pub labels: Vec<u8>,
}

/// Parses the binary form; names what is wrong rather than panicking.
pub fn parse(bytes: &[u8]) -> Result<Digits, String> {
    let header = MAGIC.len() + 4;
    if bytes.len() < header || &bytes[..MAGIC.len()] != MAGIC {
        return Err("not a digits file (the KDDIGIT1 header is missing)".into());
    }
    let count = u32::from_le_bytes(bytes[MAGIC.len()..header].try_into().expect("4 bytes")) as usize;
    let body = &bytes[header..];
    if body.len() != count * (PIXELS + 1) {
        return Err(format!("the digits file says {count} images but holds {} bytes of them", body.len()));
    }
    let mut digits = Digits { pixels: Vec::with_capacity(count), labels: Vec::with_capacity(count) };
    for (i, row) in body.chunks_exact(PIXELS + 1).enumerate() {
        let (px, label) = row.split_at(PIXELS);
        if let Some(&bad) = px.iter().find(|&&p| p > MAX_PIXEL) {
            return Err(format!("image {i} has a pixel value {bad} above {MAX_PIXEL}"));
        }
        if label[0] as usize >= CLASSES {
            return Err(format!("image {i} has label {}", label[0]));
        }
        digits.pixels.push(px.try_into().expect("64 pixels"));
        digits.labels.push(label[0]);
    }
    Ok(digits)
}

/// The embedded set, parsed once.
pub fn digits() -> &'static Digits {
    static PARSED: OnceLock<Digits> = OnceLock::new();
    PARSED.get_or_init(|| parse(ASSET).expect("the embedded digits asset is valid (checked by the tests)"))
}

/// A square drawing (`side` × `side` ink values in [0, 1], row-major) as
/// model inputs: the mean ink of each of the 8 × 8 blocks, stretched so the
/// darkest block is 1 — as the UCI images count set pixels per 4 × 4 block of
/// a 32 × 32 bitmap, where a full stroke fills a block.
pub fn downsample(ink: &[f32], side: usize) -> Vec<f32> {
    let block = (side / SIDE).max(1);
    let mut out = vec![0.0f32; PIXELS];
    for (i, v) in out.iter_mut().enumerate() {
        let (r, c) = (i / SIDE, i % SIDE);
        let mut sum = 0.0;
        for y in r * block..(r + 1) * block {
            for x in c * block..(c + 1) * block {
                sum += ink.get(y * side + x).copied().unwrap_or(0.0);
            }
        }
        *v = sum / (block * block) as f32;
    }
    let max = out.iter().cloned().fold(0.0f32, f32::max);
    if max > 0.0 {
        out.iter_mut().for_each(|v| *v = (*v / max).clamp(0.0, 1.0));
    }
    out
}

/// Pixels as model inputs in [0, 1].
pub fn normalise(pixels: &[u8]) -> Vec<f32> {
    pixels.iter().map(|&p| f32::from(p) / f32::from(MAX_PIXEL)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_set_has_the_published_counts_and_pixels() {
        let d = digits();
        assert_eq!(d.pixels.len(), 1797);
        assert_eq!(d.labels.len(), 1797);
        let mut per_class = [0usize; CLASSES];
        d.labels.iter().for_each(|&l| per_class[l as usize] += 1);
        assert_eq!(per_class, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
        // Sums computed from scikit-learn's digits.csv.gz with Python.
        let total: u64 = d.pixels.iter().flat_map(|p| p.iter()).map(|&p| u64::from(p)).sum();
        assert_eq!(total, 561_718);
        assert_eq!(d.pixels[0].iter().map(|&p| u32::from(p)).sum::<u32>(), 294);
        assert_eq!(&d.labels[..5], &[0, 1, 2, 3, 4]);
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        assert!(parse(b"nonsense").unwrap_err().contains("header"));
        let mut truncated = ASSET[..ASSET.len() - 10].to_vec();
        assert!(parse(&truncated).unwrap_err().contains("1797 images"));
        truncated = ASSET.to_vec();
        truncated[12] = 17;
        assert!(parse(&truncated).unwrap_err().contains("pixel value 17"));
        truncated = ASSET.to_vec();
        truncated[12 + PIXELS] = 10;
        assert!(parse(&truncated).unwrap_err().contains("label 10"));
    }

    #[test]
    fn a_drawing_is_averaged_into_8x8_blocks() {
        // A 16 × 16 drawing: ink in the top-left 2 × 2 block (full) and half
        // of the block at row 7, column 7.
        let mut ink = vec![0.0f32; 256];
        for (y, x) in [(0, 0), (0, 1), (1, 0), (1, 1), (14, 14), (15, 15)] {
            ink[y * 16 + x] = 1.0;
        }
        let px = downsample(&ink, 16);
        assert_eq!(px.len(), 64);
        assert_eq!((px[0], px[63]), (1.0, 0.5));
        assert_eq!(px.iter().filter(|v| **v > 0.0).count(), 2);
        assert_eq!(downsample(&[0.0; 256], 16), vec![0.0; 64], "an empty pad stays empty");
    }

    #[test]
    fn normalised_pixels_lie_in_the_unit_interval() {
        let x = normalise(&digits().pixels[0]);
        assert_eq!(x.len(), 64);
        assert!(x.iter().all(|v| (0.0..=1.0).contains(v)));
        assert!(x.contains(&1.0) || digits().pixels[0].iter().all(|&p| p < 16));
    }
}
