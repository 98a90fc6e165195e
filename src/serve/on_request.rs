//! Pages rendered on request while a first build renders them all: as soon as the site is
//! prepared (graph, Markdown, images, card names), a requested page is rendered from that
//! prepared site, so the preview shows it before every other page is written.
//!
//! Invariant: a page served from here is the page the build is rendering — the same prepared
//! site, the same [`Renderer`] — so it is byte for byte the page served afterwards. The output
//! check runs when every page is rendered; if it fails, these pages are withdrawn with the
//! rest and the error is shown, as for any failed build. The one exception: a page whose
//! template fails on it (an error only some pages meet, found after one page of each
//! template passed) is the last good one until the error is mended, not a missing page.

use std::sync::Arc;

use crate::pipeline::Prepared;
use crate::render::Renderer;

use super::pages::{Bytes, Pages};

/// A prepared site whose pages are rendered when asked for.
pub struct OnRequest {
    prepared: Arc<Prepared>,
    /// The pages served before, for a page whose template fails now.
    previous: Option<Pages>,
}

impl OnRequest {
    /// Every page of `prepared`, not rendered yet.
    pub fn new(prepared: Arc<Prepared>) -> OnRequest {
        OnRequest { prepared, previous: None }
    }

    /// Every page of `prepared`, not rendered yet; a page whose template fails on it (an
    /// error only some pages meet: the build reports it) is the one served before, if any.
    pub fn after(prepared: Arc<Prepared>, previous: Pages) -> OnRequest {
        OnRequest { prepared, previous: Some(previous) }
    }

    /// Whether a page of the site is at this output path.
    pub fn contains(&self, rel: &str) -> bool {
        self.prepared.job_files().contains_key(rel)
    }

    /// The page at this output path, rendered now; when its template fails (the build
    /// reports that), the one served before; `None` when there is neither.
    pub fn render(&self, rel: &str) -> Option<Bytes> {
        let &(lang, i) = self.prepared.job_files().get(rel)?;
        let jobs = &self.prepared.jobs;
        let renderer = Renderer::new(self.prepared.render_input(), jobs, lang);
        match renderer.render(&jobs[i]) {
            Ok((_, text)) => Some(Arc::new(text.into_bytes())),
            Err(_) => self.previous.as_ref()?.get(rel).cloned(),
        }
    }
}
