//! Fractional ranks: ordering keys that let an item move between any two neighbours
//! by changing only its own key, never renumbering the rest of the list.
//!
//! A rank is a non-empty string over [`DIGITS`] (base 62, in ASCII order so that plain
//! string comparison is the order) that never ends in the lowest digit, so there is always
//! room below and between any two ranks. Appending at the end grows keys slowly
//! (one character per ~30 appends), and [`spread`] gives evenly spaced short keys for bulk
//! creation (sample data, imports).

/// The digits of a rank, in ascending ASCII order.
pub const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE: usize = DIGITS.len();

fn digit(c: u8) -> usize {
    // Ranks are validated when data comes in; a stray byte counts as the middle digit
    // rather than bringing the app down.
    DIGITS.iter().position(|&d| d == c).unwrap_or(31)
}

/// The digit of value `d` (the top digit for anything above it).
fn char_of(d: usize) -> u8 {
    DIGITS.get(d).or(DIGITS.last()).copied().unwrap_or(b'z')
}

/// ASCII bytes (digits, or a stored rank's own bytes) as text; never fails.
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}

/// Is `s` a well-formed rank?
pub fn is_valid(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| DIGITS.contains(&c)) && !s.ends_with('0')
}

/// A rank strictly between `a` and `b`; `None` means the open end of the list.
///
/// Callers pass neighbours of a sorted list. Merged data can hold two equal ranks (ties are
/// broken by id); there is no key between equal keys, so then the result sorts just after `a`.
pub fn between(a: Option<&str>, b: Option<&str>) -> String {
    match (a, b) {
        (Some(a), None) => after(a),
        (a, b) => {
            let a = a.unwrap_or("");
            if let Some(b) = b {
                // A rank that breaks the rules ("0", which nothing is below) has no key
                // before it: sort just after `a` rather than panic.
                if a >= b || !is_valid(b) {
                    return after(a);
                }
            }
            midpoint(a.as_bytes(), b.map(str::as_bytes))
        }
    }
}

/// A rank after `a` that stays short when items are appended one after another.
fn after(a: &str) -> String {
    let bytes = a.as_bytes();
    let mut out = Vec::with_capacity(bytes.len().saturating_add(1));
    for &c in bytes {
        let d = digit(c).saturating_add(1);
        if d < BASE {
            // Bump the first digit that has room; everything after it can go.
            out.push(char_of(d));
            return text(out);
        }
        out.push(c);
    }
    // All top digits ("zzz"): extend.
    out.extend_from_slice(midpoint(b"", None).as_bytes());
    text(out)
}

fn midpoint(a: &[u8], b: Option<&[u8]>) -> String {
    if let Some(b) = b {
        // Common prefix (a padded with the zero digit).
        let n = (b.iter().enumerate())
            .take_while(|&(i, &c)| a.get(i).copied().unwrap_or(b'0') == c)
            .count();
        if let (true, Some((head, rest_b))) = (n > 0, b.split_at_checked(n)) {
            let mut s = text(head.to_vec());
            s.push_str(&midpoint(a.get(n..).unwrap_or_default(), Some(rest_b)));
            return s;
        }
    }
    let da = a.first().map_or(0, |&c| digit(c));
    let first_b = b.and_then(|b| b.first());
    let db = first_b.map_or(BASE, |&c| digit(c));
    if db.saturating_sub(da) > 1 {
        return (char_of(da.saturating_add(db).div_ceil(2)) as char).to_string();
    }
    // Consecutive first digits.
    match (b.map_or(0, <[u8]>::len), first_b) {
        (2.., Some(&c)) => (c as char).to_string(),
        _ => {
            let mut s = (char_of(da) as char).to_string();
            s.push_str(&midpoint(a.get(1..).unwrap_or_default(), None));
            s
        }
    }
}

/// `n` ascending, evenly spaced ranks (for building a list in one go).
pub fn spread(n: usize) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    // Enough digits that n+1 gaps fit: width w with BASE^w > n.
    let mut width: usize = 1;
    let mut cap = BASE;
    while cap <= n {
        width = width.saturating_add(1);
        cap = cap.saturating_mul(BASE);
    }
    let step = cap.checked_div(n.saturating_add(1)).unwrap_or(1);
    (1..=n)
        .map(|i| {
            let mut v = i.saturating_mul(step);
            let mut digits = vec![b'0'; width];
            for slot in digits.iter_mut().rev() {
                *slot = char_of(v.checked_rem(BASE).unwrap_or(0));
                v = v.checked_div(BASE).unwrap_or(0);
            }
            while digits.last() == Some(&b'0') {
                digits.pop();
            }
            text(digits)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_stay_short_and_ordered() {
        let mut last = between(None, None);
        for _ in 0..1000 {
            let next = between(Some(&last), None);
            assert!(next > last && is_valid(&next));
            last = next;
        }
        assert!(
            last.len() < 40,
            "1000 appends gave a {}-char key",
            last.len()
        );
    }

    #[test]
    fn repeated_inserts_between_neighbours() {
        let (mut lo, hi) = ("V".to_string(), "W".to_string());
        for _ in 0..200 {
            let m = between(Some(&lo), Some(&hi));
            assert!(lo < m && m < hi && is_valid(&m), "{lo} < {m} < {hi}");
            lo = m;
        }
        let mut hi2 = "W".to_string();
        for _ in 0..200 {
            let m = between(None, Some(&hi2));
            assert!(m < hi2 && is_valid(&m));
            hi2 = m;
        }
    }

    #[test]
    fn spread_is_sorted_and_valid() {
        for n in [0, 1, 2, 61, 62, 63, 500, 5000] {
            let r = spread(n);
            assert_eq!(r.len(), n);
            assert!(r.windows(2).all(|w| w[0] < w[1]));
            assert!(r.iter().all(|s| is_valid(s)));
        }
    }

    #[test]
    fn a_rank_that_breaks_the_rules_does_not_panic() {
        // Alt+Up on the card below one ranked "0" (a hostile file's trash, before ranks
        // were checked there) asked for a key between nothing and "0".
        for b in ["0", "00", "", "!", "V0"] {
            let r = between(None, Some(b));
            assert!(is_valid(&r), "{b:?} -> {r:?}");
            let r = between(Some("1"), Some(b));
            assert!(is_valid(&r), "{b:?} -> {r:?}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn between_any_two_valid_ranks(a in "[0-9A-Za-z]{0,6}[1-9A-Za-z]", b in "[0-9A-Za-z]{0,6}[1-9A-Za-z]") {
            if a != b {
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                let m = between(Some(&lo), Some(&hi));
                proptest::prop_assert!(lo < m && m < hi && is_valid(&m), "{} < {} < {}", lo, m, hi);
                let before = between(None, Some(&lo));
                proptest::prop_assert!(before < lo && is_valid(&before));
                let after = between(Some(&hi), None);
                proptest::prop_assert!(after > hi && is_valid(&after));
            }
        }
    }
}
