//! Labelled form controls that edit one field of the config signal. A
//! number field shows one entry of the table of settings
//! ([`crate::core::settings`]): its label, tooltip, limits and step are the
//! table's. Input is clamped into the field's limits, then by the config's
//! own `normalised`; unparsable text is ignored (the field snaps back to the
//! current value).

use leptos::prelude::*;

use crate::core::config::PlaygroundConfig;
use crate::core::protocol::Command;
use crate::core::settings::Setting;
use crate::ui::session_link::SessionLink;

/// What every panel needs: the config signal and the way to the session.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub config: RwSignal<PlaygroundConfig>,
    /// The training session, in a web worker or on the page's thread.
    pub session: StoredValue<SessionLink, LocalStorage>,
}

impl Ctx {
    pub fn send(&self, command: Command) {
        self.session.with_value(|link| link.send(command));
    }

    /// Applies `edit` to the config, then re-normalises it.
    pub fn edit(&self, edit: impl FnOnce(&mut PlaygroundConfig)) {
        self.config.update(|c| {
            edit(c);
            *c = c.normalised();
        });
    }
}

pub fn ctx() -> Ctx {
    expect_context::<Ctx>()
}

/// A field's value as people write it: at most six significant decimals,
/// so an f32 like 0.01 does not show as 0.009999999776.
fn show(v: f64) -> String {
    let s = format!("{:.6}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A number input bound to one setting of the table: `get` and `set` read
/// and write its field of the config.
#[component]
pub fn SettingField(
    setting: &'static Setting,
    get: fn(&PlaygroundConfig) -> f64,
    set: fn(&mut PlaygroundConfig, f64),
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let Setting { label, help, min, max, step, .. } = *setting;
    let c = ctx();
    // A memo, so that a change to another field (the temperature slider's,
    // 200 times a drag) does not rewrite this input's value.
    let value = Memo::new(move |_| c.config.with(|cfg| show(get(cfg))));
    view! {
        <label class="field" title=help>
            <span>{label}</span>
            <input type="number" min=min max=max step=step data-testid=testid
                prop:value=move || value.get()
                on:change=move |ev| {
                    match event_target_value(&ev).trim().parse::<f64>() {
                        Ok(v) if v.is_finite() => c.edit(|cfg| set(cfg, v.clamp(min, max))),
                        // Snap back: the memo did not change, so write it here.
                        _ => event_target::<web_sys::HtmlInputElement>(&ev).set_value(&value.get_untracked()),
                    }
                }/>
        </label>
    }
}
