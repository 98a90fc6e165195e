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
    // the fonts are read (and the digest of a theme's own made, ~25 ms at one thread) beside
    // the requests
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
            FileSource::Disk(path) | FileSource::Photo(path) => match std::fs::read(path) {
                Ok(bytes) => fonts.push(bytes),
                Err(e) => {
                    diags.push(Diagnostic::error(path, 0, 0, format!("cannot read the font {}: {e}", name.display())))
                }
            },
        }
    }
    let built_in = theme.fonts.values().all(|f| matches!(f, FileSource::Embedded(_)));
    let fonts = match built_in {
        true => crate::cards::CardFonts::with_digest(fonts, crate::theme::BUILT_IN_FONTS_DIGEST),
        false => crate::cards::CardFonts::new(fonts),
    };
    (fonts, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fonts' bytes as `card_fonts` reads them.
    fn bytes(theme: &Theme) -> Vec<Vec<u8>> {
        theme
            .fonts
            .values()
            .map(|f| match f {
                FileSource::Embedded(b) => b.to_vec(),
                FileSource::Generated(b) => b.to_vec(),
                FileSource::Disk(p) | FileSource::Photo(p) => std::fs::read(p).unwrap(),
            })
            .collect()
    }

    #[test]
    fn the_built_in_fonts_digest_made_with_plenary_is_their_bytes_digest() {
        let site = tempfile::tempdir().unwrap();
        let theme = crate::theme::load(site.path(), "default", "en", &[]).unwrap();
        assert!(theme.fonts.len() >= 2, "the built-in theme draws with its own fonts");
        let (fonts, diags) = card_fonts(&theme);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fonts.digest(), crate::cards::fonts_digest(&bytes(&theme)));
        assert_eq!(fonts.digest(), crate::theme::BUILT_IN_FONTS_DIGEST);
    }

    #[test]
    fn a_themes_own_font_is_hashed_when_read() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("themes/default/fonts");
        std::fs::create_dir_all(&dir).unwrap();
        // the built-in Arabic face under the Latin face's name: other bytes, same names
        let built_in = crate::theme::load(site.path(), "default", "en", &[]).unwrap();
        let arabic = built_in.fonts.iter().find(|(p, _)| p.to_string_lossy().contains("Arabic")).unwrap().0;
        let latin = built_in.fonts.keys().find(|p| !p.to_string_lossy().contains("Arabic")).unwrap();
        std::fs::write(dir.join(latin), &bytes(&built_in)[built_in.fonts.keys().position(|p| p == arabic).unwrap()])
            .unwrap();
        let theme = crate::theme::load(site.path(), "default", "en", &[]).unwrap();
        let (fonts, _) = card_fonts(&theme);
        assert_eq!(fonts.digest(), crate::cards::fonts_digest(&bytes(&theme)));
        assert_ne!(fonts.digest(), crate::theme::BUILT_IN_FONTS_DIGEST);
    }
}
