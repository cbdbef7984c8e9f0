//! A text in the safe Markdown subset ([`crate::domain::markdown`]) as elements: every block
//! and run its element, words as text nodes (never HTML), links opened in a new tab with
//! `rel="noopener noreferrer"`.

use crate::domain::markdown::{parse, Block, Inline};
use leptos::prelude::*;

/// The elements of a text, in a `div.md`.
pub fn markdown(text: &str) -> impl IntoView + use<> {
    let blocks = parse(text).into_iter().map(block).collect_view();
    view! { <div class="md">{blocks}</div> }
}

fn block(b: Block) -> AnyView {
    match b {
        Block::Paragraph(i) => view! { <p>{runs(i)}</p> }.into_any(),
        Block::Heading(i) => view! { <p class="md-heading"><strong>{runs(i)}</strong></p> }.into_any(),
        Block::List { start: None, items } => {
            view! { <ul>{items.into_iter().map(|i| view! { <li>{runs(i)}</li> }).collect_view()}</ul> }
                .into_any()
        }
        Block::List { start: Some(n), items } => view! {
            <ol start=n>{items.into_iter().map(|i| view! { <li>{runs(i)}</li> }).collect_view()}</ol>
        }
        .into_any(),
        Block::Quote(i) => view! { <blockquote>{runs(i)}</blockquote> }.into_any(),
        Block::Code(c) => view! { <pre><code>{c}</code></pre> }.into_any(),
        Block::Rule => view! { <hr/> }.into_any(),
    }
}

fn runs(runs: Vec<Inline>) -> Vec<AnyView> {
    runs.into_iter().map(run).collect()
}

fn run(r: Inline) -> AnyView {
    match r {
        Inline::Text(t) => t.into_any(),
        Inline::Strong(c) => view! { <strong>{runs(c)}</strong> }.into_any(),
        Inline::Emphasis(c) => view! { <em>{runs(c)}</em> }.into_any(),
        Inline::Code(c) => view! { <code>{c}</code> }.into_any(),
        Inline::Link { href, children } => view! {
            <a href=href target="_blank" rel="noopener noreferrer">{runs(children)}</a>
        }
        .into_any(),
        Inline::Break => view! { <br/> }.into_any(),
    }
}
