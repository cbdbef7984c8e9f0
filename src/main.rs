//! Mounts the app; everything else lives in the library.

fn main() {
    docket::ui::panic::install();
    leptos::mount::mount_to_body(docket::ui::App);
}
