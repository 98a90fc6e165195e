//! What a served result left for later ([`super::BuildOptions::make_later`]): the photos and
//! news images it named from their headers, then the social cards (a card shows its
//! speaker's photo, so the images come first), made once the site is served — or the moment a
//! browser asks for one of them, so nothing named is ever "not found".

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::cards::card_fonts;
use super::Prepared;
use crate::diagnostics::Diagnostic;

/// What [`make_later`] made.
#[derive(Debug, Default)]
pub struct MadeLater {
    /// Images made.
    pub images: usize,
    /// Social cards drawn.
    pub cards: usize,
    /// What could not be made, one diagnostic per image or card.
    pub failed: Vec<Diagnostic>,
}

/// Makes what `p` left for later and the cache lacks — its images, then its cards — until
/// `stop` says so. A card whose photo could not be made is not drawn (the photo's error says
/// why).
pub fn make_later(p: &Prepared, stop: &(dyn Fn() -> bool + Sync)) -> MadeLater {
    let mut made = MadeLater::default();
    if !p.pictures.pending.is_empty() {
        (made.images, made.failed) = crate::images::make_pending(&p.root, &p.pictures.pending, stop);
    }
    if p.cards.pending.is_empty() || stop() {
        return made;
    }
    let drawable: Vec<(String, crate::cards::Card)> = p
        .cards
        .pending
        .iter()
        .filter(|(_, card)| card.photo.as_deref().is_none_or(crate::cache::has))
        .cloned()
        .collect();
    let (fonts, diags) = card_fonts(&p.theme);
    made.failed.extend(diags);
    let (drawn, failed) = crate::cards::draw(&p.root, &fonts, &drawable, stop);
    made.cards = drawn;
    made.failed.extend(failed);
    made
}

/// The images and social cards a served result left for later, each made as soon as it is
/// asked for: a photo or card requested before [`make_later`] reaches it is made then. The
/// card fonts are read when the first card is drawn.
pub struct MadeOnRequest {
    prepared: Arc<Prepared>,
    cards: PathBuf,
    images: PathBuf,
    fonts: OnceLock<crate::cards::CardFonts>,
}

impl MadeOnRequest {
    /// `None` when `p` left nothing for later.
    pub fn of(p: &Arc<Prepared>) -> Option<Arc<MadeOnRequest>> {
        (!p.cards.pending.is_empty() || !p.pictures.pending.is_empty()).then(|| {
            let cache = p.root.join(crate::cache::DIR);
            Arc::new(MadeOnRequest {
                prepared: p.clone(),
                cards: cache.join(crate::cache::CARDS),
                images: cache.join(crate::cache::IMAGES),
                fonts: OnceLock::new(),
            })
        })
    }

    /// Makes the image or card whose cache file is `file` when the result left it for later
    /// and the cache lacks it (a card's photo first). Whether it is in the cache now, made by
    /// this call or beside it; `false` for any other file (looked at no further than its
    /// folder) and for one the cache held already.
    pub fn make(&self, file: &Path) -> bool {
        let p = &self.prepared;
        let folder = file.parent();
        if folder == Some(self.images.as_path()) {
            return !crate::cache::has(file) && crate::images::make_named(&p.root, &p.pictures.pending, file);
        }
        if folder != Some(self.cards.as_path()) || crate::cache::has(file) {
            return false;
        }
        let Some(name) = file.file_stem().and_then(|s| s.to_str()) else { return false };
        let Some(card) = crate::cards::pending_card(&p.cards.pending, name) else { return false };
        if let Some(photo) = &card.photo {
            if !crate::cache::has(photo) && !crate::images::make_named(&p.root, &p.pictures.pending, photo) {
                return false;
            }
        }
        let fonts = self.fonts.get_or_init(|| card_fonts(&p.theme).0);
        crate::cards::draw_named(&p.root, fonts, &p.cards.pending, name)
    }
}
