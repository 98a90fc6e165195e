//! A page's bytes as a template writes them, refused past [`MAX_PAGE_BYTES`]: a template
//! whose loops run away (a loop within a loop over long ranges, writing as it goes) stops
//! with an error at its file instead of filling the machine's memory. tera itself stops loops
//! that run more than `tera::MAX_LOOP_ITERATIONS` times in one render, writing or not.

use std::io::{self, Write};

use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::theme::{template_error, template_path, Theme};

/// The most one page may be, in bytes (the 500-chapter print edition's frame is a few KB, its
/// chapters are written after; the largest pages of a 50,000-page site are tens of MB).
pub const MAX_PAGE_BYTES: usize = 256 * 1024 * 1024;

/// `template` rendered with `cx` into a buffer of `capacity` bytes to start; its errors
/// located in the template file, and a page past [`MAX_PAGE_BYTES`] an error of its own.
/// Theme strings shown in another language than the page's are marked as such
/// ([`crate::i18n::marks::resolve`]).
pub fn render(theme: &Theme, template: &str, cx: &Context, capacity: usize) -> Result<Vec<u8>, Diagnostic> {
    let mut page = Capped { bytes: Vec::with_capacity(capacity), over: false };
    match theme.tera.render_to(template, cx, &mut page) {
        Ok(()) => Ok(crate::i18n::marks::resolve(page.bytes)),
        Err(_) if page.over => {
            Err(Diagnostic::error(
                template_path(template, &theme.origins),
                0,
                0,
                format!("template `{template}` wrote more than {} MiB for one page", MAX_PAGE_BYTES >> 20),
            )
            .with_help("a loop runs away: check each `for` loop's bounds, a loop within a loop over long ranges writes without end"))
        }
        Err(e) => Err(template_error(&e, &theme.origins)),
    }
}

/// A page's buffer that refuses to grow past [`MAX_PAGE_BYTES`].
struct Capped {
    bytes: Vec<u8>,
    over: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.bytes.len() + buf.len() > MAX_PAGE_BYTES {
            self.over = true;
            return Err(io::Error::other("the page is too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
