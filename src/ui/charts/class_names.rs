//! What each class is called (a table's labels, the digits, or the index),
//! for every view that names a class: the page provides it once, from the
//! dataset, and the views read it from the context.

use std::sync::Arc;

use leptos::prelude::*;

/// The current dataset's class names.
#[derive(Clone, Copy)]
pub struct ClassNames(pub Signal<Arc<Vec<String>>>);

/// Class `c`'s name (its index where no names are provided), tracked.
pub fn namer() -> impl Fn(usize) -> String + Copy + 'static {
    let names = use_context::<ClassNames>();
    move |c| names.and_then(|n| n.0.with(|v| v.get(c).cloned())).unwrap_or_else(|| c.to_string())
}

/// A name short enough for a tick under a bar or beside a matrix row.
pub fn short(name: &str) -> String {
    if name.chars().count() <= 4 { name.to_string() } else { name.chars().take(3).chain(std::iter::once('…')).collect() }
}
