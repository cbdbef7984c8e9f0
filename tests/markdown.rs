//! The safe Markdown subset (`domain::markdown`) that descriptions, comments and run notes
//! render: what each mark makes, that no link opens anything but http, https or mailto, and
//! that rendering never invents or drops a person's words.
#![cfg(not(target_arch = "wasm32"))]

use docket::domain::markdown::{has_marks, parse, plain, safe_href, Block, Inline};
use proptest::prelude::*;

fn t(s: &str) -> Inline {
    Inline::Text(s.into())
}

fn link(href: &str, words: &str) -> Inline {
    Inline::Link {
        href: href.into(),
        children: vec![t(words)],
    }
}

#[test]
fn blocks_paragraphs_headings_lists_quotes_code_and_rules() {
    let text = "# Goal\nShip the **menu** by Friday\nthen rest\n\n- one\n- *two*\n  still two\n\n3. third\n4) fourth\n\n> quoted\n> on\n\n```\nlet x = 1;\n  <b>\n```\n\n---";
    assert_eq!(
        parse(text),
        vec![
            Block::Heading(vec![t("Goal")]),
            Block::Paragraph(vec![
                t("Ship the "),
                Inline::Strong(vec![t("menu")]),
                t(" by Friday"),
                Inline::Break,
                t("then rest"),
            ]),
            Block::List {
                start: None,
                items: vec![
                    vec![t("one")],
                    vec![
                        Inline::Emphasis(vec![t("two")]),
                        Inline::Break,
                        t("still two")
                    ],
                ],
            },
            Block::List {
                start: Some(3),
                items: vec![vec![t("third")], vec![t("fourth")]],
            },
            Block::Quote(vec![t("quoted"), Inline::Break, t("on")]),
            Block::Code("let x = 1;\n  <b>".into()),
            Block::Rule,
        ]
    );
}

#[test]
fn inline_marks_code_escapes_and_words_that_only_look_like_marks() {
    let p = |s: &str| match parse(s).pop() {
        Some(Block::Paragraph(i)) => i,
        other => panic!("{s:?} gave {other:?}"),
    };
    assert_eq!(
        p("a `*not* bold` b"),
        vec![t("a "), Inline::Code("*not* bold".into()), t(" b")]
    );
    assert_eq!(p(r"\*stars\* and \_"), vec![t("*stars* and _")]);
    // snake_case and a lone star stay text; so does an unclosed mark.
    assert_eq!(p("snake_case_name"), vec![t("snake_case_name")]);
    assert_eq!(p("5 * 3 = 15"), vec![t("5 * 3 = 15")]);
    assert_eq!(p("**open"), vec![t("**open")]);
    assert_eq!(
        p("__strong__ and _em_"),
        vec![
            Inline::Strong(vec![t("strong")]),
            t(" and "),
            Inline::Emphasis(vec![t("em")])
        ]
    );
    assert_eq!(
        p("**bold *and em***"),
        vec![Inline::Strong(vec![
            t("bold "),
            Inline::Emphasis(vec![t("and em")])
        ])]
    );
    // Angle brackets are text: there is no HTML.
    assert_eq!(
        p("<script>alert(1)</script>"),
        vec![t("<script>alert(1)</script>")]
    );
}

#[test]
fn links_open_only_http_https_and_mailto() {
    let p = |s: &str| match parse(s).pop() {
        Some(Block::Paragraph(i)) => i,
        other => panic!("{s:?} gave {other:?}"),
    };
    assert_eq!(
        p("See [the plan](https://example.com/plan?a=1) now"),
        vec![
            t("See "),
            link("https://example.com/plan?a=1", "the plan"),
            t(" now")
        ]
    );
    assert_eq!(
        p("[mail us](mailto:ops@example.com)"),
        vec![link("mailto:ops@example.com", "mail us")]
    );
    // Unsafe schemes keep only their words.
    for bad in [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](data:text/html,hi)",
        "[x](file:///etc/passwd)",
        "[x](/relative)",
        "[x](http:/nohost)",
        "[x](vbscript:msgbox)",
        "[x](javascript:alert(document.cookie))",
    ] {
        let out = p(bad);
        assert!(
            !out.iter().any(|i| matches!(i, Inline::Link { .. })),
            "{bad} gave {out:?}"
        );
        assert_eq!(plain(bad), "x", "{bad}");
    }
    // Bare and bracketed addresses, without the sentence's full stop.
    assert_eq!(
        p("Docs at https://docs.example.com/a_b. Or <http://x.org>."),
        vec![
            t("Docs at "),
            link(
                "https://docs.example.com/a_b",
                "https://docs.example.com/a_b"
            ),
            t(". Or "),
            link("http://x.org", "http://x.org"),
            t("."),
        ]
    );
    assert_eq!(p("<javascript:alert(1)>"), vec![t("<javascript:alert(1)>")]);
    assert_eq!(
        p("[wiki](https://en.wikipedia.org/wiki/Gantt_(chart)), then"),
        vec![
            link("https://en.wikipedia.org/wiki/Gantt_(chart)", "wiki"),
            t(", then")
        ]
    );
    assert_eq!(
        safe_href(" HTTPS://Example.com "),
        Some("HTTPS://Example.com".into())
    );
    assert_eq!(safe_href("https://exa mple.com"), None);
    assert_eq!(safe_href("mailto:nobody"), None);
}

#[test]
fn a_card_face_shows_the_words_without_the_marks() {
    assert_eq!(
        plain("## Menu **launch**\n- see [plan](https://x.org)"),
        "Menu launch\nsee plan"
    );
    assert_eq!(plain(""), "");
}

#[test]
fn the_dialog_shows_a_preview_only_when_marks_change_the_text() {
    for words in [
        "",
        "Buy milk",
        "Line one\nline two\n\nA second paragraph",
        "5 * 3 = 15",
    ] {
        assert!(!has_marks(words), "{words:?}");
    }
    for marked in [
        "**Buy** milk",
        "- one",
        "# Menu",
        "see [plan](https://x.org)",
        "https://x.org",
        "`x`",
    ] {
        assert!(has_marks(marked), "{marked:?}");
    }
}

/// Every character of the text that the rendering shows, in order.
fn shown(blocks: &[Block]) -> String {
    plain_of(blocks)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn plain_of(blocks: &[Block]) -> String {
    fn inl(out: &mut String, runs: &[Inline]) {
        for r in runs {
            match r {
                Inline::Text(s) | Inline::Code(s) => out.push_str(s),
                Inline::Strong(c) | Inline::Emphasis(c) => inl(out, c),
                Inline::Link { href, children } => {
                    assert!(safe_href(href).as_deref() == Some(href.as_str()), "{href}");
                    let lower = href.to_ascii_lowercase();
                    assert!(
                        lower.starts_with("http://")
                            || lower.starts_with("https://")
                            || lower.starts_with("mailto:"),
                        "{href}"
                    );
                    inl(out, children)
                }
                Inline::Break => out.push('\n'),
            }
        }
    }
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Paragraph(i) | Block::Heading(i) | Block::Quote(i) => inl(&mut out, i),
            Block::List { items, .. } => items.iter().for_each(|i| inl(&mut out, i)),
            Block::Code(c) => out.push_str(c),
            Block::Rule => {}
        }
        out.push('\n');
    }
    out
}

/// Whether `small`'s characters appear in `big` in the same order.
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut big = big.chars();
    small.chars().all(|c| big.any(|b| b == c))
}

fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "*",
        "**",
        "_",
        "__",
        "`",
        "``",
        "[",
        "]",
        "(",
        ")",
        "](",
        "<",
        ">",
        "#",
        "# ",
        "- ",
        "1. ",
        "> ",
        "```",
        "\n",
        "\n\n",
        " ",
        "\\",
        "---",
        "http://",
        "https://a.b",
        "javascript:",
        "mailto:a@b",
        "word",
        "é",
        "日本",
        "x_y",
        "\t",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Any text renders without a panic; every link is http, https or mailto; the words
    /// shown are the text's own, in order (nothing invented).
    #[test]
    fn rendering_shows_only_the_texts_own_words_and_only_safe_links(text in markdownish()) {
        let blocks = parse(&text);
        let shown = shown(&blocks);
        prop_assert!(is_subsequence(&shown, &text), "{text:?} showed {shown:?}");
    }

    /// A text with no marks shows every one of its words.
    #[test]
    fn plain_words_are_all_shown(words in prop::collection::vec("[a-zA-Z][a-zA-Z0-9éü,.;!?]{0,7}", 0..30),
                                 seps in prop::collection::vec(prop::sample::select(vec![" ", "\n", "\n\n", "  "]), 30)) {
        let text: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
        let want: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert_eq!(shown(&parse(&text)), want);
    }
}

/// A long text of marks that never close is all text (and each kind of mark is looked for
/// once, not once per mark: 100,000 characters of `*a ` took 14.5 s before, 3 ms now).
#[test]
fn long_texts_of_unclosed_marks_are_their_own_words() {
    for piece in [
        "*a ", "_a ", "[a](", "[a", "](a", "**a ", "<a ", "> *a\n", "- *a\n",
    ] {
        let text = piece.repeat(100_000 / piece.len());
        let want: String = text
            .replace("> ", "")
            .replace("- ", "")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert_eq!(shown(&parse(&text)), want, "{piece:?}");
    }
}
