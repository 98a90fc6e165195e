//! The social cards stage: every page's card requested in every language, with the theme's
//! fonts, and each drawn or found in the cache ([`crate::cards`]).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::BuildOptions;
use super::Prepared;
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
    let drawing = match (opts.probe_images, opts.cards_later) {
        (true, _) => Drawing::Never,
        (false, true) => Drawing::Later,
        (false, false) => Drawing::Now,
    };
    let (cards, found) = crate::cards::make(&opts.root, &fonts, requests, drawing);
    diags.extend(found);
    cards
}

/// The theme's card fonts (a font that cannot be read is an error, and left out).
fn card_fonts(theme: &Theme) -> (crate::cards::CardFonts, Vec<Diagnostic>) {
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

/// Draws the social cards a result made with `cards_later` left ([`crate::cards::Cards::pending`])
/// into the cache, until `stop` says so (serve, once the site is served). Returns how many
/// were drawn and what failed.
pub fn draw_cards(p: &Prepared, stop: &(dyn Fn() -> bool + Sync)) -> (usize, Vec<Diagnostic>) {
    if p.cards.pending.is_empty() {
        return (0, Vec::new());
    }
    let (fonts, mut diags) = card_fonts(&p.theme);
    let (drawn, failed) = crate::cards::draw(&p.root, &fonts, &p.cards.pending, stop);
    diags.extend(failed);
    (drawn, diags)
}

/// The social cards a served result left for later, each drawn as soon as it is asked for:
/// a card requested before [`draw_cards`] reaches it is drawn then, not "not found". The
/// fonts are read when the first card is drawn.
pub struct CardsOnRequest {
    prepared: Arc<Prepared>,
    folder: std::path::PathBuf,
    fonts: OnceLock<crate::cards::CardFonts>,
}

impl CardsOnRequest {
    /// `None` when `p` left no card for later.
    pub fn of(p: &Arc<Prepared>) -> Option<Arc<CardsOnRequest>> {
        (!p.cards.pending.is_empty()).then(|| {
            Arc::new(CardsOnRequest {
                prepared: p.clone(),
                folder: p.root.join(crate::cache::DIR).join(crate::cache::CARDS),
                fonts: OnceLock::new(),
            })
        })
    }

    /// Draws the card whose cache file is `file` when the result left it for later and the
    /// cache lacks it; nothing for any other file, or one the cache holds. Whether the card is
    /// in the cache now (drawn by this call or, meanwhile, beside it).
    pub fn draw(&self, file: &Path) -> bool {
        if file.parent() != Some(self.folder.as_path()) || crate::cache::has(file) {
            return false;
        }
        let Some(name) = file.file_stem().and_then(|s| s.to_str()) else { return false };
        let p = &self.prepared;
        let fonts = self.fonts.get_or_init(|| card_fonts(&p.theme).0);
        crate::cards::draw_named(&p.root, fonts, &p.cards.pending, name)
    }
}
