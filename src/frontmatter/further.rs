//! One run, every mistaken key: after a front matter's first mistake, the key holding it is
//! set aside and the rest read again ([`further_errors`]).

use std::path::Path;

use serde::de::DeserializeOwned;

use super::parse;
use crate::diagnostics::Diagnostic;

/// The further mistakes of a front matter that is YAML but does not fit `T`, whose first
/// mistake is `first` ([`super::parse`] stops at it): the top-level key holding each mistake is set
/// aside (its lines blanked, so every position stays) and the rest read again, up to ten
/// times. A key found missing once others are set aside is no mistake of the file's, so
/// the search stops there. One mistake, one error: each key is reported once.
pub fn further_errors<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    first_line: usize,
    what: &str,
    first: &Diagnostic,
) -> Vec<Diagnostic> {
    if serde_yaml::from_str::<serde_yaml::Value>(yaml).is_err() {
        return Vec::new();
    }
    let mut lines: Vec<String> = yaml.split_inclusive('\n').map(str::to_string).collect();
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut last = first.clone();
    for _ in 0..10 {
        // the top-level key whose lines hold the mistake
        let Some(at) = (last.line + 1).checked_sub(first_line).and_then(|l| l.checked_sub(1)) else { break };
        let is_key = |l: &str| l.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '"' || c == '\'');
        let Some(start) = (0..=at.min(lines.len().saturating_sub(1))).rev().find(|&i| is_key(&lines[i])) else { break };
        let end = (start + 1..lines.len()).find(|&i| is_key(&lines[i])).unwrap_or(lines.len());
        for line in &mut lines[start..end] {
            *line = if line.ends_with('\n') { "\n".to_string() } else { String::new() };
        }
        let Err(next) = parse::<T>(&lines.concat(), path, first_line, what) else { break };
        let known = found.iter().chain([first]).any(|d| (d.line, d.col) == (next.line, next.col));
        if next.line == 0 || next.message.starts_with("missing") || known {
            break;
        }
        found.push(next.clone());
        last = next;
    }
    found
}
