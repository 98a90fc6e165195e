//! What the paper's pass finds wrong on a page — an unknown label, a formula that is not
//! LaTeX (errors), a figure with no caption (a warning) — at a byte offset of the body, and
//! how it becomes a diagnostic of the page's file.

use std::path::Path;

use crate::diagnostics::{line_col, Diagnostic};

/// A content problem found while processing a page: byte offset in the body, message, hint.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Byte offset in the body.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The page is published as the author would want it anyway (else an error).
    pub warning: bool,
}

impl Problem {
    /// An error at `offset`.
    pub fn new(offset: usize, message: impl Into<String>, help: impl Into<String>) -> Self {
        Problem { offset, message: message.into(), help: help.into(), warning: false }
    }

    /// A warning at `offset`.
    pub fn warning(offset: usize, message: impl Into<String>, help: impl Into<String>) -> Self {
        Problem { warning: true, ..Problem::new(offset, message, help) }
    }
}

/// Turns problems into diagnostics for the page's file.
pub(super) fn report(
    problems: Vec<Problem>,
    body: &str,
    cx_path: &Path,
    body_line: usize,
    diags: &mut Vec<Diagnostic>,
) {
    for p in problems {
        let (l, c) = line_col(body, p.offset);
        let line = l + body_line - 1;
        let d = if p.warning {
            Diagnostic::warning(cx_path, line, c, p.message)
        } else {
            Diagnostic::error(cx_path, line, c, p.message)
        };
        diags.push(d.with_help(p.help));
    }
}
