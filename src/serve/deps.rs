//! Which pages a change touches: from the previous and the new [`Prepared`] site, the render
//! jobs whose output may differ. Pure: compares values, does no I/O.
//!
//! Invariant: when in doubt, everything. A document counts as changed when its text, its
//! rendered body or the size of one of its Markdown images differs (whatever the watcher
//! said); a page is re-rendered when it shows a changed document — the document's own page,
//! pages that reference it or that it references (or link to a place in it, when a
//! translation's ids change), the lists and taxonomy pages of its kind,
//! the home page — as the job table says (`render::Shows`, one entry per job, so no kind of
//! page is left out here). Any change to the set of documents, their addresses, the set of
//! pages, the site-wide values (menu, event) or the processed photos, news images and logos
//! re-renders everything.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use crate::graph::{DocId, PaperEntry, Site};
use crate::load::Kind;
use crate::pipeline::Prepared;
use crate::render::{self, views::Views, Job, Shows, Taxonomy, PAGE_TEMPLATES};

/// The jobs a change touches, in the new site's order, in two groups.
#[derive(Debug, Default)]
pub struct Affected {
    /// The changed documents' own pages and those of the documents they show or that show
    /// them (and their calendars): cheap, and what the editor is looking at.
    pub pages: Vec<Job>,
    /// Pages that list the whole site or a large part of it (home, lists, taxonomies, the
    /// programme, calendars, feeds, sitemap, print editions). Empty when a template changed:
    /// then everything is in `pages`, so template errors show at once.
    pub site_wide: Vec<Job>,
    /// The papers (by position) whose view is unchanged: the new site may reuse their
    /// template values ([`crate::render::Made::keep_paper`]).
    pub kept_papers: Vec<usize>,
}

/// Whether a job shows one document (its page, a redirect, its calendar), as opposed to a
/// listing; the home page is a listing.
fn per_document(site: &Site, shows: &Shows) -> bool {
    matches!(shows, Shows::Doc(id) if site.home != Some(site.original_of[*id]))
}

/// The jobs to render again; `None` means all of them.
pub fn affected(
    old: &Arc<Prepared>,
    new: &Arc<Prepared>,
    templates: &BTreeSet<String>,
    memo: &mut Memo,
) -> Option<Affected> {
    let (o, n) = (&old.site, &new.site);
    let everything = |why: &str| {
        if crate::pipeline::timings() {
            errln!("[timings] serve: everything, as {why}");
        }
        None
    };
    if o.docs.len() != n.docs.len()
        || o.urls != n.urls
        || o.docs.iter().zip(&n.docs).any(|(a, b)| !Arc::ptr_eq(a, b) && a.path != b.path)
    {
        return everything("documents or addresses changed");
    }
    if templates.iter().any(|t| !PAGE_TEMPLATES.contains(&t.as_str())) {
        return everything("a shared template changed");
    }
    // the same pages, perhaps in another order (forums sort by title among equals)
    let jobs = &new.jobs;
    if !Arc::ptr_eq(&old.jobs, jobs) && old.jobs != *jobs {
        let before: HashSet<&Job> = old.jobs.iter().collect();
        if before.len() != jobs.len() || !jobs.iter().all(|j| before.contains(j)) {
            return everything("the set of pages changed");
        }
    }
    if site_value(old) != site_value(new) {
        return everything("site-wide values changed");
    }
    // a photo, news image or logo may be shown anywhere (faces on forums, lists, the programme);
    // an avatar changes with its speaker's name, which is the speaker's own change
    let (op, np) = (&old.pictures, &new.pictures);
    if !Arc::ptr_eq(op, np) && !op.same_processed(np) {
        return everything("images changed");
    }
    let changed: Vec<DocId> = (0..n.docs.len())
        .filter(|&id| {
            let same_doc = Arc::ptr_eq(&o.docs[id], &n.docs[id]) || o.docs[id].text == n.docs[id].text;
            // the size of a Markdown image is on its document's pages only
            let same_sizes = Arc::ptr_eq(op, np) || op.body_sizes.get(id) == np.body_sizes.get(id);
            !same_doc || !Arc::ptr_eq(&old.docs[id].body, &new.docs[id].body) || !same_sizes
        })
        .collect();
    let mut docs: BTreeSet<DocId> = BTreeSet::new();
    let mut kinds: BTreeSet<Kind> = BTreeSet::new();
    for &changed_id in &changed {
        // a translation's pages are its original's, in another language
        let d = n.original_of[changed_id];
        docs.insert(d);
        kinds.insert(n.docs[d].kind);
        for site in [o, n] {
            neighbours(site, d, &mut docs);
        }
        // a page shown untranslated links to a place in the translation only when the
        // translation has that id (`render::relink`): the pages whose bodies link to a place
        // in `d` follow a change of the translation's ids
        // (and a paper's pages, whose cross-references and citations link to each other)
        if changed_id != d && old.docs[changed_id].body.anchors != new.docs[changed_id].body.anchors {
            docs.extend((0..n.docs.len()).filter(|&x| new.docs[x].body.anchor_refs.iter().any(|r| r.target == d)));
            if let Some(paper) = n.papers.iter().find(|p| p.pages().any(|x| x == d)) {
                docs.extend(paper.pages());
            }
        }
    }
    // a paper's view (its chapters with their summaries and contents) is on its landing page
    // and every chapter: when it changed, they all show the change
    let same_papers = o.papers == n.papers;
    let touched = |p: &PaperEntry| p.pages().any(|id| docs.contains(&id));
    let mut values = BTreeMap::new();
    // the text of a chapter changed and nothing a paper's view shows of it (the view is 500
    // chapters' worth of values at 10k, built and compared in every language)
    let views_kept = changed.iter().all(|&id| chapter_unseen(old, new, id));
    let mut kept_papers = Vec::new();
    let whole: Vec<&PaperEntry> = if same_papers {
        let mut whole = Vec::new();
        for k in (0..n.papers.len()).filter(|&k| touched(&n.papers[k])) {
            if views_kept {
                if let Some(kept) = memo.take(old, k) {
                    values.insert(k, kept);
                }
                continue;
            }
            let before = memo.take(old, k).unwrap_or_else(|| paper_value(old, k));
            let now = paper_value(new, k);
            if before != now {
                whole.push(&n.papers[k]);
            }
            values.insert(k, now);
        }
        kept_papers = (0..n.papers.len()).filter(|&k| !whole.iter().any(|p| p.index == n.papers[k].index)).collect();
        whole
    } else {
        o.papers.iter().chain(&n.papers).filter(|p| touched(p)).collect()
    };
    for p in whole {
        docs.extend(p.pages());
    }
    if !changed.is_empty() {
        docs.extend(n.home);
    }
    // what each kind of job shows is in the job table (`render::spec`)
    let wanted = |spec: &render::Spec| -> bool {
        if spec.template.is_some_and(|t| templates.contains(t)) {
            return true;
        }
        match &spec.shows {
            Shows::Doc(id) => docs.contains(id),
            Shows::Kinds(shown) => shown.iter().any(|k| kinds.contains(k)),
            // a term's page lists cards of the documents that carry it
            Shows::Term(t, slug) => [o, n].iter().any(|site| {
                let terms = if *t == Taxonomy::Topics { &site.topics } else { &site.countries };
                terms.get(*slug).is_some_and(|term| term.docs.iter().any(|d| docs.contains(d)))
            }),
            Shows::Paper(i) => n.papers[*i].pages().any(|id| docs.contains(&id)),
            Shows::Everything => !changed.is_empty(),
            Shows::SiteOnly => false,
        }
    };
    let (mut pages, mut site_wide) = (Vec::new(), Vec::new());
    for job in jobs.iter() {
        let spec = render::spec(n, job);
        if wanted(&spec) {
            let per_page = !templates.is_empty() || per_document(n, &spec.shows);
            if per_page { &mut pages } else { &mut site_wide }.push(job.clone());
        }
    }
    *memo = Memo { site: Some(new.clone()), papers: values };
    Some(Affected { pages, site_wide, kept_papers })
}

/// The paper views last computed for a new site, which the next rebuild compares as its old
/// one: each view is serialised once (the bench's 500-chapter paper takes tens of ms).
#[derive(Default)]
pub struct Memo {
    site: Option<Arc<Prepared>>,
    papers: BTreeMap<usize, String>,
}

impl Memo {
    /// The `k`th paper's view of `site`, if it was kept.
    fn take(&mut self, site: &Arc<Prepared>, k: usize) -> Option<String> {
        self.site.as_ref().filter(|s| Arc::ptr_eq(s, site))?;
        self.papers.remove(&k)
    }
}

/// Documents whose pages show `d`, or that `d`'s page shows.
fn neighbours(site: &Site, d: DocId, out: &mut BTreeSet<DocId>) {
    out.extend(site.speaker_forums[d].iter().map(|&(f, _)| f));
    out.extend(site.mentioned_in[d].iter().copied());
    out.extend(site.speaker_papers[d].iter().copied());
    for x in 0..site.docs.len() {
        if site.speaker_forums[x].iter().any(|&(f, _)| f == d)
            || site.mentioned_in[x].contains(&d)
            || site.speaker_papers[x].contains(&d)
        {
            out.insert(x);
        }
    }
}

/// A value of the site's views in every language, as JSON, to compare.
fn in_every_language<T: serde::Serialize>(p: &Prepared, value: impl Fn(&Views) -> T) -> String {
    (0..p.site.config.languages.len())
        .map(|lang| serde_json::to_string(&value(&Views::new(p.render_input(), lang))).unwrap_or_default())
        .collect()
}

/// Whether what rendering makes once per language ([`crate::render::Made`]: papers' views,
/// the speaker list's order) is the same for `new` as for `old`: the same documents with the
/// same bodies, images, theme strings, PDFs and site-wide values — as after an edit of
/// templates only.
pub fn same_documents(old: &Prepared, new: &Prepared) -> bool {
    let (o, n) = (&old.site, &new.site);
    o.papers == n.papers
        && o.docs.len() == n.docs.len()
        && o.docs.iter().zip(&n.docs).all(|(a, b)| Arc::ptr_eq(a, b))
        && old.docs.iter().zip(&new.docs).all(|(a, b)| Arc::ptr_eq(&a.body, &b.body))
        && (Arc::ptr_eq(&old.pictures, &new.pictures) || old.pictures.same_processed(&new.pictures))
        && old.theme.strings == new.theme.strings
        && old.linked_pdfs == new.linked_pdfs
        && old.page_size == new.page_size
        && site_value(old) == site_value(new)
}

/// Whether document `id` is a chapter (or a chapter's translation) whose front matter, first
/// paragraph and headings are as they were: its paper's view shows only those of it (its
/// card and table of contents), so the view is unchanged by it.
fn chapter_unseen(old: &Prepared, new: &Prepared, id: DocId) -> bool {
    let (o, n) = (&old.site, &new.site);
    let chapter = n.chapter_place(n.original_of[id]).is_some();
    let (a, b) = (o.doc(id), n.doc(id));
    let (x, y) = (&old.docs[id].body, &new.docs[id].body);
    chapter
        && a.text[a.yaml.clone()] == b.text[b.yaml.clone()]
        && x.first_paragraph == y.first_paragraph
        && x.toc == y.toc
}

/// The site-wide template value (title, menu, event), to compare.
fn site_value(p: &Prepared) -> String {
    in_every_language(p, |v| v.site_view())
}

/// The template value of the `k`th paper, to compare.
fn paper_value(p: &Prepared, k: usize) -> String {
    in_every_language(p, |v| v.paper(&p.site.papers[k]))
}
