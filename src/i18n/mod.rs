//! Theme strings in many languages: `i18n/<code>.yaml` files of the theme (and of the site),
//! looked up by key with a fallback to the site's default language, then English. Templates
//! call `t(key="…")` (named values fill `{name}` placeholders); Rust views use [`Strings::get`],
//! or [`Strings::shown`] for what a page shows. A string that falls back to another language
//! than the page's is given marked as that language (`marks`), which each page makes into
//! `lang`/`dir` markup where markup can go.

pub mod marks;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;
use tera::{Kwargs, State, Tera, TeraResult};

use crate::diagnostics::Diagnostic;

/// All theme strings, by language code, then key.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Strings {
    by_lang: BTreeMap<String, BTreeMap<String, String>>,
    default: String,
    /// The direction `site.yaml` gives each of the site's languages (`direction:`), which a
    /// string falling back to that language is marked with; CLDR's for any other.
    directions: BTreeMap<String, &'static str>,
}

impl Strings {
    /// Reads string files: (language code, text, file shown in errors). Later files override
    /// earlier ones key by key.
    pub fn parse(files: &[(String, String, PathBuf)], default: &str) -> Result<Strings, Vec<Diagnostic>> {
        let mut by_lang: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut diags = Vec::new();
        for (code, text, shown) in files {
            match crate::frontmatter::parse::<BTreeMap<String, String>>(text, shown, 1, "theme strings") {
                Ok(map) => by_lang.entry(code.clone()).or_default().extend(map),
                Err(d) => diags.push(d),
            }
        }
        if diags.is_empty() {
            Ok(Strings { by_lang, default: default.to_string(), directions: BTreeMap::new() })
        } else {
            Err(diags)
        }
    }

    /// These strings, a fallback to one of `languages` marked with the direction the site
    /// gives it (`direction: rtl` for a language CLDR does not know as such).
    pub fn with_directions(mut self, languages: &[crate::config::Language]) -> Strings {
        self.directions =
            languages.iter().map(|l| (l.code.clone(), crate::render::views::dir_name(l.direction))).collect();
        self
    }

    /// `ltr` or `rtl`: the direction of the language of the strings file `code`, as the site
    /// gives it, else as CLDR has it.
    fn dir_of(&self, code: &str) -> &'static str {
        self.directions
            .get(code)
            .copied()
            .unwrap_or_else(|| crate::render::views::dir_name(crate::config::default_direction(code)))
    }

    /// The string for `key` in `lang`, else in its base language (`ar` for `ar-u-nu-arab`,
    /// `pt` for `pt-BR`), else in the default language, else in English.
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        self.get_from(lang, key).map(|(text, _)| text)
    }

    /// Like [`get`](Self::get), with the code of the strings file that answered (`en` for a
    /// Persian page whose theme has no Persian strings).
    pub fn get_from(&self, lang: &str, key: &str) -> Option<(&str, &str)> {
        let base = lang.split('-').next().unwrap_or(lang);
        [lang, base, self.default.as_str(), "en"].into_iter().find_map(|l| {
            let (code, strings) = self.by_lang.get_key_value(l)?;
            strings.get(key).map(|text| (text.as_str(), code.as_str()))
        })
    }

    /// Like [`get`](Self::get), for a page to show: a string that falls back to another
    /// language than `lang`'s (not to its base: `pt` for `pt-BR` is the same language) is
    /// marked as written in that language ([`marks::wrap`]), unless it holds no words
    /// (punctuation, `{placeholders}`) or is a setting ([`SETTINGS`]).
    pub fn shown(&self, lang: &str, key: &str) -> Option<Cow<'_, str>> {
        let (text, from) = self.get_from(lang, key)?;
        Some(match foreign(lang, from) && is_words(key, text) {
            true => marks::wrap(from, self.dir_of(from), text).into(),
            false => text.into(),
        })
    }

    /// The language and direction [`shown`](Self::shown) marks the string of `key` with on a
    /// page in `lang`; `None` when it is the page's language's, or no words.
    pub fn mark_of(&self, lang: &str, key: &str) -> Option<(String, &'static str)> {
        let (text, from) = self.get_from(lang, key)?;
        (foreign(lang, from) && is_words(key, text)).then(|| (from.to_string(), self.dir_of(from)))
    }

    /// Like [`shown`](Self::shown), with `{name}` placeholders filled; the key itself when
    /// missing.
    pub fn fill_shown(&self, lang: &str, key: &str, values: &[(&str, &str)]) -> String {
        let text = self.fill(lang, key, values);
        match self.get_from(lang, key) {
            Some((raw, from)) if foreign(lang, from) && is_words(key, raw) => {
                marks::wrap(from, self.dir_of(from), &text)
            }
            _ => text,
        }
    }

    /// Like [`get`](Self::get), with `{name}` placeholders filled; the key itself when missing.
    pub fn fill(&self, lang: &str, key: &str, values: &[(&str, &str)]) -> String {
        let mut s = self.get(lang, key).unwrap_or(key).to_string();
        for (name, value) in values {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// A warning for each `{name}` placeholder of a string file (code, text, file shown) that
    /// the same key's string in English (else the default language) does not have: a
    /// misspelt `{languag}` is never filled and would be published as it is.
    pub fn unknown_placeholders(&self, files: &[(String, String, PathBuf)]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (code, text, shown) in files {
            let Ok(map) = crate::frontmatter::parse::<BTreeMap<String, String>>(text, shown, 1, "theme strings") else {
                continue;
            };
            for (key, value) in &map {
                let reference = ["en", self.default.as_str()]
                    .into_iter()
                    .filter(|l| *l != code)
                    .find_map(|l| self.by_lang.get(l).and_then(|m| m.get(key)));
                let Some(reference) = reference else { continue };
                let known: Vec<&str> = placeholders(reference).collect();
                for name in placeholders(value).filter(|n| !known.contains(n)) {
                    let (line, col) = crate::frontmatter::locate(text, 1, key, None);
                    let given = if known.is_empty() {
                        "it is given no value".to_string()
                    } else {
                        format!(
                            "it is given {}",
                            known.iter().map(|k| format!("{{{k}}}")).collect::<Vec<_>>().join(", ")
                        )
                    };
                    out.push(
                        Diagnostic::warning(
                            shown,
                            line,
                            col,
                            format!("`{{{name}}}` in the string `{key}` is never filled: {given}"),
                        )
                        .with_help(
                            crate::diagnostics::did_you_mean(name, known.iter().copied())
                                .unwrap_or_else(|| "write the placeholders of the English string".to_string()),
                        ),
                    );
                }
            }
        }
        out
    }

    /// Keys the default language has and `lang` lacks, for the translation report.
    pub fn missing(&self, lang: &str) -> Vec<String> {
        let Some(base) = self.by_lang.get(&self.default).or_else(|| self.by_lang.get("en")) else { return Vec::new() };
        let primary = lang.split('-').next().unwrap_or(lang);
        let has = |k: &String| [lang, primary].iter().any(|l| self.by_lang.get(*l).is_some_and(|m| m.contains_key(k)));
        base.keys().filter(|k| !has(k)).cloned().collect()
    }

    /// Every string a language has, its fallbacks ([`Strings::get`]) taken and marked
    /// ([`Strings::shown`]) already, as template values: `t()` is called tens of times a page,
    /// and finding a key through the ordered maps (string comparisons at each level) and
    /// copying its text was ~650 instructions a call.
    fn values(&self, lang: &str) -> Values {
        let base = lang.split('-').next().unwrap_or(lang);
        let keys =
            [lang, base, &self.default, "en"].into_iter().filter_map(|l| self.by_lang.get(l)).flat_map(BTreeMap::keys);
        let strings = keys.filter_map(|k| Some((k.as_str().into(), tera::Value::from(self.shown(lang, k)?.as_ref()))));
        strings.collect()
    }

    /// Registers `t(key=…, name=value…)`, which reads the page's language from `lang`.
    pub fn register(self: &Arc<Self>, tera: &mut Tera) {
        let strings = Arc::clone(self);
        // each language's values, made the first time a page in it asks (a language without
        // a file of its own, `fa` or `fr-CA`, included)
        let made: RwLock<FxHashMap<Box<str>, Values>> = RwLock::default();
        tera.register_function("t", move |kwargs: Kwargs, state: &State| -> TeraResult<tera::Value> {
            // the language read as it is (`get::<String>` formats the value anew each call)
            let key = kwargs.must_get::<&str>("key")?;
            let lang = state.get::<tera::Value>("lang")?;
            let lang = lang.as_ref().and_then(tera::Value::as_str).unwrap_or(&strings.default);
            // (the value taken under the read lock, the language's map not copied)
            let known =
                made.read().unwrap_or_else(std::sync::PoisonError::into_inner).get(lang).map(|v| v.get(key).cloned());
            let text = known.unwrap_or_else(|| {
                let values = strings.values(lang);
                let mut made = made.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                made.entry(lang.into()).or_insert(values).get(key).cloned()
            });
            let Some(text) = text else {
                return Err(tera::Error::message(format!(
                    "no theme string `{key}` (add it to i18n/{}.yaml)",
                    strings.default
                )));
            };
            // the text's value given as it is, copied only when a placeholder is filled (a
            // page calls `t()` tens of times, mostly with the key alone)
            let mut out: Option<String> = None;
            for (name, value) in kwargs.iter() {
                let name = name.as_str().map_or_else(|| name.to_string().into(), std::borrow::Cow::Borrowed);
                if name != "key" {
                    let template = out.as_deref().or_else(|| text.as_str()).unwrap_or_default();
                    // a count in the language's digits ("۸", "٨"), as the views write numbers
                    let value = match value.as_u64() {
                        Some(n) => crate::locale::DateWriter::new(lang).number(n),
                        None => value.to_string(),
                    };
                    out = Some(template.replace(&format!("{{{name}}}"), &value));
                }
            }
            Ok(out.map_or(text, tera::Value::from))
        });
        // `t_mark(key=…)`: the language and direction (`en ltr`) `t()` marks the string with on
        // this page, empty when it is the page's own: for a script that sets the string as an
        // element's text, which `marks::resolve` never sees (the colour-scheme button); with
        // `part="lang"` or `part="dir"`, that alone, for a sentence a template composes of the
        // string and others, marked as a whole (a mark does not cross the tags inside it)
        let strings = Arc::clone(self);
        tera.register_function("t_mark", move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key = kwargs.must_get::<&str>("key")?;
            let part = kwargs.get::<&str>("part")?;
            let lang = state.get::<tera::Value>("lang")?;
            let lang = lang.as_ref().and_then(tera::Value::as_str).unwrap_or(&strings.default);
            // a wrong `part` is an error on every page, not only where the string falls back
            if let Some(other) = part.filter(|p| !["lang", "dir"].contains(p)) {
                return Err(tera::Error::message(format!(
                    "t_mark: part=\"{other}\" is neither \"lang\" nor \"dir\" (leave it out for both)"
                )));
            }
            let Some((from, dir)) = strings.mark_of(lang, key) else { return Ok(String::new()) };
            Ok(match part {
                Some("lang") => from,
                Some(_) => dir.to_string(),
                None => format!("{from} {dir}"),
            })
        });
        // `names | and_list`: "A, B and C", "A、B和C", "A وB وC" in the page's language (CLDR),
        // each name a bidirectional isolate (FSI … PDI): a name in another direction than the
        // page's (English names on a Persian page) took the list's comma to its own side
        // ("Jin Li ,و Qian Tang")
        let default = self.default.clone();
        tera.register_filter("and_list", move |items: Vec<String>, _: Kwargs, state: &State| -> TeraResult<String> {
            let lang = state.get::<tera::Value>("lang")?;
            let lang = lang.as_ref().and_then(tera::Value::as_str).unwrap_or(&default);
            let isolated: Vec<String> = items.iter().map(|name| format!("\u{2068}{name}\u{2069}")).collect();
            Ok(crate::locale::DateWriter::new(lang).and_list(&isolated))
        });
    }
}

/// One language's strings as template values, by key.
type Values = FxHashMap<Box<str>, tera::Value>;

/// Keys whose strings are settings a template compares, not words a reader sees: never marked.
pub const SETTINGS: &[&str] = &["honorific_order"];

/// Whether a string found in the file of `from` is in another language than `lang`'s (its
/// base language, `pt` for `pt-BR`, is the same).
pub fn foreign(lang: &str, from: &str) -> bool {
    let primary = |code: &str| code.split('-').next().unwrap_or(code).to_ascii_lowercase();
    primary(lang) != primary(from)
}

/// Whether the string of `key` holds words of its language: a letter outside its `{name}`
/// placeholders, and no setting.
fn is_words(key: &str, text: &str) -> bool {
    if SETTINGS.contains(&key) {
        return false;
    }
    let mut inside = false;
    text.chars().any(|c| {
        match c {
            '{' => inside = true,
            '}' => inside = false,
            _ => return !inside && c.is_alphabetic(),
        }
        false
    })
}

/// The names of the `{name}` placeholders in `text`.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|piece| {
        let name = &piece[..piece.find('}')?];
        let mut chars = name.chars();
        (chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> Strings {
        let files = vec![
            ("en".to_string(), "home: Home\npage_of: \"Page {n} of {total}\"\n".to_string(), PathBuf::from("en.yaml")),
            ("fr".to_string(), "home: Accueil\n".to_string(), PathBuf::from("fr.yaml")),
        ];
        Strings::parse(&files, "en").unwrap()
    }

    /// A placeholder the English string does not have is never filled: told at its key,
    /// with the name meant. `{{ }}` and braces around other text are not placeholders.
    #[test]
    fn a_misspelt_placeholder_is_told_at_its_key() {
        let files = vec![
            (
                "en".to_string(),
                "note: \"Not in {language} ({original})\"\nhome: Home\n".to_string(),
                PathBuf::from("en.yaml"),
            ),
            (
                "fa".to_string(),
                "home: \"خانه {n} {{ x }} { y }\"\nnote: \"{languag} {original}\"\n".to_string(),
                PathBuf::from("i18n/fa.yaml"),
            ),
        ];
        let s = Strings::parse(&files, "en").unwrap();
        let w = s.unknown_placeholders(&files);
        let shown: Vec<String> = w
            .iter()
            .map(|d| format!("{}:{}: {} | {}", d.line, d.col, d.message, d.help.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0].starts_with("1:1: `{n}` in the string `home` is never filled: it is given no value"),
            "{shown:?}"
        );
        assert!(
            shown[1].starts_with(
                "2:1: `{languag}` in the string `note` is never filled: it is given {language}, {original}"
            ),
            "{shown:?}"
        );
        assert!(shown[1].contains("language"), "{shown:?}");
        assert!(s.unknown_placeholders(&files[..1]).is_empty(), "English is the reference");
    }

    #[test]
    fn missing_keys_fall_back_to_the_default_language() {
        let s = strings();
        assert_eq!(s.get("fr", "home"), Some("Accueil"));
        assert_eq!(s.get("fr", "page_of"), Some("Page {n} of {total}"));
        assert_eq!(s.fill("fr", "page_of", &[("n", "2"), ("total", "5")]), "Page 2 of 5");
        assert_eq!(s.missing("fr"), ["page_of"]);
        assert_eq!(s.get("fr-CA", "home"), Some("Accueil"), "a regional variant uses its language's strings");
    }

    #[test]
    fn templates_call_t_with_placeholders() {
        let s = Arc::new(strings());
        let mut tera = Tera::new();
        s.register(&mut tera);
        tera.add_raw_template("x", "{{ t(key='home') }} / {{ t(key='page_of', n=2, total=3) }}").unwrap();
        let mut cx = tera::Context::new();
        cx.insert("lang", "fr");
        let english = marks::wrap("en", "ltr", "Page 2 of 3");
        assert_eq!(tera.render("x", &cx).unwrap(), format!("Accueil / {english}"));
        // a number given is written with the language's digits
        tera.add_raw_template("n", "{{ t(key='page_of', n=8, total=1234) }}").unwrap();
        cx.insert("lang", "fa");
        // (a string in another language than the page's comes marked: `marks`)
        assert_eq!(tera.render("n", &cx).unwrap(), marks::wrap("en", "ltr", "Page ۸ of ۱٬۲۳۴"));
        tera.add_raw_template("y", "{{ names | and_list }}").unwrap();
        cx.insert("names", &["陶展", "李明", "王芳"]);
        cx.insert("lang", "zh");
        // each name a bidirectional isolate
        assert_eq!(tera.render("y", &cx).unwrap(), "\u{2068}陶展\u{2069}、\u{2068}李明\u{2069}和\u{2068}王芳\u{2069}");
    }

    /// `t_mark` gives the language and direction of a string falling back, nothing for a
    /// string of the page's own language, and a wrong `part` is an error on every page.
    #[test]
    fn t_mark_says_where_a_string_falls_back_and_refuses_a_wrong_part() {
        let s = Arc::new(strings());
        let mut tera = Tera::new();
        s.register(&mut tera);
        let mark = |template: &str, lang: &str| {
            let mut tera = tera.clone();
            tera.add_raw_template("m", template).unwrap();
            let mut cx = tera::Context::new();
            cx.insert("lang", lang);
            tera.render("m", &cx).map_err(|e| format!("{e:?}"))
        };
        assert_eq!(mark("{{ t_mark(key='page_of') }}", "fa").unwrap(), "en ltr");
        assert_eq!(mark("{{ t_mark(key='page_of', part='lang') }}", "fa").unwrap(), "en");
        assert_eq!(mark("{{ t_mark(key='page_of', part='dir') }}", "fa").unwrap(), "ltr");
        assert_eq!(mark("{{ t_mark(key='home') }}", "fr").unwrap(), "");
        for lang in ["en", "fr", "fa"] {
            let e = mark("{{ t_mark(key='home', part='colour') }}", lang).unwrap_err();
            assert!(e.contains("part=\\\"colour\\\" is neither"), "{lang}: {e}");
        }
    }

    /// In every language — of the files, a regional variant of one, one without a file —
    /// `t()` answers each key as [`Strings::get`] does, with every fallback in between (a key
    /// only the language has, only its base language, only the default, only English, none).
    #[test]
    fn t_answers_every_key_as_get_does() {
        let file = |code: &str, text: &str| (code.to_string(), text.to_string(), PathBuf::from(format!("{code}.yaml")));
        let files = vec![
            file("en", "a: en-a\nb: en-b\nc: en-c\nd: en-d\n"),
            file("fr", "a: fr-a\nb: fr-b\nf: fr-f\n"),
            file("fr-CA", "a: ca-a\nq: ca-q\n"),
            file("ar", "b: ar-b\nr: ar-r\n"),
            file("ar-EG", "e: eg-e\n"),
        ];
        let s = Arc::new(Strings::parse(&files, "fr").unwrap());
        let mut tera = Tera::new();
        s.register(&mut tera);
        for key in ["a", "b", "c", "d", "e", "f", "q", "r", "none"] {
            tera.add_raw_template(key, &format!("{{{{ t(key='{key}') }}}}")).unwrap();
        }
        for lang in ["en", "fr", "fr-CA", "fr-BE", "ar", "ar-EG", "ar-MA", "de", "zh-Hant"] {
            let mut cx = tera::Context::new();
            cx.insert("lang", lang);
            for key in ["a", "b", "c", "d", "e", "f", "q", "r", "none"] {
                let got = tera.render(key, &cx).ok();
                assert_eq!(got.as_deref(), s.shown(lang, key).as_deref(), "{lang} {key}");
            }
        }
        assert_eq!(s.get("fr-CA", "b"), Some("fr-b"));
        assert_eq!(s.get("ar", "f"), Some("fr-f"));
        assert_eq!(s.get("ar-EG", "c"), Some("en-c"));
        assert_eq!(s.get("ar-EG", "r"), Some("ar-r"));
    }

    /// A string a page shows in another language than its own is marked as that language,
    /// with its direction; the base language's (`pt` for `pt-BR`) is the same language; a
    /// setting and punctuation are not words and stay plain.
    #[test]
    fn strings_from_another_language_are_marked_as_it() {
        let file = |code: &str, text: &str| (code.to_string(), text.to_string(), PathBuf::from(format!("{code}.yaml")));
        let files = vec![
            file("en", "home: Home\nbuilt: Built with plenary.\nfull_stop: \".\"\nhonorific_order: before\nfile_type: \"({ext})\"\n"),
            file("ar", "home: الرئيسية\n"),
            file("pt", "home: Início\n"),
        ];
        let s = Strings::parse(&files, "en").unwrap();
        let shown = |lang: &str, key: &str| s.shown(lang, key).unwrap().into_owned();
        assert_eq!(shown("fa", "built"), marks::wrap("en", "ltr", "Built with plenary."));
        assert_eq!(shown("de", "home"), marks::wrap("en", "ltr", "Home"));
        assert_eq!(shown("pt-BR", "home"), "Início");
        assert_eq!(shown("en", "home"), "Home");
        assert_eq!(shown("ar-u-nu-arab", "home"), "الرئيسية");
        for key in ["full_stop", "honorific_order", "file_type"] {
            assert_eq!(shown("fa", key), s.get("fa", key).unwrap(), "{key}");
        }
        // the default language's strings, in its direction, on a page of another
        let s = Strings::parse(&files, "ar").unwrap();
        assert_eq!(s.shown("fa", "home").unwrap(), marks::wrap("ar", "rtl", "الرئيسية"));
        assert_eq!(s.fill_shown("de", "home", &[]), marks::wrap("ar", "rtl", "الرئيسية"));
        assert_eq!(s.fill_shown("fa", "full_stop", &[]), ".");
    }

    #[test]
    fn a_bad_strings_file_is_an_error_with_its_position() {
        let files = vec![("en".to_string(), "home: [a, b]\n".to_string(), PathBuf::from("themes/x/i18n/en.yaml"))];
        let e = Strings::parse(&files, "en").unwrap_err();
        assert_eq!((e[0].line, e[0].path.to_str()), (1, Some("themes/x/i18n/en.yaml")));
    }
}
