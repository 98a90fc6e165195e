//! The file checks and the output check on the site rendered in memory (nothing is written):
//! `check` on every run, and `build` and `check` when the content has errors — so one run
//! tells every mistake, each once, and a build that fails still writes nothing.
//!
//! A site with errors is rendered whole, every page that can be: the pages of documents
//! without errors are checked as a build checks them, and a template's error on one of them
//! is told; what a document's errors make of its own pages (and its translations', which
//! inherit its front matter) is theirs, so on those pages only dead links and links outside
//! the base path written in a source file are told (a missing `#fragment` there may be one
//! the errors took away, a template's link made from front matter with errors is theirs), a
//! fragment into them is not checked (as into a page that could not be rendered, which is not
//! checked either: it would exist), the raw `@/…` destination a broken `@/` link leaves in a
//! page is that link's error, and a file a source names that an error already says is missing
//! (an image, the icon) is no dead link too.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Mutex;

use super::{named_files, output_check, render_each_until, static_files, template_check, Failure, Prepared};
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::linkcheck::{Broken, Compact, Problem, Strings, Table};
use crate::render::Page;

/// Rendered pages as the check keeps them: each output path ([`output_check::key`]) with, for
/// an HTML page, its ids and links compacted into a [`Strings`] table as soon as it is
/// rendered, so that the site's pages are never all in memory at once (a failing build at
/// 50,000 pages held them all: 2.1 GiB at its peak against 1.2 GiB before it rendered).
type Scanned = Vec<(String, Option<Compact>)>;

/// The failure of a site with content errors: its findings and everything [`findings`] adds.
pub(super) fn failure(mut p: Prepared) -> Failure {
    let found = findings(&p, &p.warnings);
    let mut diags = std::mem::take(&mut p.warnings);
    diags.extend(found);
    diagnostics::sort(&mut diags);
    super::let_go(p);
    Failure::Content(diags)
}

/// What the file checks and the output check find beyond `told` (the findings so far, which
/// include `p.warnings`): missing Markdown images, then the output check's findings that no
/// finding already tells. When `p.warnings` hold errors, the templates' own errors found
/// rendering the pages of documents without errors too.
pub fn findings(p: &Prepared, told: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut found = named_files::missing_images(p, told);
    let rendered = if diagnostics::error_count(&p.warnings) > 0 { with_errors(p) } else { without_errors(p) };
    let all: Vec<&Diagnostic> = told.iter().chain(&found).collect();
    let missing = missing_files(&all);
    let fresh: Vec<Diagnostic> = rendered.into_iter().filter(|d| !already_told(&p.root, d, &all, &missing)).collect();
    found.extend(fresh);
    found
}

/// The output check of a site without errors: every page rendered (a template's error is the
/// finding then) and checked.
fn without_errors(p: &Prepared) -> Vec<Diagnostic> {
    let strings = Strings::default();
    let (pages, errors) = rendered(p, &p.jobs, &strings);
    if !errors.is_empty() {
        return errors;
    }
    checked(p, &pages, &[], &strings.into_table())
}

/// The output check of a site with errors (see the module's notes): the templates' errors on
/// pages of documents without errors, then what the check finds that is not the errors' own.
fn with_errors(p: &Prepared) -> Vec<Diagnostic> {
    let broken: BTreeSet<&Path> = p.warnings.iter().filter(|d| d.is_error()).map(|d| d.path.as_path()).collect();
    // a translation shows its original's front matter where it leaves a key out
    let has_errors =
        |id: usize| [id, p.site.original_of[id]].iter().any(|&d| broken.contains(p.site.doc(d).path.as_path()));
    let (clean, other): (Vec<_>, Vec<_>) = p.jobs.iter().cloned().partition(template_check::clean(p, &broken));
    let strings = Strings::default();
    let (mut pages, template_errors) = rendered(p, &clean, &strings);
    // a page of a document with errors may not render: what it would have been is theirs
    pages.extend(rendered(p, &other, &strings).0);
    pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let showing = output_check::pages_showing(p, has_errors);
    let (theirs, others): (Scanned, Scanned) = pages.into_iter().partition(|(key, _)| showing.contains(key));
    let mut found = template_errors;
    found.extend(checked(p, &others, &theirs, &strings.into_table()));
    found
}

/// `jobs` rendered in every language: the files rendered, scanned into `strings` (in no
/// particular order), and the templates' errors (the files that hit one are not among them).
fn rendered(p: &Prepared, jobs: &[crate::render::Job], strings: &Strings) -> (Scanned, Vec<Diagnostic>) {
    let pages = Mutex::new(Vec::new());
    let errors = render_each_until(
        p,
        jobs,
        |rel, page| {
            let key = output_check::key(&rel);
            let scan = key.ends_with(".html").then(|| match page {
                Page::Whole(bytes) => strings.compact(&bytes),
                Page::Parts(parts) => strings.compact(parts.into_string().as_bytes()),
            });
            pages.lock().unwrap_or_else(|e| e.into_inner()).push((key, scan));
            Ok(())
        },
        &|| false,
    )
    .err()
    .map_or_else(Vec::new, |f| f.diagnostics().to_vec());
    (pages.into_inner().unwrap_or_else(|e| e.into_inner()), errors)
}

/// The output check of `pages` and `theirs` (the pages showing a document with errors), and
/// of the copied stylesheets, the files written being the copies, every job's output
/// (rendered or not) and the search index. A fragment into a page of `theirs` is not checked
/// (they are not among the pages whose ids the check knows); of `theirs`, only the dead links
/// and links outside the base path written in a source file are told (one a template writes
/// from a document's front matter with errors is the errors' own: a material's file the
/// document's error already names); anywhere, a raw `@/…` destination is its link's error.
fn checked(
    p: &Prepared,
    pages: &[(String, Option<Compact>)],
    theirs: &[(String, Option<Compact>)],
    table: &Table,
) -> Vec<Diagnostic> {
    let copies = match static_files(p) {
        Ok(files) => files,
        Err(f) => return f.diagnostics().to_vec(),
    };
    let mut written: std::collections::HashSet<String> = copies.iter().map(|(r, _)| output_check::key(r)).collect();
    written.extend(output_check::job_outputs(p));
    let exists = |f: &str| written.contains(f) || f.starts_with("search/");
    let check = |pages: &[(String, Option<Compact>)], keep: &dyn Fn(&Broken) -> bool| {
        let refs: Vec<(&str, &Compact)> =
            pages.iter().filter_map(|(key, scan)| Some((key.as_str(), scan.as_ref()?))).collect();
        output_check::check_scanned_kept(p, &refs, table, &exists, keep)
    };
    let not_raw = |b: &Broken| !b.link.starts_with("@/");
    let mut found = check(pages, &not_raw);
    let of_theirs = check(theirs, &|b| not_raw(b) && matches!(b.problem, Problem::NoFile | Problem::OutsideBase));
    // a finding written in no source file is placed at its page
    found.extend(of_theirs.into_iter().filter(|d| !theirs.iter().any(|(key, _)| d.path == Path::new(key))));
    found.extend(super::stylesheets::check(p, &copies, &exists));
    found
}

/// The files that findings say are missing (`image `/img/x.png` not found`, `favicon `x.svg`
/// not found`), as the end of the output check's message of a dead link to them.
fn missing_files(told: &[&Diagnostic]) -> Vec<String> {
    told.iter()
        .filter_map(|d| d.message.strip_suffix("` not found").and_then(|m| m.rsplit_once('`')).map(|(_, f)| f))
        .map(|f| format!("{}`, which this build does not write", f.rsplit('/').next().unwrap_or(f)))
        .collect()
}

/// Whether an output check finding `d` is a mistake already told: a dead link to a file a
/// finding says is missing (`missing`, [`missing_files`]), to a file that has an error of its
/// own (a link leading outside the site: it is not copied), or a link at the very place of an
/// error (a front matter link with no scheme, `github.com/ann`, told as such).
fn already_told(root: &Path, d: &Diagnostic, told: &[&Diagnostic], missing: &[String]) -> bool {
    let at_an_error =
        |t: &&Diagnostic| t.severity == Severity::Error && t.path == d.path && (t.line, t.col) == (d.line, d.col);
    if missing.iter().any(|m| d.message.ends_with(m.as_str())) || (d.line > 0 && told.iter().any(at_an_error)) {
        return true;
    }
    // the link is the message's first quoted text
    let Some(link) = d.message.split('`').nth(1).filter(|_| d.line > 0) else { return false };
    let target = crate::linkcheck::percent_decode(link.split(['?', '#']).next().unwrap_or(""));
    matches!(crate::images::resolve(root, &d.path, &target), Ok(Some(file))
        if told.iter().any(|t| t.severity == Severity::Error && t.path == file))
}
