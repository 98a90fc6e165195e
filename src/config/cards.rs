//! `social_cards:` in `site.yaml`: `true`, `false`, or the kinds of page that get a card of
//! their own ([`CardKind`]).

use serde::{Deserialize, Serialize};

/// `social_cards:` as written: `true`/`false`, or the kinds that get a card of their own.
#[derive(Debug)]
pub(super) enum RawSocialCards {
    Switch(bool),
    Kinds(Vec<String>),
}

impl<'de> Deserialize<'de> for RawSocialCards {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawSocialCards;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`true`, `false` or a list of kinds of page (e.g. [speakers, news])")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(RawSocialCards::Switch(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut kinds = Vec::new();
                while let Some(k) = seq.next_element::<String>()? {
                    kinds.push(k);
                }
                Ok(RawSocialCards::Kinds(kinds))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// The kinds of page that can have a social card of their own (`social_cards:` in `site.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    /// The home page.
    Home,
    /// Forum pages.
    Forums,
    /// Speaker pages.
    Speakers,
    /// News items.
    News,
    /// Papers and their chapters.
    Papers,
    /// Free pages.
    Pages,
}

impl CardKind {
    pub(super) const ALL: [(&'static str, CardKind); 6] = [
        ("home", CardKind::Home),
        ("forums", CardKind::Forums),
        ("speakers", CardKind::Speakers),
        ("news", CardKind::News),
        ("papers", CardKind::Papers),
        ("pages", CardKind::Pages),
    ];
    /// What `social_cards` means when `site.yaml` does not set it (or says `true`).
    pub const DEFAULT: [CardKind; 5] =
        [CardKind::Home, CardKind::Forums, CardKind::Speakers, CardKind::News, CardKind::Papers];

    /// The card kind of a content kind.
    pub fn of(kind: crate::load::Kind) -> CardKind {
        use crate::load::Kind;
        match kind {
            Kind::Home => CardKind::Home,
            Kind::Forum => CardKind::Forums,
            Kind::Speaker => CardKind::Speakers,
            Kind::News => CardKind::News,
            Kind::Paper | Kind::Chapter => CardKind::Papers,
            Kind::Page => CardKind::Pages,
        }
    }
}
