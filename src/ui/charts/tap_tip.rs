//! A touch screen has no hover, so a chart's tooltips (SVG `<title>`
//! children, `title` attributes) never show on a phone. A tap, which the
//! browser delivers as a click, shows the text of the marked element under
//! the chart instead: the same words a mouse user reads on hover.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// The tooltip of the clicked element or its nearest marked ancestor, up
/// to (not past) the element that listens.
pub fn tip_of_click(ev: &web_sys::MouseEvent) -> Option<String> {
    let stop = ev.current_target().and_then(|t| t.dyn_into::<Element>().ok());
    let mut at = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
    while let Some(el) = at {
        if let Some(tip) = el.get_attribute("title") {
            return Some(tip);
        }
        if let Some(tip) = el.query_selector(":scope > title").ok().flatten().and_then(|t| t.text_content()) {
            return Some(tip);
        }
        if stop.as_ref() == Some(&el) {
            return None;
        }
        at = el.parent_element();
    }
    None
}

/// The line under a chart that shows the last tapped tooltip; announced
/// politely to screen readers.
#[component]
pub fn TapTip(tip: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <p class="tap-tip" aria-live="polite" data-testid="tap-tip">
            {move || tip.get().unwrap_or_else(|| "Tap or click a mark to read its value.".to_string())}
        </p>
    }
}
