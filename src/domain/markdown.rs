//! A safe Markdown subset for the texts people write: card descriptions, comments and run
//! notes (issue 19). Trello descriptions are Markdown, so they read as their authors meant.
//!
//! The subset: paragraphs (a single line break is kept), headings (`#` to `######`), bullet
//! and numbered lists, quotes (`>`), fenced code (```` ``` ````), a rule (`---`); inside a
//! block **strong**, *emphasis*, `code`, `[links](https://…)`, `<https://…>` and bare
//! `https://` addresses, and `\` escapes. There is no raw HTML: every other character is
//! text, and the view writes text as text. A link keeps its address only when it is
//! http, https or mailto ([`safe_href`]); any other keeps just its words.
//!
//! The result is a tree of [`Block`]s the view maps to elements one to one; nothing here
//! builds HTML.

/// A block of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// A heading, whatever its level: in a card or a comment it reads as a strong line.
    Heading(Vec<Inline>),
    /// A list: numbered from `start` when ordered.
    List {
        start: Option<u32>,
        items: Vec<Vec<Inline>>,
    },
    Quote(Vec<Inline>),
    Code(String),
    Rule,
}

/// A run of text inside a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Code(String),
    Link { href: String, children: Vec<Inline> },
    Break,
}

/// The blocks of a text.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut lines = text.lines().peekable();
    let flush = |para: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::Paragraph(inlines(&para.join("\n"))));
            para.clear();
        }
    };
    while let Some(line) = lines.next() {
        let t = line.trim();
        if let Some(fence) = fence(line) {
            flush(&mut para, &mut blocks);
            let mut code: Vec<&str> = Vec::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with(fence) {
                    break;
                }
                code.push(l);
            }
            blocks.push(Block::Code(code.join("\n")));
        } else if t.is_empty() {
            flush(&mut para, &mut blocks);
        } else if let Some(h) = heading(t) {
            flush(&mut para, &mut blocks);
            blocks.push(Block::Heading(inlines(h)));
        } else if is_rule(t) {
            flush(&mut para, &mut blocks);
            blocks.push(Block::Rule);
        } else if let Some(q) = quote(t) {
            flush(&mut para, &mut blocks);
            let mut quoted = vec![q];
            while let Some(q) = lines.peek().and_then(|l| quote(l.trim())) {
                quoted.push(q);
                lines.next();
            }
            blocks.push(Block::Quote(inlines(&quoted.join("\n"))));
        } else if let Some((start, first)) = list_item(t) {
            flush(&mut para, &mut blocks);
            let mut items = vec![first.to_string()];
            while let Some(next) = lines.peek().map(|l| l.trim()) {
                if next.is_empty() || starts_block(next) {
                    break;
                }
                match list_item(next) {
                    Some((s, item)) if s.is_some() == start.is_some() => {
                        items.push(item.to_string())
                    }
                    Some(_) => break,
                    // A line that is no item continues the item before it.
                    None => {
                        if let Some(last) = items.last_mut() {
                            last.push('\n');
                            last.push_str(next);
                        }
                    }
                }
                lines.next();
            }
            let items = items.iter().map(|i| inlines(i)).collect();
            blocks.push(Block::List { start, items });
        } else {
            para.push(t);
        }
    }
    flush(&mut para, &mut blocks);
    blocks
}

/// Whether a line opens a block other than a paragraph or a list item.
fn starts_block(t: &str) -> bool {
    fence(t).is_some() || heading(t).is_some() || is_rule(t) || quote(t).is_some()
}

/// A code fence's marker, when the line opens one.
fn fence(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    ["```", "~~~"].into_iter().find(|f| t.starts_with(f))
}

fn heading(t: &str) -> Option<&str> {
    let text = t.trim_start_matches('#');
    let level = t.len().saturating_sub(text.len());
    if !(1..=6).contains(&level) {
        return None;
    }
    if !(text.is_empty() || text.starts_with([' ', '\t'])) {
        return None;
    }
    Some(text.trim().trim_end_matches('#').trim_end())
}

fn is_rule(t: &str) -> bool {
    let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed.len() >= 3
        && ['-', '*', '_']
            .iter()
            .any(|m| squeezed.chars().all(|c| c == *m))
}

fn quote(t: &str) -> Option<&str> {
    let q = t.strip_prefix('>')?;
    Some(q.strip_prefix(' ').unwrap_or(q))
}

/// A list item: its number when ordered (none for a bullet), and its text.
fn list_item(t: &str) -> Option<(Option<u32>, &str)> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(item) = t.strip_prefix(bullet) {
            return Some((None, item.trim_start()));
        }
    }
    let digits = t.find(|c: char| !c.is_ascii_digit())?;
    let (number, rest) = (t.get(..digits)?, t.get(digits..)?);
    if number.is_empty() || number.len() > 9 {
        return None;
    }
    let item = rest
        .strip_prefix(". ")
        .or_else(|| rest.strip_prefix(") "))?;
    Some((number.parse().ok(), item.trim_start()))
}

/// The runs of a block's text; a line break inside it is kept as [`Inline::Break`].
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let mut prev: Option<char> = None;
    // The marks no closing mark follows any more: later openers of the kind are text, so a
    // long text of unclosed marks takes one search per kind, not one per mark.
    let mut dead = Dead::default();
    while let Some(c) = rest.chars().next() {
        if let Some((node, after)) = special(rest, prev, &mut dead) {
            let used = rest
                .get(..rest.len().saturating_sub(after.len()))
                .unwrap_or_default();
            prev = used.chars().last();
            rest = after;
            if let Inline::Text(t) = node {
                plain.push_str(&t);
                continue;
            }
            if !plain.is_empty() {
                out.push(Inline::Text(std::mem::take(&mut plain)));
            }
            out.push(node);
            continue;
        }
        plain.push(c);
        prev = Some(c);
        let mut it = rest.chars();
        it.next();
        rest = it.as_str();
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// The kinds of mark whose closing mark was looked for and not found: `*`, `**`, `_`,
/// `__`, an address's `>`, a link's `)`.
#[derive(Default)]
struct Dead([bool; 6]);

impl Dead {
    fn is(&self, kind: usize) -> bool {
        self.0.get(kind).copied().unwrap_or(false)
    }

    /// Runs a search for a closing mark once: after a miss, the kind is dead.
    fn search<T>(&mut self, kind: usize, find: impl FnOnce() -> Option<T>) -> Option<T> {
        if self.is(kind) {
            return None;
        }
        let found = find();
        if found.is_none() {
            if let Some(d) = self.0.get_mut(kind) {
                *d = true;
            }
        }
        found
    }
}

/// A run that starts `rest`, and what follows it; none when `rest` starts with plain text.
fn special<'a>(rest: &'a str, prev: Option<char>, dead: &mut Dead) -> Option<(Inline, &'a str)> {
    let mut chars = rest.chars();
    let c = chars.next()?;
    let after = chars.as_str();
    match c {
        '\n' => Some((Inline::Break, after)),
        '\\' => {
            let next = after.chars().next()?;
            if next == '\n' {
                return Some((Inline::Break, after.get(1..)?));
            }
            next.is_ascii_punctuation().then(|| {
                (
                    Inline::Text(next.to_string()),
                    after.get(1..).unwrap_or_default(),
                )
            })
        }
        '`' => code(rest),
        '*' | '_' => emphasis(rest, c, prev, dead),
        '[' => link(after, dead),
        '<' => {
            let end = dead.search(4, || after.find('>'))?;
            let href = after.get(..end)?;
            let href = safe_href(href).filter(|_| !href.contains(char::is_whitespace))?;
            let text = vec![Inline::Text(href.clone())];
            Some((link_to(href, text), after.get(end.saturating_add(1)..)?))
        }
        'h' | 'H' if prev.is_none_or(|p| p.is_whitespace() || p == '(') => bare_url(rest),
        _ => None,
    }
}

fn code(rest: &str) -> Option<(Inline, &str)> {
    let ticks = rest
        .len()
        .saturating_sub(rest.trim_start_matches('`').len());
    let (run, after) = (rest.get(..ticks)?, rest.get(ticks..)?);
    match after.find(run) {
        Some(end) => {
            let inner = after.get(..end)?;
            let inner = match inner.strip_prefix(' ').and_then(|i| i.strip_suffix(' ')) {
                Some(i) if !i.trim().is_empty() => i,
                _ => inner,
            };
            Some((
                Inline::Code(inner.to_string()),
                after.get(end.saturating_add(ticks)..)?,
            ))
        }
        // No closing run: the backticks are text.
        None => Some((Inline::Text(run.to_string()), after)),
    }
}

/// `**strong**`, `*emphasis*` (or with `_`, not inside a word).
fn emphasis<'a>(
    rest: &'a str,
    mark: char,
    prev: Option<char>,
    dead: &mut Dead,
) -> Option<(Inline, &'a str)> {
    if mark == '_' && prev.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let double: &str = if mark == '*' { "**" } else { "__" };
    let (marker, strong) = match rest.strip_prefix(double) {
        Some(_) => (double, true),
        None => (double.get(..1)?, false),
    };
    let inner_start = rest.get(marker.len()..)?;
    if inner_start.starts_with(char::is_whitespace) || inner_start.starts_with(mark) {
        return None;
    }
    let kind = match (mark, strong) {
        ('*', false) => 0,
        ('*', true) => 1,
        (_, false) => 2,
        _ => 3,
    };
    // The first closing marker that follows text, not a space (and for `_`, ends a word).
    let end = dead.search(kind, || {
        inner_start.match_indices(marker).find_map(|(at, _)| {
            let before = inner_start.get(..at)?.chars().last()?;
            let after = inner_start.get(at.saturating_add(marker.len())..)?;
            let next = after.chars().next();
            let ends_word = mark == '*' || !next.is_some_and(char::is_alphanumeric);
            if before.is_whitespace() || !ends_word {
                return None;
            }
            match (strong, next == Some(mark)) {
                // `***` after strong text: the last two close it (`**a *b***`).
                (true, true) => Some(at.saturating_add(1)),
                // A single mark does not close on half of a double one.
                (false, true) => None,
                _ => Some(at),
            }
        })
    });
    let end = match end {
        Some(end) => end,
        // An unclosed `**` is text as a pair (not a `*` and an opener).
        None if strong => return Some((Inline::Text(marker.to_string()), inner_start)),
        None => return None,
    };
    let inner = inlines(inner_start.get(..end)?);
    let after = inner_start.get(end.saturating_add(marker.len())..)?;
    let node = if strong {
        Inline::Strong(inner)
    } else {
        Inline::Emphasis(inner)
    };
    Some((node, after))
}

/// `[words](address)`: a link when the address is safe, else just its words.
fn link<'a>(after_bracket: &'a str, dead: &mut Dead) -> Option<(Inline, &'a str)> {
    // The words end at the next bracket (so a text of many `[` looks at each stretch once).
    let close = after_bracket.find(['[', ']'])?;
    let words = after_bracket.get(..close)?;
    let target_start = after_bracket.get(close..)?.strip_prefix("](")?;
    // The address ends at its `)`, parentheses inside it balanced; it has no spaces. One
    // that runs to the end of the text unclosed ends the search for later ones too.
    let end = dead.search(5, || {
        let mut depth = 0usize;
        for (at, c) in target_start.char_indices() {
            match c {
                c if c.is_whitespace() => return Some(None),
                '(' => depth = depth.saturating_add(1),
                ')' if depth == 0 => return Some(Some(at)),
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        None
    })??;
    let target = target_start.get(..end)?;
    let rest = target_start.get(end.saturating_add(1)..)?;
    let children = inlines(words);
    Some(match safe_href(target) {
        Some(href) => (link_to(href, children), rest),
        None => (Inline::Text(plain_inlines(&children)), rest),
    })
}

fn link_to(href: String, children: Vec<Inline>) -> Inline {
    Inline::Link { href, children }
}

/// A bare `http://` or `https://` address, without the punctuation that ends a sentence.
fn bare_url(rest: &str) -> Option<(Inline, &str)> {
    let lower = rest
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '<')
        .unwrap_or(rest.len());
    let url = rest
        .get(..end)?
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"', '*', '_']);
    let href = safe_href(url)?;
    let after = rest.get(url.len()..)?;
    Some((link_to(href, vec![Inline::Text(url.to_string())]), after))
}

/// The address a link may open: http and https with a host, or mailto with an address.
/// Anything else (javascript:, data:, file:, a relative path) is none.
pub fn safe_href(url: &str) -> Option<String> {
    let url = url.trim();
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let (scheme, rest) = url.split_once(':')?;
    let ok = match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => rest
            .strip_prefix("//")
            .is_some_and(|host| !host.is_empty() && !host.starts_with('/')),
        "mailto" => rest.contains('@'),
        _ => false,
    };
    ok.then(|| url.to_string())
}

/// Whether a text has marks that change how it shows (more than its words and lines): the
/// card dialog then shows the description as it will read.
pub fn has_marks(text: &str) -> bool {
    let blocks = parse(text);
    let words_only = blocks.iter().all(|b| match b {
        Block::Paragraph(runs) => runs
            .iter()
            .all(|r| matches!(r, Inline::Text(_) | Inline::Break)),
        _ => false,
    });
    !words_only || plain(text).split_whitespace().ne(text.split_whitespace())
}

/// The words of a text without its marks: a card's face shows its description's first line
/// this way.
pub fn plain(text: &str) -> String {
    parse(text)
        .iter()
        .map(|b| match b {
            Block::Paragraph(i) | Block::Heading(i) | Block::Quote(i) => plain_inlines(i),
            Block::List { items, .. } => items
                .iter()
                .map(|i| plain_inlines(i))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Code(c) => c.clone(),
            Block::Rule => String::new(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The words of runs, a break as a line break.
pub fn plain_inlines(runs: &[Inline]) -> String {
    let mut s = String::new();
    for r in runs {
        match r {
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { children: c, .. } => {
                s.push_str(&plain_inlines(c))
            }
            Inline::Break => s.push('\n'),
        }
    }
    s
}
