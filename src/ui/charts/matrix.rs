//! A K×K matrix as shaded SVG cells with their values written in: the
//! confusion matrices and the teacher's class-similarity ("dark knowledge")
//! matrix. Rows are true classes, columns predicted (or softened) classes.

use leptos::prelude::*;

use super::class_names::namer;

const SIZE: f32 = 240.0;
const PAD: f32 = 16.0;

/// A row's or column's tick: the class's name where it fits (two
/// characters: the digits), else its index; the name in full on hover.
fn tick(index: usize, name: &str) -> String {
    if name.chars().count() <= 2 { name.to_string() } else { index.to_string() }
}

/// One cell: its shade in [0, 1] and the text written on it.
#[derive(Clone, PartialEq)]
pub struct Cell {
    pub shade: f32,
    pub text: String,
}

#[component]
pub fn MatrixChart(
    title: Signal<String>,
    cells: Signal<Vec<Vec<Cell>>>,
    /// Axis names: (rows, columns).
    axes: (&'static str, &'static str),
    testid: &'static str,
) -> impl IntoView {
    // The cells' nodes are built once per matrix size and then updated in
    // place: the similarity matrix follows the temperature slider, and
    // rebuilding its K² cells (220 nodes on the digits) on every input event
    // is work the slider's path does not need. A memo, because `cells` may
    // be derived (recomputed on every read) and each cell reads it.
    let cells = Memo::new(move |_| cells.get());
    let rows = Memo::new(move |_| cells.with(Vec::len));
    let shade_at = move |r: usize, c: usize| cells.with(|m| m.get(r).and_then(|row| row.get(c)).map_or(0.0, |cell| cell.shade.clamp(0.0, 1.0)));
    let text_at = move |r: usize, c: usize| cells.with(|m| m.get(r).and_then(|row| row.get(c)).map(|cell| cell.text.clone()).unwrap_or_default());
    let name = namer();
    let body = move || {
        let n = rows.get();
        let k = n.max(1);
        let step = (SIZE - PAD) / k as f32;
        let font = (step * 0.38).clamp(6.0, 12.0);
        let labels = (0..k)
            .map(|i| {
                let at = PAD + step * (i as f32 + 0.5);
                view! {
                    <text x=at y=PAD - 4.0 class="tick" text-anchor="middle"><title>{name(i)}</title>{tick(i, &name(i))}</text>
                    <text x=PAD - 4.0 y=at + 3.0 class="tick" text-anchor="end"><title>{name(i)}</title>{tick(i, &name(i))}</text>
                }
            })
            .collect_view();
        let grid = (0..n)
            .flat_map(|r| (0..n).map(move |c| (r, c)))
            .map(|(r, c)| {
                let (x, y) = (PAD + step * c as f32, PAD + step * r as f32);
                let (shade, text) = (move || shade_at(r, c), move || text_at(r, c));
                let fill = move || format!("rgba(8,119,189,{:.3})", 0.05 + 0.9 * shade());
                let ink = move || if shade() > 0.55 { "#fff" } else { "#222" };
                view! {
                    <rect x=x y=y width=step - 1.0 height=step - 1.0 fill=fill data-row=r data-col=c data-value=text/>
                    <text x=x + step / 2.0 y=y + step / 2.0 + font / 3.0 font-size=font fill=ink text-anchor="middle">{text}</text>
                }
            })
            .collect_view();
        view! { {labels}{grid} }
    };
    view! {
        <figure class="matrix" data-testid=testid>
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {SIZE} {SIZE}") class="matrix-svg">{body}</svg>
            <p class="axes">{format!("rows: {} · columns: {}", axes.0, axes.1)}</p>
        </figure>
    }
}
