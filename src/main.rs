//! Mounts the app; everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    reserve_heap();
    leptos::mount::mount_to_body(docket::ui::App);
}

/// Grows the wasm heap once, now, while it is small: the allocator keeps the space for later.
/// Chromium grows a wasm memory by copying it into a larger one, several milliseconds each
/// time once it holds tens of megabytes (a 4 MB import grew it about ten times, 26 ms in all;
/// a big board's first load a few more). Pages never written stay virtual: this costs no
/// RAM until used.
fn reserve_heap() {
    #[cfg(target_arch = "wasm32")]
    {
        const RESERVE: usize = 64 << 20;
        drop(std::hint::black_box(Vec::<u8>::with_capacity(RESERVE)));
    }
}
