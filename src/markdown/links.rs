//! Link targets in a body: `@/` links to content files resolved (their anchors recorded for
//! checking), root-relative links under the base path, relative targets naming co-located
//! files written as those files' addresses.

use pulldown_cmark::CowStr;

use super::{AnchorRef, Context};
use crate::diagnostics::Diagnostic;

/// A relative image or link target naming a co-located file, rewritten to that file's
/// address under the base path (a page's address need not be its folder: `pages/about.md`
/// is `/about/`, its `plan.png` is copied to `/pages/plan.png`). Other targets stay as
/// written.
pub(super) fn colocated_file<'e, T>(dest: &CowStr<'e>, cx: &Context<T>) -> Option<CowStr<'e>> {
    let d: &str = dest;
    if d.is_empty() || d.starts_with(['/', '#', '@', '?']) || d.contains(':') {
        return None;
    }
    let cut = d.find(['?', '#']).unwrap_or(d.len());
    let url = (cx.colocated)(&d[..cut])?;
    Some(CowStr::from(format!("{}{}", join_base(cx.base_path, &url), &d[cut..])))
}

/// Resolves `@/…` links, prefixes root-relative ones with the base path, records anchors.
pub(super) fn rewrite_link<'e, T: Copy>(
    dest: &CowStr<'e>,
    offset: usize,
    cx: &Context<T>,
    pos: &dyn Fn(usize) -> (usize, usize),
    anchor_refs: &mut Vec<AnchorRef<T>>,
    diags: &mut Vec<Diagnostic>,
) -> CowStr<'e> {
    if let Some(target) = dest.strip_prefix("@/") {
        let (file, anchor) = match target.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (target, None),
        };
        let (line, col) = pos(offset);
        return match (cx.resolve)(file) {
            Ok((url, id)) => {
                if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                    anchor_refs.push(AnchorRef { target: id, anchor: a.to_string(), line, col });
                }
                let mut full = join_base(cx.base_path, &url);
                if let Some(a) = anchor {
                    full.push('#');
                    full.push_str(a);
                }
                CowStr::from(full)
            }
            Err((what, help)) => {
                diags.push(
                    Diagnostic::error(cx.path, line, col, format!("broken internal link `@/{file}`: {what}"))
                        .with_help(help),
                );
                dest.clone()
            }
        };
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        if !anchor.is_empty() {
            let (line, col) = pos(offset);
            anchor_refs.push(AnchorRef { target: cx.this, anchor: anchor.to_string(), line, col });
        }
        return dest.clone();
    }
    colocated_file(dest, cx).unwrap_or_else(|| root_relative(dest, cx.base_path))
}

/// `/x/` → `/summit/x/` when the site lives under `/summit/`.
pub(super) fn root_relative<'e>(dest: &CowStr<'e>, base_path: &str) -> CowStr<'e> {
    if base_path != "/" && dest.starts_with('/') && !dest.starts_with("//") && !dest.starts_with(base_path) {
        CowStr::from(join_base(base_path, dest))
    } else {
        dest.clone()
    }
}

/// `/summit/` + `/forums/x/` → `/summit/forums/x/`.
pub fn join_base(base_path: &str, url: &str) -> String {
    let mut s = String::with_capacity(base_path.len() + url.len());
    s.push_str(base_path.trim_end_matches('/'));
    s.push_str(url);
    s
}
