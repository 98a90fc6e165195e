//! Rendering the jobs in parallel, in every language (a file written once for the whole
//! site in the default language only), and the search index files of every language as
//! serve asks for them (built in [`super::search_stage`]).

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use super::search_stage::Texts;
use super::timings::{timings, Timed};
use super::{Failure, Prepared};
use crate::diagnostics::{self, Diagnostic};
use crate::render::{self, Renderer};

/// Pages rendered one after another by a thread at most before the rest of them may go to
/// another thread.
const PAGES_AT_A_TIME: usize = 32;

/// Renders `jobs` (in parallel) in every language (`sitemap.xml` and `robots.txt` once) into
/// (output file, text), languages in order, then jobs in the order given. All template errors
/// are collected.
pub fn render_jobs(p: &Prepared, jobs: &[render::Job]) -> Result<Vec<(PathBuf, String)>, Failure> {
    render_each(p, jobs, |rel, page| Ok((rel, page.into_string())))
}

/// Renders `jobs` like [`render_jobs`], handing each file to `sink` as soon as it is rendered
/// (from the rendering thread; a print edition in parts, [`render::Page`]) and keeping what `sink` returns, in the same order. Template
/// errors are collected and returned together (sorted); the first error of `sink` stops the
/// work.
pub(super) fn render_each<T: Send>(
    p: &Prepared,
    jobs: &[render::Job],
    sink: impl Fn(PathBuf, render::Page<'_>) -> Result<T, Failure> + Sync,
) -> Result<Vec<T>, Failure> {
    Ok(render_each_until(p, jobs, sink, &|| false)?.0)
}

/// [`render_each`], stopping as soon as `stop` says so: the jobs started finish, the others
/// are not rendered. Returns what `sink` returned for each file rendered, and the indices in
/// `jobs` of the jobs left (a job is left while any of its languages is).
pub fn render_each_until<T: Send>(
    p: &Prepared,
    jobs: &[render::Job],
    sink: impl Fn(PathBuf, render::Page<'_>) -> Result<T, Failure> + Sync,
    stop: crate::search::Stop,
) -> Result<(Vec<T>, Vec<usize>), Failure> {
    let started = Instant::now();
    let all = &p.jobs;
    let input = p.render_input();
    let renderers: Vec<Renderer> = (0..p.site.config.languages.len()).map(|l| Renderer::new(input, all, l)).collect();
    // a job written once for the whole site is rendered in the default language only
    let once: Vec<bool> = jobs.iter().map(|j| render::spec(&p.site, j).once).collect();
    let once = &once;
    let work: Vec<(&Renderer, usize)> = renderers
        .iter()
        .enumerate()
        .flat_map(|(l, r)| (0..jobs.len()).filter(move |&j| l == 0 || !once[j]).map(move |j| (r, j)))
        .collect();
    // the few long jobs (print editions, the programme, schedule) start first, each on a
    // thread of its own while the other threads share the pages, so none of them is left
    // running alone at the end; results go back in job order
    let mut order: Vec<usize> = (0..work.len()).collect();
    order.sort_by_key(|&i| !long_job(&jobs[work[i].1]));
    let timed = timings().then(Timed::default);
    let results: Vec<(usize, Option<Result<T, Diagnostic>>)> = order
        .par_iter()
        // runs of a few pages at most (a few ms), so no thread is left with a long run of
        // them while the other has nothing left to do (rayon stops splitting a run nobody
        // steals; the last one had left a core idle for 60–80 ms at 50,000 pages)
        .with_max_len(PAGES_AT_A_TIME)
        .map(|&i| -> Result<_, Failure> {
            if stop() {
                return Ok((i, None));
            }
            let (r, job) = work[i];
            let t = Instant::now();
            let (rel, text) = match r.render_page(&jobs[job]) {
                Ok(page) => page,
                Err(d) => return Ok((i, Some(Err(d)))),
            };
            let Some(timed) = &timed else { return Ok((i, Some(Ok(sink(rel, text)?)))) };
            let (rendered, path) = (t.elapsed(), rel.clone());
            let sunk = sink(rel, text)?;
            timed.add(kind_of(p, &jobs[job]), path, rendered, t.elapsed() - rendered);
            Ok((i, Some(Ok(sunk))))
        })
        .collect::<Result<_, Failure>>()?;
    let mut slots: Vec<Option<Result<T, Diagnostic>>> = (0..work.len()).map(|_| None).collect();
    let mut left = Vec::new();
    for (i, r) in results {
        match r {
            Some(r) => slots[i] = Some(r),
            None => left.push(work[i].1),
        }
    }
    left.sort_unstable();
    left.dedup();
    if let Some(timed) = timed {
        timed.trace(started);
    }
    let mut out = Vec::with_capacity(slots.len());
    let mut content = Vec::new();
    for r in slots.into_iter().flatten() {
        match r {
            Ok(page) => out.push(page),
            Err(d) => content.push(d),
        }
    }
    if !content.is_empty() {
        let mut content = crate::theme::one_per_place(content);
        diagnostics::sort(&mut content);
        return Err(Failure::Content(content));
    }
    Ok((out, left))
}

/// What kind of file a job makes, for [`Timed`]: the job's kind, a document's kind, and for
/// a list whether it is its first page (which may show more than the others).
fn kind_of(p: &Prepared, job: &render::Job) -> String {
    use render::Job;
    let page = |n: &usize| if *n == 1 { "first page" } else { "later pages" };
    match job {
        Job::Doc(id) => format!("Doc({:?})", p.site.doc(*id).kind),
        Job::Term(t, _, n) => format!("Term({t:?}), {}", page(n)),
        Job::Forums(n) | Job::Speakers(n) | Job::NewsPage(n) => {
            format!("{:?}, {}", render::JobKind::from(job), page(n))
        }
        Job::Calendar(forum) => format!("Calendar({})", if forum.is_some() { "a forum" } else { "the programme" }),
        _ => format!("{:?}", render::JobKind::from(job)),
    }
}

/// Jobs that take far longer than a page: one file built from the whole site.
pub fn long_job(job: &render::Job) -> bool {
    use render::Job;
    matches!(
        job,
        Job::PaperPrint(_)
            | Job::Programme
            | Job::Schedule
            | Job::Calendar(None)
            | Job::Atom
            | Job::Sitemap
            | Job::SitemapPart(_)
    )
}

/// The search index files of every language (output path, JSON), in no particular order;
/// `None` when `stop` said to give up.
pub fn search_files_until(
    p: &Prepared,
    jobs: &[render::Job],
    stop: crate::search::Stop,
) -> Option<Vec<(PathBuf, String)>> {
    let files = std::sync::Mutex::new(Vec::new());
    let Ok(done) = super::search_stage::search_each(p, jobs, &mut Texts::InBodies, stop, |rel, json| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push((rel, json));
        Ok::<(), std::convert::Infallible>(())
    });
    done.then(|| files.into_inner().unwrap_or_else(|e| e.into_inner()))
}
