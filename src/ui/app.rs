//! The page: owns the config signal and the page state, starts the training
//! session and the backend probe, and lays out the panels.
//!
//! State flows one way: controls → config → `Command`s → session →
//! `Event`s → [`PageState`] → views.

use std::sync::Arc;

use futures::StreamExt;
use futures::channel::mpsc::unbounded;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::config::{BackendPreference, PlaygroundConfig};
use crate::core::dataset::Dataset;
use crate::core::protocol::{BackendKind, Command};

use super::boundary::browser::{page_query, yield_now};
use super::charts::class_names::ClassNames;
use super::charts::soft_target_bars::Sample;
use super::mnist_load::{self, MnistLoad};
use super::panels::controls::Ctx;
use super::panels::cost_panel::CostPanel;
use super::panels::dataset_panel::DatasetPanel;
use super::panels::experiments_panel::ExperimentsPanel;
use super::panels::header::Header;
use super::panels::strategy_panel::StrategyPanel;
use super::panels::students_panel::StudentsPanel;
use super::panels::teacher_panel::TeacherPanel;
use super::panels::temperature_panel::TemperaturePanel;
use super::panels::tour_bar::TourBar;
use super::panels::weights_controls::WeightsControls;
use super::session_link::{Place, SessionLink};
use super::share::{self, Source};
use super::state::{PageState, WebGpuState};
use super::table_load::{self, Tables};
use crate::core::share::{Loaded, query_has_flag};

/// How long the teacher's layers and batch must stay put before the probe
/// times the new model (see the effect in [`App`]).
const REPROBE_SETTLE: std::time::Duration = std::time::Duration::from_millis(800);

/// The first training point of each of the first three classes.
fn default_selection(d: &Dataset) -> Vec<usize> {
    (0..d.classes.min(3)).filter_map(|c| d.train.y.iter().position(|&y| y == c)).collect()
}

/// `?demo`: trains the teacher, then the students, for a few seconds each —
/// a guided first look (and how the README's screenshot is taken).
async fn demo(ctx: Ctx) {
    use super::boundary::browser::sleep_ms;
    use crate::core::protocol::Role;
    ctx.send(Command::Play(Role::Teacher));
    sleep_ms(5000).await;
    ctx.send(Command::Play(Role::Students));
    sleep_ms(5000).await;
    ctx.send(Command::Pause(Role::Students));
}

/// The load notices, led by a line saying whose settings they concern.
fn notices_with_heading(notices: Vec<String>, source: Source) -> Vec<String> {
    if notices.is_empty() {
        return notices;
    }
    let heading = match source {
        Source::Link => "This link's settings were adjusted to what the page can run:",
        Source::Saved => "Your saved settings were adjusted to what the page can run:",
        Source::Defaults => "Settings:",
    };
    std::iter::once(heading.to_string()).chain(notices).collect()
}

#[component]
pub fn App(
    #[prop(optional)] config: Option<PlaygroundConfig>,
    /// Settings read from a link or storage ([`share::initial`]), with their
    /// notices; takes the place of `config`.
    #[prop(optional)]
    loaded: Option<(Loaded, Source)>,
    /// Mirror the settings into the link and localStorage (the real page does;
    /// most tests do not, so they cannot disturb each other).
    #[prop(optional)]
    persist: bool,
    /// Probe WebGPU and time both backends at start (tests may skip it).
    #[prop(default = true)]
    probe_backends: bool,
    /// Train in a web worker where one starts (the real page does; the
    /// browser tests' harness has no trunk glue to hand a worker).
    #[prop(optional)]
    session_in_worker: bool,
) -> impl IntoView {
    let (start, tour, load_notices) = match loaded {
        Some((l, source)) => (l.config, l.tour, notices_with_heading(l.notices, source)),
        None => (config.unwrap_or_default(), None, vec![]),
    };
    let config = RwSignal::new(start.normalised());
    let tour = RwSignal::new(tour);
    let load_notices = RwSignal::new(load_notices);
    let state = PageState::new();
    let experiments = state.experiments;
    // A stacked sweep may train on WebGPU once the probe has timed it
    // working, unless the header's backend says "CPU".
    Effect::new(move |_| {
        let probed = state.webgpu.with(|w| matches!(w, WebGpuState::Ready { steps_per_sec: Some(_), .. }));
        experiments.webgpu_ready.set(probed && config.with(|c| c.backend != BackendPreference::Cpu));
    });
    // A tour brings panel 6's experiment for the same effect with it.
    Effect::new(move |_| {
        let Some(t) = tour.get() else { return };
        if let Some(kind) = t.experiment {
            experiments.spec.set(crate::core::experiments::presets::preset(kind).spec);
        }
        if let Some(p) = t.mnist_experiment.and_then(|id| crate::core::experiments::presets::mnist_preset(id, &config.get_untracked())) {
            experiments.spec.set(p.spec);
        }
    });
    // MNIST is fetched when first chosen; until it is here, the session and
    // the views use the same settings on the 8×8 digits (mnist_load::usable).
    let mnist = RwSignal::new(MnistLoad::Idle);
    // A table the settings name but this tab lacks (a link, a reload) is
    // asked for in panel 1; the digits stand in meanwhile (table_load::usable).
    let tables = Tables::new();
    let session_config = Memo::new(move |_| {
        tables.installed.track();
        mnist_load::usable(table_load::usable(config.get()), mnist.with(|m| *m == MnistLoad::Ready))
    });
    let (event_tx, mut event_rx) = unbounded();
    let place = if session_in_worker { Place::Worker } else { Place::PageThread };
    let link = SessionLink::start(place, session_config.get_untracked(), probe_backends, event_tx);
    let ctx = Ctx { config, session: StoredValue::new_local(link) };
    provide_context(ctx);

    spawn_local(async move {
        while let Some(event) = event_rx.next().await {
            // The views render in a task of their own, after the session's
            // turn, so a long evaluation and a long render never add up.
            yield_now().await;
            state.apply(event);
            // Whatever else arrived meanwhile renders in the same task, so the
            // views never lag behind the session by a queue of timeouts.
            while let Ok(event) = event_rx.try_recv() {
                state.apply(event);
            }
        }
    });
    // Its own signal: the session's BackendActive clears backend errors, and
    // a failed fetch at start (a link naming MNIST, offline) must stay said.
    let data_error = RwSignal::new(None::<String>);
    mnist_load::watch(config, mnist, move |bytes| ctx.send(Command::ProvideMnist(bytes)), data_error);
    // Every later config change goes to the session.
    Effect::new(move |first_done: Option<()>| {
        let c = session_config.get();
        if first_done.is_some() {
            ctx.send(Command::Configure(c));
        }
    });

    if persist {
        share::keep_saved(config, tour);
    }

    // Moves training to the backend `pref` asks for (Auto: the faster in the probe).
    let switch_to = move |pref: BackendPreference| {
        let webgpu = state.webgpu.get_untracked();
        let want_gpu = match pref {
            BackendPreference::Cpu => false,
            BackendPreference::WebGpu => true,
            // Untracked: the effect that calls this waits for the probe's end.
            BackendPreference::Auto => untrack(|| state.auto_backend()).0 == BackendKind::WebGpu,
        };
        let kind = if want_gpu { BackendKind::WebGpu } else { BackendKind::Cpu };
        if want_gpu && !matches!(webgpu, WebGpuState::Ready { .. }) {
            state.notice.set(Some("WebGPU is not available here; staying on the CPU.".into()));
        } else if kind != state.backend.get_untracked() {
            ctx.send(Command::SetBackend(kind));
        }
    };
    // The preference is a setting like any other (the header, a link, a tour
    // or "Default settings" may change it); once the probe has measured both
    // backends, that and every later change of it switches.
    if !probe_backends {
        state.webgpu.set(WebGpuState::Unavailable("not probed".into()));
        state.probed.set(true);
    }
    let preference = Memo::new(move |_| config.with(|c| c.backend));
    Effect::new(move |_| {
        let pref = preference.get();
        if state.probed.get() {
            switch_to(pref);
        }
    });
    let on_choose = Callback::new(move |pref: BackendPreference| config.update(|c| c.backend = pref));
    // A device lost later (driver reset, GPU crash) moves training to the CPU.
    Effect::new(move |_| {
        let Some(reason) = state.webgpu_lost.get() else { return };
        if state.backend.get_untracked() == BackendKind::WebGpu {
            ctx.send(Command::FallBackToCpu(reason));
        } else {
            state.notice.set(Some(format!("The WebGPU device was lost ({reason}); training stays on the CPU.")));
        }
    });

    if query_has_flag(&page_query(), "demo") {
        spawn_local(demo(ctx));
    }

    let spec = Memo::new(move |_| session_config.with(|c| c.dataset.clone()));
    let dataset = Memo::new(move |_| Arc::new(Dataset::generate(&spec.get())));
    // The probe follows the model at hand: a new teacher (its layers or the
    // batch) is timed again on both backends, where the session runs, while
    // training goes on where it is; at the probe's end Auto moves training
    // to the faster one (weights kept). A settle time first, so typing a
    // width times one model, not each keystroke's.
    if probe_backends {
        let model = Memo::new(move |_| {
            let d = dataset.get();
            session_config.with(|c| (c.teacher_spec(d.train.dim, d.classes).describe(), c.batch_size))
        });
        Effect::new(move |previous: Option<(String, usize)>| {
            let now = model.get();
            if previous.is_some_and(|p| p != now) {
                let asked = now.clone();
                set_timeout(
                    move || {
                        if model.get_untracked() == asked {
                            ctx.send(Command::ProbeBackends(session_config.get_untracked()));
                        }
                    },
                    REPROBE_SETTLE,
                );
            }
            now
        });
    }
    let selection = RwSignal::new(default_selection(&dataset.get_untracked()));
    Effect::new(move |_| selection.set(default_selection(&dataset.get())));
    // A memo: the bars and the entropy curve read it on every slider move.
    let samples = Memo::new(move |_| {
        let Some(out) = state.teacher_outputs.get() else { return vec![] };
        let d = dataset.get();
        let (c, n_train) = (out.classes, d.train.len());
        selection
            .get()
            .into_iter()
            .filter_map(|i| {
                let (logits, label, row) = if i < n_train {
                    (out.train.get(i * c..(i + 1) * c)?, *d.train.y.get(i)?, d.train.row(i))
                } else {
                    (out.test.get((i - n_train) * c..(i - n_train + 1) * c)?, *d.test.y.get(i - n_train)?, d.test.row(i - n_train))
                };
                let pixels = if d.spec.kind.is_image() { row.to_vec() } else { vec![] };
                Some(Sample { index: i, label, logits: logits.to_vec(), pixels })
            })
            .collect::<Vec<_>>()
    });
    let samples: Signal<Vec<Sample>> = samples.into();
    let classes = Signal::derive(move || dataset.with(|d| d.classes));
    let dataset: Signal<Arc<Dataset>> = dataset.into();
    provide_context(ClassNames(Signal::derive(move || dataset.with(|d| Arc::new(d.class_names.clone())))));

    view! {
        <Header state=state on_choose=on_choose/>
        <div class="banner error" data-testid="error-banner" class:hidden=move || state.error.get().is_none() && data_error.get().is_none()>
            <span>{move || state.error.get().or_else(|| data_error.get())}</span>
            <button on:click=move |_| { state.error.set(None); data_error.set(None); }>"Dismiss"</button>
        </div>
        <Show when=move || !load_notices.with(Vec::is_empty)>
            <div class="banner notice" data-testid="config-notices" role="status">
                <ul>{move || load_notices.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                <button on:click=move |_| load_notices.set(vec![])>"Dismiss"</button>
            </div>
        </Show>
        // A landmark of its own, so that nothing on the page lies outside one.
        <section class="page-bars" aria-label="Guided tours, the link and trained weights">
            <TourBar tour=tour/>
            <WeightsControls state=state/>
            <p class="explain bars-explain">
                "A guided tour sets every panel for one effect from the review and says what to look for. Every setting also lives in this page's address, so a copied link reproduces the run, and in this browser, so a reload resumes it. "
                "Trained weights download as one file (burn's record format, with the settings in its header) and load back into the same settings; a file that does not fit is refused and nothing changes."
            </p>
        </section>
        <Show when=move || state.notice.get().is_some()>
            <div class="banner notice" data-testid="notice">{move || state.notice.get()}</div>
        </Show>
        <main class="grid">
            <DatasetPanel mnist=mnist tables=tables/>
            <TeacherPanel state=state dataset=dataset selection=selection/>
            <TemperaturePanel state=state samples=samples classes=classes dataset=dataset/>
            <StudentsPanel state=state dataset=dataset/>
            <StrategyPanel state=state/>
            <ExperimentsPanel state=experiments/>
            <CostPanel state=state/>
        </main>
        <footer>"Terms follow Gou et al. (2021), "<i>"Knowledge Distillation: A Survey"</i>". Built with burn and leptos; everything runs in this page."</footer>
    }
}
