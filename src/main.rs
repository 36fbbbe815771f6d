//! The page's entry point: mounts the app (wasm only).

fn main() {
    #[cfg(target_arch = "wasm32")]
    kd_playground::ui::mount();
}
