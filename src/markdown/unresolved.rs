//! What CommonMark leaves as text without a word, said as warnings: reference links whose
//! reference is defined nowhere (`[text][ref]`), links whose address has a space in it
//! (`[text](my report.pdf)`), footnote references whose note is defined nowhere (`[^x]`), and
//! notes nothing refers to.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{BrokenLink, Event, LinkType, Options, Parser};

use super::Events;
use crate::diagnostics::Diagnostic;

/// What was meant as a link and is shown as text, brackets and all.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Unlinked {
    /// `[text][ref]` or `[text][]` with its reference defined nowhere in the body.
    Reference(String),
    /// `[text](address)` whose address has white space in it: the address as written.
    Spaced(String),
}

/// [`events`], and what was meant as a link and is left as text, with its byte offset: the
/// reference links whose reference is defined nowhere, and the inline links whose address has
/// a space in it (CommonMark reads `[text]` as a bracket in prose, and the `(…)` after it as
/// text). A bare `[text]` is not one of them: brackets in prose are common.
pub(super) fn events_and_unlinked(body: &str, opts: Options) -> (Events<'_>, Vec<(usize, Unlinked)>) {
    let mut undefined = Vec::new();
    let mut events = Vec::with_capacity(body.len() / 10 + 16);
    let note = |link: BrokenLink<'_>| {
        match link.link_type {
            LinkType::Reference | LinkType::Collapsed => {
                undefined.push((link.span.start, Unlinked::Reference(link.reference.to_string())));
            }
            LinkType::Shortcut => {
                // `(` right after the `]`, closed on the same line, with white space inside
                // that no `<…>` allows
                let after = &body[link.span.end..];
                let inside = after.strip_prefix('(').and_then(|a| {
                    let end = a.find([')', '\n'])?;
                    (a.as_bytes()[end] == b')').then(|| &a[..end])
                });
                if let Some(address) =
                    inside.map(str::trim).filter(|a| a.contains(char::is_whitespace) && !a.starts_with('<'))
                {
                    undefined.push((link.span.end + 1, Unlinked::Spaced(address.to_string())));
                }
            }
            _ => {}
        }
        None
    };
    events.extend(Parser::new_with_broken_link_callback(body, opts, Some(note)).into_offset_iter());
    undefined.dedup();
    (events, undefined)
}

/// The label of a footnote reference (`[^label]`) whose note is defined nowhere, given the
/// range of a `[` text event and the events after it: with GitHub's footnotes, such a reference
/// is left as the texts `[`, `^label` and `]`, one after the other in the source.
pub(super) fn undefined_footnote<'e>(open: &Range<usize>, after: &'e [(Event<'_>, Range<usize>)]) -> Option<&'e str> {
    match after {
        [(Event::Text(label), l), (Event::Text(close), c), ..]
            if close.as_ref() == "]" && open.end == l.start && l.end == c.start =>
        {
            let label = label.strip_prefix('^')?;
            (!label.is_empty() && !label.contains(char::is_whitespace)).then_some(label)
        }
        _ => None,
    }
}

/// The footnotes a body cites and defines (labels without case, as GitHub matches them).
#[derive(Default)]
pub(super) struct Footnotes {
    cited: BTreeSet<String>,
    defined: Vec<(String, usize)>,
}

impl Footnotes {
    /// A reference to note `name`.
    pub(super) fn cite(&mut self, name: &str) {
        self.cited.insert(name.to_lowercase());
    }

    /// Note `name`, defined at byte `offset` of the body; or, when it is defined already (a
    /// second `[^1]:`, labels without case), where the first definition is.
    pub(super) fn define(&mut self, name: &str, offset: usize) -> Result<(), usize> {
        let lower = name.to_lowercase();
        if let Some((_, first)) = self.defined.iter().find(|(n, _)| n.to_lowercase() == lower) {
            return Err(*first);
        }
        self.defined.push((name.to_string(), offset));
        Ok(())
    }

    /// The notes nothing refers to, with their offsets.
    pub(super) fn unreferenced(&self) -> impl Iterator<Item = (&str, usize)> {
        self.defined
            .iter()
            .filter(|(name, _)| !self.cited.contains(&name.to_lowercase()))
            .map(|(n, o)| (n.as_str(), *o))
    }
}

/// `[text](address with a space)`, at the address.
pub(super) fn address_with_a_space(path: &Path, line: usize, col: usize, address: &str) -> Diagnostic {
    let escaped = address.split_whitespace().collect::<Vec<_>>().join("%20");
    Diagnostic::warning(
        path,
        line,
        col,
        format!("the link's address `{address}` has a space in it, so the link is shown as text"),
    )
    .with_help(format!("write the space as `%20` (`{escaped}`), or put the address in angle brackets: `(<{address}>)`"))
}

/// `[text][reference]` with `reference` defined nowhere, at `path:line:col`.
pub(super) fn reference_defined_nowhere(path: &Path, line: usize, col: usize, reference: &str) -> Diagnostic {
    Diagnostic::warning(path, line, col, format!("the link reference `[{reference}]` is defined nowhere"))
        .with_help(format!("define it on a line of its own, `[{reference}]: https://…`, or write the link inline: `[text](https://…)`; as it is, the brackets are shown as text"))
}

/// A second note `[^label]:`, the first at `first_line`.
pub(super) fn footnote_defined_twice(
    path: &Path,
    line: usize,
    col: usize,
    label: &str,
    first_line: usize,
) -> Diagnostic {
    Diagnostic::error(
        path,
        line,
        col,
        format!("the footnote `[^{label}]` is defined twice: here and on line {first_line}"),
    )
    .with_help("keep one of the two notes, or give this one a label of its own and refer to it")
}

/// `[^label]` with its note defined nowhere.
pub(super) fn footnote_defined_nowhere(path: &Path, line: usize, col: usize, label: &str) -> Diagnostic {
    Diagnostic::warning(path, line, col, format!("the footnote `[^{label}]` is defined nowhere"))
        .with_help(format!("add its note on a line of its own, `[^{label}]: the note's text`, or remove the reference; as it is, it is shown as text"))
}

/// Note `name` that nothing refers to.
pub(super) fn footnote_never_referred_to(path: &Path, line: usize, col: usize, name: &str) -> Diagnostic {
    Diagnostic::warning(path, line, col, format!("the footnote `[^{name}]` is never referred to"))
        .with_help(format!("write `[^{name}]` where the note belongs, or remove the note; as it is, it is shown where it is written, with nothing pointing to it"))
}
