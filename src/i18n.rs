//! Theme strings in many languages: `i18n/<code>.yaml` files of the theme (and of the site),
//! looked up by key with a fallback to the site's default language, then English. Templates
//! call `t(key="…")` (named values fill `{name}` placeholders); Rust views use [`Strings::get`].

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

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

    /// Keys the default language has and `lang` lacks, for the translation report.
    pub fn missing(&self, lang: &str) -> Vec<String> {
        let Some(base) = self.by_lang.get(&self.default).or_else(|| self.by_lang.get("en")) else { return Vec::new() };
        let primary = lang.split('-').next().unwrap_or(lang);
        let has = |k: &String| [lang, primary].iter().any(|l| self.by_lang.get(*l).is_some_and(|m| m.contains_key(k)));
        base.keys().filter(|k| !has(k)).cloned().collect()
    }

    /// Registers `t(key=…, name=value…)`, which reads the page's language from `lang`.
    pub fn register(self: &Arc<Self>, tera: &mut Tera) {
        let strings = Arc::clone(self);
        tera.register_function("t", move |kwargs: Kwargs, state: &State| -> TeraResult<tera::Value> {
            // the language read as it is (`get::<String>` formats the value anew each call)
            let key = kwargs.must_get::<&str>("key")?;
            let lang = state.get::<tera::Value>("lang")?;
            let lang = lang.as_ref().and_then(tera::Value::as_str).unwrap_or(&strings.default);
            let Some(text) = strings.get(lang, key) else {
                return Err(tera::Error::message(format!(
                    "no theme string `{key}` (add it to i18n/{}.yaml)",
                    strings.default
                )));
            };
            // the text made into a value once, and copied only when a placeholder is filled (a
            // page calls `t()` tens of times, mostly with the key alone)
            let mut out: Option<String> = None;
            for (name, value) in kwargs.iter() {
                let name = name.as_str().map_or_else(|| name.to_string().into(), std::borrow::Cow::Borrowed);
                if name != "key" {
                    let filled = out.as_deref().unwrap_or(text).replace(&format!("{{{name}}}"), &value.to_string());
                    out = Some(filled);
                }
            }
            Ok(out.map_or_else(|| tera::Value::from(text), tera::Value::from))
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
        tera.add_raw_template("y", "{{ names | and_list }}").unwrap();
        cx.insert("names", &["陶展", "李明", "王芳"]);
        cx.insert("lang", "zh");
        assert_eq!(tera.render("y", &cx).unwrap(), "陶展、李明和王芳");
    }

    #[test]
    fn a_bad_strings_file_is_an_error_with_its_position() {
        let files = vec![("en".to_string(), "home: [a, b]\n".to_string(), PathBuf::from("themes/x/i18n/en.yaml"))];
        let e = Strings::parse(&files, "en").unwrap_err();
        assert_eq!((e[0].line, e[0].path.to_str()), (1, Some("themes/x/i18n/en.yaml")));
    }
}
