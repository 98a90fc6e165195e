//! Theme strings in many languages: `i18n/<code>.yaml` files of the theme (and of the site),
//! looked up by key with a fallback to the site's default language, then English. Templates
//! call `t(key="…")` (named values fill `{name}` placeholders); Rust views use [`Strings::get`].

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tera::{Kwargs, State, Tera, TeraResult};

use crate::diagnostics::Diagnostic;

/// All theme strings, by language code, then key.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Strings {
    by_lang: BTreeMap<String, BTreeMap<String, String>>,
    default: String,
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
            Ok(Strings { by_lang, default: default.to_string() })
        } else {
            Err(diags)
        }
    }

    /// The string for `key` in `lang`, else in its base language (`ar` for `ar-u-nu-arab`,
    /// `pt` for `pt-BR`), else in the default language, else in English.
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        let base = lang.split('-').next().unwrap_or(lang);
        [lang, base, self.default.as_str(), "en"]
            .iter()
            .find_map(|l| self.by_lang.get(*l).and_then(|m| m.get(key)))
            .map(String::as_str)
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

    /// Every string each language of the files has, its fallbacks ([`Strings::get`]) taken
    /// already, as template values: `t()` is called tens of times a page, and finding a key
    /// through the ordered maps (string comparisons at each level) and copying its text was
    /// ~650 instructions a call.
    fn values(&self) -> FxHashMap<Box<str>, FxHashMap<Box<str>, tera::Value>> {
        self.by_lang
            .keys()
            .map(|lang| {
                let base = lang.split('-').next().unwrap_or(lang);
                let keys = [lang.as_str(), base, &self.default, "en"]
                    .into_iter()
                    .filter_map(|l| self.by_lang.get(l))
                    .flat_map(BTreeMap::keys);
                let strings = keys.filter_map(|k| Some((k.as_str().into(), tera::Value::from(self.get(lang, k)?))));
                (lang.as_str().into(), strings.collect())
            })
            .collect()
    }

    /// Registers `t(key=…, name=value…)`, which reads the page's language from `lang`.
    pub fn register(self: &Arc<Self>, tera: &mut Tera) {
        let strings = Arc::clone(self);
        let values = self.values();
        tera.register_function("t", move |kwargs: Kwargs, state: &State| -> TeraResult<tera::Value> {
            // the language read as it is (`get::<String>` formats the value anew each call)
            let key = kwargs.must_get::<&str>("key")?;
            let lang = state.get::<tera::Value>("lang")?;
            let lang = lang.as_ref().and_then(tera::Value::as_str).unwrap_or(&strings.default);
            // a language of the files answers from its values; another (`fr-CA` where only
            // `fr.yaml` is) through the fallbacks
            let text = match values.get(lang) {
                Some(lang_values) => lang_values.get(key).cloned(),
                None => strings.get(lang, key).map(tera::Value::from),
            };
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
        // `names | and_list`: "A, B and C", "A、B和C", "A وB وC" in the page's language (CLDR)
        let default = self.default.clone();
        tera.register_filter("and_list", move |items: Vec<String>, _: Kwargs, state: &State| -> TeraResult<String> {
            let lang = state.get::<tera::Value>("lang")?;
            let lang = lang.as_ref().and_then(tera::Value::as_str).unwrap_or(&default);
            Ok(crate::locale::DateWriter::new(lang).and_list(&items))
        });
    }
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
        assert_eq!(tera.render("x", &cx).unwrap(), "Accueil / Page 2 of 3");
        // a number given is written with the language's digits
        tera.add_raw_template("n", "{{ t(key='page_of', n=8, total=1234) }}").unwrap();
        cx.insert("lang", "fa");
        assert_eq!(tera.render("n", &cx).unwrap(), "Page ۸ of ۱٬۲۳۴");
        tera.add_raw_template("y", "{{ names | and_list }}").unwrap();
        cx.insert("names", &["陶展", "李明", "王芳"]);
        cx.insert("lang", "zh");
        assert_eq!(tera.render("y", &cx).unwrap(), "陶展、李明和王芳");
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
                assert_eq!(got.as_deref(), s.get(lang, key), "{lang} {key}");
            }
        }
        assert_eq!(s.get("fr-CA", "b"), Some("fr-b"));
        assert_eq!(s.get("ar", "f"), Some("fr-f"));
        assert_eq!(s.get("ar-EG", "c"), Some("en-c"));
        assert_eq!(s.get("ar-EG", "r"), Some("ar-r"));
    }

    #[test]
    fn a_bad_strings_file_is_an_error_with_its_position() {
        let files = vec![("en".to_string(), "home: [a, b]\n".to_string(), PathBuf::from("themes/x/i18n/en.yaml"))];
        let e = Strings::parse(&files, "en").unwrap_err();
        assert_eq!((e[0].line, e[0].path.to_str()), (1, Some("themes/x/i18n/en.yaml")));
    }
}
