//! [`DocResult`]: what the Markdown stage made of one document. `pipeline` makes one per
//! document (one vector, indexed by document id), `render` shows them, `serve::deps` compares
//! a rebuild's with the previous ones. A value only; below `pipeline`, `render` and `serve`.

use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::graph::DocId;
use crate::markdown::Rendered;
use crate::paper::PageExt;

/// One document's results: its rendered body, what rendering it reported, and a paper
/// page's pass-two state.
#[derive(Clone)]
pub struct DocResult {
    /// The body rendered: HTML, table of contents, anchors and links to anchors, first
    /// paragraph, images, text by section. A rebuild that reuses it shares this `Arc`, so an
    /// unchanged body is the same pointer.
    pub body: Arc<Rendered<DocId>>,
    /// What rendering the body reported.
    pub diagnostics: Arc<Vec<Diagnostic>>,
    /// A paper page's pass-two state (`None` for other documents).
    pub paper: Option<Arc<PageExt>>,
}
