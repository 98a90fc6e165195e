//! The social cards stage: every page's card requested in every language, with the theme's
//! fonts, and each drawn or found in the cache ([`crate::cards`]).

use rayon::prelude::*;

use super::BuildOptions;
use crate::cards::Drawing;
use crate::diagnostics::Diagnostic;
use crate::doc_result::DocResult;
use crate::graph::Site;
use crate::pdf;
use crate::render;
use crate::theme::{FileSource, Theme};

/// Every page's social card in every language, drawn or found in the cache (`plenary check`
/// only names them).
pub(super) fn social_cards(
    opts: &BuildOptions,
    site: &Site,
    theme: &Theme,
    docs: &[DocResult],
    programme: &crate::programme::Programme,
    pictures: &crate::images::Pictures,
    diags: &mut Vec<Diagnostic>,
) -> crate::cards::Cards {
    if !site.config.social_cards {
        return crate::cards::Cards::default();
    }
    let none = crate::cards::Cards::default();
    let nothing_made = render::Made::default();
    let input = render::Input {
        site,
        theme,
        docs,
        programme,
        pdf_papers: &[],
        page_size: pdf::PageSize::default(),
        pictures,
        cards: &none,
        made: &nothing_made,
    };
    // the fonts are read and their digest made (~10 ms at one thread) beside the requests
    let (requests, (fonts, font_diags)) = rayon::join(
        || -> Vec<crate::cards::Request> {
            (0..site.config.languages.len())
                .into_par_iter()
                .flat_map_iter(|lang| render::views::Views::new(input, lang).card_requests())
                .collect()
        },
        || card_fonts(theme),
    );
    diags.extend(font_diags);
    let drawing = match (opts.probe_images, opts.make_later) {
        (true, _) => Drawing::Never,
        (false, true) => Drawing::Later,
        (false, false) => Drawing::Now,
    };
    let (cards, found) = crate::cards::make(&opts.root, &fonts, requests, drawing);
    diags.extend(found);
    cards
}

/// The theme's card fonts (a font that cannot be read is an error, and left out).
pub(super) fn card_fonts(theme: &Theme) -> (crate::cards::CardFonts, Vec<Diagnostic>) {
    let mut fonts = Vec::new();
    let mut diags = Vec::new();
    for (name, source) in &theme.fonts {
        match source {
            FileSource::Embedded(bytes) => fonts.push(bytes.to_vec()),
            FileSource::Generated(bytes) => fonts.push(bytes.to_vec()),
            FileSource::Disk(path) => match std::fs::read(path) {
                Ok(bytes) => fonts.push(bytes),
                Err(e) => {
                    diags.push(Diagnostic::error(path, 0, 0, format!("cannot read the font {}: {e}", name.display())))
                }
            },
        }
    }
    (crate::cards::CardFonts::new(fonts), diags)
}
