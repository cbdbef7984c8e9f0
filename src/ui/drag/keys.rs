//! The keyboard twin of a drag: Alt + an arrow key moves the focused item one step.

/// A one-step move asked for from the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrow {
    Up,
    Down,
    Left,
    Right,
}

/// The step an Alt + arrow key press asks for (its default, scrolling, is prevented);
/// `None` for any other key.
pub fn alt_arrow(ev: &web_sys::KeyboardEvent) -> Option<Arrow> {
    if !ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
        return None;
    }
    let arrow = match ev.key().as_str() {
        "ArrowUp" => Arrow::Up,
        "ArrowDown" => Arrow::Down,
        "ArrowLeft" => Arrow::Left,
        "ArrowRight" => Arrow::Right,
        _ => return None,
    };
    ev.prevent_default();
    Some(arrow)
}
