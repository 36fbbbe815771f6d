//! The canvas operations the charts share: the 2-D context, and writing a
//! small image one RGB value per pixel (CSS scales it up).

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// Writes a `width` × `height` image at the canvas origin, row-major; pixels
/// `rgb` does not reach stay white.
pub fn put_rgb(canvas: &HtmlCanvasElement, width: usize, height: usize, rgb: impl IntoIterator<Item = [u8; 3]>) {
    let Some(ctx) = context_2d(canvas) else { return };
    let mut pixels = vec![255u8; width * height * 4];
    for (px, [r, g, b]) in pixels.chunks_exact_mut(4).zip(rgb) {
        px[..3].copy_from_slice(&[r, g, b]);
    }
    if let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), width as u32, height as u32) {
        let _ = ctx.put_image_data(&image, 0.0, 0.0);
    }
}
