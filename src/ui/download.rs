//! Exports as downloads: a text file (CSV, JSON, SVG) through a Blob URL, and
//! an SVG chart rasterised to PNG on a canvas. The last export's link stays
//! in the page (hidden, `data-testid=export-link`), so a test can read back
//! exactly what a user would have saved.

use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement, Url};

fn document() -> Result<web_sys::Document, String> {
    web_sys::window().and_then(|w| w.document()).ok_or_else(|| "no document".into())
}

/// The hidden link every export goes through (created once).
fn export_link() -> Result<HtmlAnchorElement, String> {
    let doc = document()?;
    if let Some(a) = doc.query_selector("[data-testid=export-link]").ok().flatten() {
        return a.dyn_into().map_err(|_| "export-link is not a link".into());
    }
    let a: HtmlAnchorElement = doc.create_element("a").map_err(|e| format!("{e:?}"))?.dyn_into().map_err(|_| "not a link")?;
    let _ = a.set_attribute("data-testid", "export-link");
    let _ = a.set_attribute("hidden", "");
    doc.body().ok_or("no body")?.append_child(&a).map_err(|e| format!("{e:?}"))?;
    Ok(a)
}

/// Points the link at `href` under `name` and follows it (the browser saves the file).
fn save(href: &str, name: &str) -> Result<(), String> {
    let a = export_link()?;
    let old = a.href();
    if old.starts_with("blob:") {
        let _ = Url::revoke_object_url(&old);
    }
    a.set_href(href);
    a.set_download(name);
    a.set_text_content(Some(name));
    a.click();
    Ok(())
}

/// Saves `text` as the file `name` of type `mime`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| format!("cannot make the file: {e:?}"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    save(&url, name)
}

/// Draws the SVG `markup` (width × height user units) at `scale` on a white
/// canvas and saves it as the PNG `name`.
pub async fn download_png(name: &str, markup: &str, width: f64, height: f64, scale: f64) -> Result<(), String> {
    let doc = document()?;
    let img = HtmlImageElement::new().map_err(|e| format!("{e:?}"))?;
    let loaded = Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    let src = format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(markup)));
    img.set_src(&src);
    JsFuture::from(loaded).await.map_err(|_| "the chart could not be drawn as an image")?;
    let canvas: HtmlCanvasElement = doc.create_element("canvas").map_err(|e| format!("{e:?}"))?.dyn_into().map_err(|_| "not a canvas")?;
    canvas.set_width((width * scale) as u32);
    canvas.set_height((height * scale) as u32);
    let ctx = crate::ui::charts::canvas::context_2d(&canvas).ok_or("no 2-D context")?;
    ctx.set_fill_style_str("white");
    ctx.fill_rect(0.0, 0.0, width * scale, height * scale);
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, width * scale, height * scale).map_err(|e| format!("{e:?}"))?;
    let url = canvas.to_data_url_with_type("image/png").map_err(|e| format!("{e:?}"))?;
    save(&url, name)
}

/// Saves raw `bytes` as the file `name` of type `mime`.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|e| format!("cannot make the file: {e:?}"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    save(&url, name)
}

/// The bytes of a file the user picked.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| format!("the browser could not read the file: {e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
