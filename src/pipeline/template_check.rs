//! A template's own errors found by rendering one page of it: the sample of each template's
//! pages serve renders first after a template edit, and the templates' errors serve's
//! rebuild with content errors still reports (`build` and `check` render every page they can
//! then: `super::in_memory`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{render_jobs, Failure, Prepared};
use crate::diagnostics::{self, Diagnostic};
use crate::render;

/// What serve's rebuild tells of a site with content errors: what was found before any page
/// is rendered, the templates' own errors (one sample page of each) and the images no file
/// answers; the output check's other findings wait for the fix (rendering the whole site on
/// every save with an error would keep the error page waiting).
pub(super) fn quick_failure(p: &Prepared) -> Failure {
    let mut diags = template_errors(p);
    diags.extend(super::named_files::missing_images(p, &p.warnings));
    diags.extend(p.warnings.iter().cloned());
    diagnostics::sort(&mut diags);
    Failure::Content(diags)
}

/// The templates' own errors when the content has errors (`p.warnings`): one page of each
/// template is rendered (nothing is written), always the page of a file without errors (a
/// template whose only pages have errors waits for the next run), so a content error does
/// not hide a template error and causes none.
fn template_errors(p: &Prepared) -> Vec<Diagnostic> {
    let broken: BTreeSet<&Path> = p.warnings.iter().filter(|d| d.is_error()).map(|d| d.path.as_path()).collect();
    match render_jobs(p, &template_samples(p, clean(p, &broken))) {
        Err(f) => f.diagnostics().to_vec(),
        Ok(_) => Vec::new(),
    }
}

/// Whether a job is no page of a document whose file is among `broken` (the files with errors).
pub(super) fn clean<'a>(p: &'a Prepared, broken: &'a BTreeSet<&Path>) -> impl Fn(&render::Job) -> bool + 'a {
    move |j| match j {
        render::Job::Doc(id) => !broken.contains(p.site.doc(*id).path.as_path()),
        _ => true,
    }
}

/// One job of each template (and the first machine-readable file) among the jobs `usable`
/// accepts, in job order: rendering them finds the templates' own errors. Of a list
/// template's pages the one that lists the fewest documents (the first of those), since
/// serve waits for these pages after a template edit (a topic's first page of 100 cards
/// takes several milliseconds, its last page of a few a fraction of one).
pub fn template_samples(p: &Prepared, usable: impl Fn(&render::Job) -> bool) -> Vec<render::Job> {
    let mut chosen: BTreeMap<Option<&str>, (usize, usize)> = BTreeMap::new();
    for (i, job) in p.jobs.iter().enumerate().filter(|(_, j)| usable(j)) {
        let listed = render::listed(&p.site, job);
        let slot = chosen.entry(render::spec(&p.site, job).template).or_insert((i, listed));
        if listed < slot.1 {
            *slot = (i, listed);
        }
    }
    let mut picked: Vec<usize> = chosen.into_values().map(|(i, _)| i).collect();
    picked.sort_unstable();
    picked.into_iter().map(|i| p.jobs[i].clone()).collect()
}
