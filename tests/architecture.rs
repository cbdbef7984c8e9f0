//! The shape of the house, checked: views stay small, and no two UI modules import each
//! other in a circle (other than a parent and its own children), so a feature can be read,
//! moved or replaced on its own.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every .rs file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file under src/ ("ui::projects::board" for
/// src/ui/projects/board/mod.rs or src/ui/projects/board.rs).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
        parts.pop();
    }
    parts
}

fn ui_files() -> (PathBuf, Vec<PathBuf>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src.join("ui"), &mut all);
    all.sort();
    (src, all)
}

/// The paths a file names through `super::` and `crate::`, resolved to absolute module
/// paths (as far as they go: the caller keeps the longest prefix that is a module).
fn references(module: &[String], is_dir_module: bool, text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // `use a::{b, c::{d, e}}` statements are flattened first to "a::b a::c::d a::c::e".
    let mut flat = String::new();
    let mut in_use: Option<String> = None;
    for line in text.lines() {
        let t = line.trim();
        let starts_use = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
            .iter()
            .any(|p| t.starts_with(p));
        match in_use.as_mut() {
            Some(stmt) => stmt.push_str(t),
            None if starts_use => in_use = Some(t.to_string()),
            None => {
                flat.push_str(t);
                flat.push('\n');
                continue;
            }
        }
        if t.ends_with(';') {
            let stmt = in_use.take().unwrap_or_default();
            let body = stmt.trim_end_matches(';');
            let body = body[body.find("use ").map_or(0, |i| i + 4)..].replace(' ', "");
            for path in flatten("", &body) {
                flat.push(' ');
                flat.push_str(&path);
                flat.push(' ');
            }
            flat.push('\n');
        }
    }
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let bytes: Vec<char> = flat.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let starts = (i == 0 || !is_ident(bytes[i - 1]))
            && (rest.starts_with("super::") || rest.starts_with("crate::"));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && (is_ident(bytes[j]) || bytes[j] == ':') {
            j += 1;
        }
        let path: String = bytes[i..j].iter().collect();
        let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let mut abs: Vec<String> = Vec::new();
        let mut k = 0;
        if segs.first() == Some(&"crate") {
            k = 1;
        } else {
            // `super` from a file module is its parent; from a mod.rs, the parent too
            // (the directory module is the module itself).
            abs = module.to_vec();
            let _ = is_dir_module;
            while segs.get(k) == Some(&"super") {
                abs.pop();
                k += 1;
            }
        }
        abs.extend(segs[k..].iter().map(|s| s.to_string()));
        out.push(abs);
        i = j;
    }
    out
}

/// "a::{b,c::{d,e}}" -> ["a::b", "a::c::d", "a::c::e"].
fn flatten(prefix: &str, body: &str) -> Vec<String> {
    let Some(open) = body.find('{') else {
        return vec![format!("{prefix}{body}")];
    };
    let head = format!("{prefix}{}", &body[..open]);
    let inner = &body[open + 1..body.rfind('}').unwrap_or(body.len())];
    // Split the inner list at top-level commas.
    let (mut depth, mut start, mut out) = (0, 0, Vec::new());
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.extend(flatten(&head, &inner[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < inner.len() {
        out.extend(flatten(&head, &inner[start..]));
    }
    out
}

#[test]
fn no_view_file_is_over_700_lines() {
    let (_, all) = ui_files();
    let long: Vec<String> = all
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 700).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these by concept: {long:#?}");
}

#[test]
fn no_import_cycles_between_ui_modules_but_parent_and_child() {
    let (src, all) = ui_files();
    let modules: BTreeSet<Vec<String>> = all.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for f in &all {
        let m = module_of(&src, f);
        let text = std::fs::read_to_string(f).unwrap();
        // Tests inside a file don't count.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        let dir = f.file_name().is_some_and(|n| n == "mod.rs");
        for r in references(&m, dir, text) {
            // The longest prefix that is a module of src/ui.
            let target = (1..=r.len())
                .rev()
                .map(|n| r[..n].to_vec())
                .find(|p| modules.contains(p));
            let Some(t) = target else { continue };
            let related = t.starts_with(&m) || m.starts_with(&t);
            if !related {
                edges.entry(m.clone()).or_default().insert(t);
            }
        }
    }
    // A cycle: a module reaches itself through others.
    let mut cycles = Vec::new();
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.join("::")])];
        let mut seen = BTreeSet::new();
        while let Some((at, path)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    cycles.push(path.join(" -> ") + " -> " + &start.join("::"));
                } else if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.join("::"));
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}
