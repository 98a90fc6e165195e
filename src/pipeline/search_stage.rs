//! The search stage: every language's index built a run of documents at a time, the
//! languages in parallel. A build takes the section texts out of the bodies first
//! ([`Texts::take`]) and lets each run's go once every language has indexed it, since the
//! index is their only reader; serve reads them in the bodies, which it keeps.

use std::ops::Range;
use std::path::PathBuf;

use rayon::prelude::*;

use super::Prepared;
use crate::doc_result::DocResult;
use crate::graph::DocId;
use crate::markdown::Text;
use crate::render::{self, Renderer};
use crate::search::{Index, Stop};

/// Documents (originals) indexed at a time, in every language, before their texts may go.
const RUN: usize = 4096;

/// Where the search stage reads each section's text.
pub(super) enum Texts {
    /// In the documents' bodies (serve keeps them for its next rebuild).
    InBodies,
    /// Taken out of the bodies, by document and section; a run's are let go once indexed.
    Taken(Vec<Vec<Text>>),
}

impl Texts {
    /// Takes every section's text out of the bodies of `docs` (a one-off build's, which are
    /// its own: a body shared elsewhere keeps its texts, and they are copied).
    pub(super) fn take(docs: &mut [DocResult]) -> Texts {
        Texts::Taken(
            docs.iter_mut()
                .map(|d| match std::sync::Arc::get_mut(&mut d.body) {
                    Some(body) => body.sections.iter_mut().map(|s| std::mem::take(&mut s.text)).collect(),
                    None => d.body.sections.iter().map(|s| s.text.clone()).collect(),
                })
                .collect(),
        )
    }

    /// The text of section `i` of document `d`.
    fn get<'t>(&'t self, docs: &'t [DocResult], d: DocId, i: usize) -> &'t str {
        match self {
            Texts::InBodies => &docs[d].body.sections[i].text,
            Texts::Taken(texts) => &texts[d][i],
        }
    }

    /// Lets go the texts of documents `ids` (when taken).
    fn let_go(&mut self, ids: impl Iterator<Item = DocId>) {
        if let Texts::Taken(texts) = self {
            for d in ids {
                texts[d] = Vec::new();
            }
        }
    }
}

/// Builds the search index of every language (in parallel), handing each file to `sink`
/// (output path, JSON) as soon as it is made, so the index is never all in memory; the
/// documents are indexed [`RUN`] at a time, after which their taken texts are let go.
/// `Ok(false)` when `stop` said to give up; the first error of `sink` stops the work.
pub(super) fn search_each<E: Send>(
    p: &Prepared,
    jobs: &[render::Job],
    texts: &mut Texts,
    stop: Stop,
    sink: impl Fn(PathBuf, String) -> Result<(), E> + Sync,
) -> Result<bool, E> {
    let renderers: Vec<Renderer> =
        (0..p.site.config.languages.len()).into_par_iter().map(|l| Renderer::new(p.render_input(), jobs, l)).collect();
    let mut indexes: Vec<Index> = renderers.iter().map(|r| Index::new(r.search_language())).collect();
    let originals = p.site.originals;
    for start in (0..originals).step_by(RUN) {
        let ids = start..(start + RUN).min(originals);
        if !add_run(p, &renderers, &mut indexes, ids.clone(), texts, stop, &sink)? {
            return Ok(false);
        }
        texts.let_go(renderers.iter().flat_map(|r| r.search_reads(ids.clone())));
    }
    let done: Vec<bool> = renderers
        .par_iter()
        .zip(indexes)
        .map(|(r, index)| index.finish(stop, &mut |name, json| sink(index_file(r, &name), json)))
        .collect::<Result<_, E>>()?;
    Ok(done.into_iter().all(|d| d))
}

/// Adds the entries of documents `ids` to each language's index, in parallel.
fn add_run<E: Send>(
    p: &Prepared,
    renderers: &[Renderer],
    indexes: &mut [Index],
    ids: Range<DocId>,
    texts: &Texts,
    stop: Stop,
    sink: &(impl Fn(PathBuf, String) -> Result<(), E> + Sync),
) -> Result<bool, E> {
    let text = |d: DocId, i: usize| texts.get(&p.docs, d, i);
    let done: Vec<bool> = renderers
        .par_iter()
        .zip(indexes.par_iter_mut())
        .map(|(r, index)| {
            let entries = r.search_entries(ids.clone(), &text);
            index.add(&entries, stop, &mut |name, json| sink(index_file(r, &name), json))
        })
        .collect::<Result<_, E>>()?;
    Ok(done.into_iter().all(|d| d))
}

/// The output path of the index file `name` of the renderer's language.
fn index_file(r: &Renderer, name: &str) -> PathBuf {
    PathBuf::from(format!("search/{}/{name}", r.search_language()))
}
