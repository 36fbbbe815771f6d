//! The bar under the header: guided tours (each a config with commentary),
//! the link that reproduces the current settings, and a way back to the
//! defaults (settings survive reloads, so people need one).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::config::PlaygroundConfig;
use crate::core::tours::{TOURS, Tour, tour_by_id};
use crate::ui::share::{copy_text, link_to};

use super::controls::ctx;

#[component]
pub fn TourBar(tour: RwSignal<Option<&'static Tour>>) -> impl IntoView {
    let c = ctx();
    let copied = RwSignal::new(None::<String>);
    let choose = move |id: String| match tour_by_id(&id) {
        Some(t) => {
            c.config.set(t.config());
            tour.set(Some(t));
        }
        None => tour.set(None),
    };
    let copy = move |_| {
        spawn_local(async move {
            let link = link_to(&c.config.get_untracked(), tour.get_untracked());
            let message = match copy_text(&link).await {
                Ok(()) => "Link copied: it opens these settings anywhere.".to_string(),
                Err(why) => format!("Could not copy ({why}); copy the address bar instead — it holds the same link."),
            };
            copied.set(Some(message));
        })
    };
    let start_over = move |_| {
        tour.set(None);
        c.config.set(PlaygroundConfig::default());
    };
    view! {
        <section class="tour-bar" aria-label="Guided tours and sharing">
            <label class="field inline" title="Each tour sets every panel to a setting where one effect from the review shows, and says what to look for.">
                <span>"Guided tour"</span>
                <select data-testid="tour-select" on:change=move |ev| choose(event_target_value(&ev))>
                    <option value="" selected=move || tour.get().is_none()>"None (free play)"</option>
                    {TOURS
                        .iter()
                        .map(|t| view! { <option value=t.id selected=move || tour.get().is_some_and(|x| x.id == t.id)>{t.title}</option> })
                        .collect_view()}
                </select>
            </label>
            <button data-testid="copy-link" on:click=copy title="The page's address always holds every setting (and the tour); this copies it.">
                "Copy link to these settings"
            </button>
            <button data-testid="start-over" on:click=start_over title="Settings are kept across reloads; this returns every panel to the defaults.">
                "Default settings"
            </button>
            <span class="copy-status" data-testid="copy-status" aria-live="polite">{move || copied.get()}</span>
            <Show when=move || tour.get().is_some()>
                <p class="tour-commentary" data-testid="tour-commentary">
                    <b>{move || tour.get().map(|t| t.title)}": "</b>
                    {move || tour.get().map(|t| t.commentary)}
                </p>
            </Show>
        </section>
    }
}
