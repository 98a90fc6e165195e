//! Pages rendered on request while a first build renders them all: as soon as the site is
//! prepared (graph, Markdown, images, card names), a requested page is rendered from that
//! prepared site, so the preview shows it before every other page is written.
//!
//! Invariant: a page served from here is the page the build is rendering — the same prepared
//! site, the same [`Renderer`] — so it is byte for byte the page served afterwards. The output
//! check runs when every page is rendered; if it fails, these pages are withdrawn with the
//! rest and the error is shown, as for any failed build.

use std::sync::Arc;

use crate::pipeline::Prepared;
use crate::render::Renderer;

use super::pages::Bytes;

/// A prepared site whose pages are rendered when asked for.
pub struct OnRequest {
    prepared: Arc<Prepared>,
}

impl OnRequest {
    /// Every page of `prepared`, not rendered yet.
    pub fn new(prepared: Arc<Prepared>) -> OnRequest {
        OnRequest { prepared }
    }

    /// Whether a page of the site is at this output path.
    pub fn contains(&self, rel: &str) -> bool {
        self.prepared.job_files().contains_key(rel)
    }

    /// The page at this output path, rendered now; `None` when there is none or its template
    /// fails (the build reports that).
    pub fn render(&self, rel: &str) -> Option<Bytes> {
        let &(lang, i) = self.prepared.job_files().get(rel)?;
        let jobs = &self.prepared.jobs;
        let renderer = Renderer::new(self.prepared.render_input(), jobs, lang);
        let (_, text) = renderer.render(&jobs[i]).ok()?;
        Some(Arc::new(text.into_bytes()))
    }
}
