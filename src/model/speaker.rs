//! Speakers: the people on the programme.

use serde::Serialize;

use super::{front_matter, Common, Data, Fm, LabelledUrl};
use crate::diagnostics::Diagnostic;

/// A `{label, url}` link on a speaker page.
pub type Link = LabelledUrl;

front_matter!(
    /// A speaker's front matter as written.
    RawSpeaker {
        name: String,
        #[serde(default)]
        family_name: Option<String>,
        #[serde(default)]
        honorific: Option<String>,
        #[serde(default)]
        role: Option<String>,
        #[serde(default)]
        organisation: Option<String>,
        #[serde(default)]
        country: Option<String>,
        #[serde(default)]
        photo: Option<String>,
        #[serde(default)]
        photo_alt: Option<String>,
        #[serde(default)]
        links: Vec<Link>,
    }
);

/// A validated speaker.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Speaker {
    /// The family name as written in the name, for sorting the directory; by default the
    /// last word of the name (the first character of a Chinese, Japanese or Korean name
    /// written without spaces).
    pub family_name: Option<String>,
    /// Mr, Ms, Prof., Dr …
    pub honorific: Option<String>,
    /// Job title.
    pub role: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// ISO 3166-1 alpha-2 code, upper case.
    pub country: Option<String>,
    /// English name of the country.
    pub country_name: Option<String>,
    /// Photo path (beside the file or under `static/`).
    pub photo: Option<String>,
    /// Alternative text of the photo.
    pub photo_alt: Option<String>,
    /// Links.
    pub links: Vec<Link>,
}

/// The title a speaker's `name` begins with (`Dr. Jin Li`, `Prof Ana Ruiz`): the speaker's
/// own `honorific`, or one of the common English and French ones, before the rest of a name.
pub(crate) fn title_in_name<'n>(name: &'n str, honorific: Option<&str>) -> Option<&'n str> {
    const TITLES: [&str; 13] =
        ["dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "pr", "mme", "m"];
    let (first, rest) = name.trim_start().split_once(char::is_whitespace)?;
    let bare = first.trim_end_matches('.').to_lowercase();
    // `M` alone is an initial unless written `M.`, as French writes Monsieur
    let common = TITLES.contains(&bare.as_str()) && (bare != "m" || first.ends_with('.'));
    let own = honorific.is_some_and(|h| h.trim_end_matches('.').to_lowercase() == bare);
    (!rest.trim().is_empty() && (common || own)).then_some(first)
}

/// The two-letter code an editor meant by `written`, which is none: the codes the EU uses
/// for the United Kingdom and Greece (`UK`, `EL`), a three-letter code (`CHN`), or a
/// country's name as ISO or, in English, CLDR writes it (`China`, `United Kingdom`).
fn meant_country(written: &str) -> Option<&'static str> {
    let written = written.trim();
    match written.to_ascii_uppercase().as_str() {
        "UK" => return Some("GB"),
        "EL" => return Some("GR"),
        _ => {}
    }
    if let Ok(c) = isocountry::CountryCode::for_alpha3_caseless(written) {
        return Some(c.alpha2());
    }
    let english = crate::locale::DateWriter::new("en");
    let same = |name: &str| name.to_lowercase() == written.to_lowercase();
    isocountry::CountryCode::iter()
        .find(|c| same(c.name()) || english.country(c.alpha2()).is_some_and(|n| same(&n)))
        .map(|c| c.alpha2())
}

pub(crate) fn validate(mut r: RawSpeaker, fm: &Fm, diags: &mut Vec<Diagnostic>) -> (String, Common, Data) {
    let common = r.take_common();
    let mut country_name = None;
    if let Some(code) = &r.country {
        match isocountry::CountryCode::for_alpha2_caseless(code) {
            Ok(c) => country_name = Some(c.name().to_string()),
            // Kosovo: user-assigned in ISO 3166, and the code CLDR, the EU and IBANs use
            Err(_) if code.eq_ignore_ascii_case("XK") => country_name = Some("Kosovo".to_string()),
            Err(_) => {
                let help = meant_country(code)
                    .map(|c| format!("write the two-letter code: `{c}`"))
                    .unwrap_or_else(|| "use an ISO 3166-1 alpha-2 code such as `CN`, `FR` or `EG`".into());
                diags.push(fm.error("country", Some(code), format!("`{code}` is not a country code")).with_help(help));
            }
        }
    }
    if r.photo.is_some() && r.photo_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
        diags.push(
            fm.warning("photo", None, "the photo has no `photo_alt` text")
                .with_help("describe the photo for readers who cannot see it, e.g. `photo_alt: Portrait of …`"),
        );
    }
    for link in &r.links {
        fm.check_url("links", &link.url, &format!("link `{}`", link.label), diags);
    }
    if let Some(title) = title_in_name(&r.name, r.honorific.as_deref()) {
        let help = match &r.honorific {
            Some(h) => format!("the page shows `{h}` before the name already: write the name alone"),
            None => {
                format!("move it to `honorific: {}`: the page shows it before the name", title.trim_end_matches('.'))
            }
        };
        diags.push(
            fm.warning(
                "name",
                Some(&r.name),
                format!("the name begins with the title `{title}`: pages would show it as part of the name, and its initials"),
            )
            .with_help(help),
        );
    }
    let speaker = Speaker {
        family_name: r.family_name.filter(|f| !f.trim().is_empty()),
        honorific: r.honorific,
        role: r.role,
        organisation: r.organisation,
        country: r.country.map(|c| c.to_ascii_uppercase()).filter(|_| country_name.is_some()),
        country_name,
        photo: r.photo,
        photo_alt: r.photo_alt,
        links: r.links,
    };
    (r.name, common, Data::Speaker(speaker))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an editor writes for a country instead of its code is told the code.
    #[test]
    fn the_code_meant_is_told() {
        for (written, meant) in [
            ("UK", "GB"),
            ("uk", "GB"),
            ("EL", "GR"),
            ("CHN", "CN"),
            ("deu", "DE"),
            ("China", "CN"),
            ("United Kingdom", "GB"),
            ("united states", "US"),
            ("South Korea", "KR"),
            ("Côte d’Ivoire", "CI"),
            ("Türkiye", "TR"),
            (" Egypt ", "EG"),
        ] {
            assert_eq!(meant_country(written), Some(meant), "{written}");
        }
        assert_eq!(meant_country("ZZ"), None);
        assert_eq!(meant_country("Atlantis"), None);
    }

    /// A title written into the name is found; names that only begin like one are not.
    #[test]
    fn a_title_in_the_name_is_found() {
        assert_eq!(title_in_name("Dr. Jin Li", None), Some("Dr."));
        assert_eq!(title_in_name("Prof Ana Ruiz", None), Some("Prof"));
        assert_eq!(title_in_name("Mr. Jin Li", Some("Mr")), Some("Mr."));
        assert_eq!(title_in_name("Dato' Sri Idris", Some("Dato'")), Some("Dato'"));
        assert_eq!(title_in_name("M. Dupont", None), Some("M."));
        assert_eq!(title_in_name("M Dupont", None), None);
        assert_eq!(title_in_name("Drew Barry", None), None);
        assert_eq!(title_in_name("Dr.", None), None);
        assert_eq!(title_in_name("Ms", Some("Ms")), None);
        assert_eq!(title_in_name("Jin Li", Some("Dr")), None);
        assert_eq!(title_in_name("陶詹", Some("Dr")), None);
    }

    /// Kosovo's code is accepted, as CLDR names it in every language.
    #[test]
    fn kosovo_is_a_country() {
        let path = std::path::Path::new("content/speakers/a.md");
        let yaml = "name: A\ncountry: xk\n";
        let fm = Fm { path, yaml, line: 2 };
        let raw: RawSpeaker = crate::frontmatter::parse(yaml, path, 2, "front matter").unwrap();
        let mut diags = Vec::new();
        let (_, _, data) = validate(raw, &fm, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let Data::Speaker(s) = data else { panic!("a speaker") };
        assert_eq!((s.country.as_deref(), s.country_name.as_deref()), (Some("XK"), Some("Kosovo")));
        assert_eq!(crate::locale::DateWriter::new("zh").country("XK").as_deref(), Some("科索沃"));
    }
}
