//! Files a forum's `materials` name (`file: slides.pdf`) that the site does not publish: an
//! error at the name, with the nearest name among the files beside it. Found here, where
//! every copied file is listed, and not as a dead link in the written page, which the output
//! check could only place in the page it wrote.

use std::collections::BTreeSet;
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::graph::{file_address, Site};
use crate::model::Data;

/// Reports each material file that is none of `copied` (output path, shown source).
pub(super) fn missing_files(site: &Site, copied: &[(PathBuf, String)], diags: &mut Vec<Diagnostic>) {
    let mut published: Option<BTreeSet<String>> = None;
    for d in &site.docs {
        let Data::Forum(f) = &d.data else { continue };
        // a translation's inherited list is its original's, reported there
        if d.lang.is_some() && !d.own_keys.contains("materials") {
            continue;
        }
        for m in &f.materials {
            let Some(file) = m.file.as_deref().filter(|f| crate::model::forum::file_problem(f).is_none()) else {
                continue;
            };
            let Some(address) = file_address(d, file) else { continue };
            // the published paths are composed (NFC), as `load` names the files
            let address: String = address.nfc().collect();
            let published = published.get_or_insert_with(|| {
                copied.iter().map(|(rel, _)| format!("/{}", rel.to_string_lossy().replace('\\', "/"))).collect()
            });
            if published.contains(&address) {
                continue;
            }
            let folder = &address[..address.rfind('/').map_or(0, |i| i + 1)];
            let name = &address[folder.len()..];
            let beside = published
                .range(folder.to_string()..)
                .take_while(|p| p.starts_with(folder))
                .map(|p| &p[folder.len()..])
                .filter(|n| !n.contains('/'));
            let place = if file.starts_with('/') {
                format!("at static{address} or content{address}")
            } else {
                format!("beside {}", d.path.display())
            };
            let (l, c) = d.locate("materials", Some(file));
            diags.push(
                Diagnostic::error(&d.path, l, c, format!("material `{}`: no file `{file}` {place}", m.label))
                    .with_help(did_you_mean(name, beside).unwrap_or_else(|| {
                        "put the file there, or write the name it has (names are case-sensitive)".to_string()
                    })),
            );
        }
    }
}
