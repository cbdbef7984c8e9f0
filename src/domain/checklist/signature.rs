//! A signature drawn for a run's sign-off (issue 20, part 3), kept as a compact vector path:
//! SVG path data in a 300 × 100 box, each stroke `M x y` then `l dx dy dx dy …` steps in
//! whole units. A few hundred points take a couple of kilobytes, the view draws it as it
//! is (`<path d=…>`), and [`is_valid`] lets nothing else through.

/// The box a signature is drawn in.
pub const WIDTH: f64 = 300.0;
pub const HEIGHT: f64 = 100.0;
/// The longest path kept (a long signature is some 3,000 characters).
pub const MAX_LEN: usize = 20_000;

/// The path of strokes drawn in the box (points in its units); none when nothing was drawn.
/// Points are rounded to whole units, repeated points dropped; a stroke of one point is a
/// dot.
pub fn encode(strokes: &[Vec<(f64, f64)>]) -> Option<String> {
    let unit = |v: f64, max: f64| -> i32 {
        if v.is_finite() {
            // Clamped to the box, so the cast cannot overflow.
            #[allow(clippy::cast_possible_truncation)]
            let n = v.clamp(0.0, max).round() as i32;
            n
        } else {
            0
        }
    };
    let mut out = String::new();
    for stroke in strokes {
        let mut points = stroke
            .iter()
            .map(|&(x, y)| (unit(x, WIDTH), unit(y, HEIGHT)));
        let Some(first) = points.next() else { continue };
        let mut steps = String::new();
        let mut at = first;
        for p in points {
            if p == at {
                continue;
            }
            let (dx, dy) = (p.0.saturating_sub(at.0), p.1.saturating_sub(at.1));
            steps.push_str(&format!(
                "{}{dx} {dy}",
                if steps.is_empty() { "" } else { " " }
            ));
            at = p;
        }
        if steps.is_empty() {
            steps.push_str("0 0");
        }
        let stroke = format!("M{} {}l{steps}", first.0, first.1);
        if out.len().saturating_add(stroke.len()) > MAX_LEN {
            break;
        }
        out.push_str(&stroke);
    }
    (!out.is_empty()).then_some(out)
}

/// The strokes of a path, as absolute points; none when it is not a path [`encode`] makes
/// (another command, a number out of the box, too long).
pub fn strokes(path: &str) -> Option<Vec<Vec<(i32, i32)>>> {
    if path.is_empty() || path.len() > MAX_LEN {
        return None;
    }
    let mut out: Vec<Vec<(i32, i32)>> = Vec::new();
    for part in path.split('M').skip(1) {
        let (start, steps) = part.split_once('l')?;
        let (x, y) = start.split_once(' ')?;
        let mut at = (number(x)?, number(y)?);
        let inside = |(x, y): (i32, i32)| (0..=300).contains(&x) && (0..=100).contains(&y);
        if !inside(at) {
            return None;
        }
        let mut stroke = vec![at];
        let nums: Vec<&str> = steps.split(' ').collect();
        if !nums.len().is_multiple_of(2) {
            return None;
        }
        for pair in nums.chunks(2) {
            let [dx, dy] = pair else { return None };
            at = (
                at.0.checked_add(number(dx)?)?,
                at.1.checked_add(number(dy)?)?,
            );
            if !inside(at) {
                return None;
            }
            stroke.push(at);
        }
        out.push(stroke);
    }
    // Anything before the first `M` is not a path.
    (path.starts_with('M') && !out.is_empty()).then_some(out)
}

/// A whole number as [`encode`] writes it (an optional `-` and digits, no more than 3).
fn number(s: &str) -> Option<i32> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Is this a signature path [`encode`] could have made?
pub fn is_valid(path: &str) -> bool {
    strokes(path).is_some()
}
