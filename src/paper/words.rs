//! The words a paper's pass writes into its pages — "Figure 1.1", "Section 2.3", the
//! reference list's heading, the paragraph tools' labels — in the language of the pages, from
//! the theme's strings (`xref_figure: "图{n}"`). The originals take the default language's,
//! each language's translated chapters that language's.

/// The words of one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// "Section {n}" and the like, by the kind of target ([`super::crossref::Target::kind`]).
    section: String,
    figure: String,
    table: String,
    equation: String,
    chapter: String,
    /// A figure's and a table's caption label: "Figure {n}.".
    figure_caption: String,
    table_caption: String,
    /// The reference list's heading.
    pub references: String,
    /// The ¶ link's label, for screen readers.
    pub paragraph_link: String,
    /// The comment link's text and its label.
    pub comment: String,
    pub comment_on_paragraph: String,
    /// "Figures {n}" and the like, `{n}` the numbers of a group of one kind (`[@fig:a;
    /// @fig:b]`), in the order of [`KINDS`].
    plural: [String; 5],
    /// The language's code, whose CLDR list joins a group's numbers ("1.1 and 2.1").
    pub language: String,
    /// The language and direction of each word (by its key) that is another language's than
    /// the pages' (a Persian paper's "References" in English, for want of Persian strings):
    /// where it is text, it is written inside `<span lang dir>` ([`Words::html`]).
    marks: std::collections::BTreeMap<&'static str, (String, &'static str)>,
}

/// The kinds of targets, in the order of the plural words' keys.
const KINDS: [&str; 5] = ["Section", "Figure", "Table", "Equation", "Chapter"];

/// The plural words' keys, with English beside them.
const PLURAL_KEYS: [(&str, &str); 5] = [
    ("xref_sections", "Sections {n}"),
    ("xref_figures", "Figures {n}"),
    ("xref_tables", "Tables {n}"),
    ("xref_equations", "Equations {n}"),
    ("xref_chapters", "Chapters {n}"),
];

/// The theme strings' keys, with English beside them (a theme without them).
const KEYS: [(&str, &str); 11] = [
    ("xref_section", "Section {n}"),
    ("xref_figure", "Figure {n}"),
    ("xref_table", "Table {n}"),
    ("xref_equation", "Equation ({n})"),
    ("xref_chapter", "Chapter {n}"),
    ("caption_figure", "Figure {n}."),
    ("caption_table", "Table {n}."),
    ("references", "References"),
    ("paragraph_link", "Link to this paragraph"),
    ("comment", "Comment"),
    ("comment_on_paragraph", "Comment on this paragraph"),
];

impl Default for Words {
    fn default() -> Self {
        Words::from_strings("en", |_| None)
    }
}

impl Words {
    /// The words `string(key)` gives for `language`, English where it gives none.
    pub fn from_strings(language: &str, string: impl Fn(&str) -> Option<String>) -> Words {
        let [section, figure, table, equation, chapter, figure_caption, table_caption, references, paragraph_link, comment, comment_on_paragraph] =
            KEYS.map(|(key, english)| string(key).unwrap_or_else(|| english.to_string()));
        Words {
            section,
            figure,
            table,
            equation,
            chapter,
            figure_caption,
            table_caption,
            references,
            paragraph_link,
            comment,
            comment_on_paragraph,
            plural: PLURAL_KEYS.map(|(key, english)| string(key).unwrap_or_else(|| english.to_string())),
            language: language.to_string(),
            marks: Default::default(),
        }
    }

    /// These words, each key `mark` gives a language and direction for marked as written in
    /// it (a string that fell back to another language than the pages').
    pub fn with_marks(mut self, mark: impl Fn(&str) -> Option<(String, &'static str)>) -> Words {
        let keys = KEYS.iter().chain(&PLURAL_KEYS).map(|(key, _)| *key);
        self.marks = keys.filter_map(|key| Some((key, mark(key)?))).collect();
        self
    }

    /// `html`, the text of the word of `key` as a page shows it, inside `<span lang dir>` when
    /// that word is another language's; as it is otherwise.
    pub fn html(&self, key: &str, html: String) -> String {
        match self.marks.get(key) {
            Some((lang, dir)) => format!("<span lang=\"{lang}\" dir=\"{dir}\">{html}</span>"),
            None => html,
        }
    }

    /// The key of the word of a target of `kind`, plural or not.
    pub fn key_of(kind: &str, plural: bool) -> &'static str {
        let at = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
        if plural {
            PLURAL_KEYS[at].0
        } else {
            KEYS[at].0
        }
    }

    /// "Figures {n}" for several targets of `kind`, the word joined to the numbers by a
    /// no-break space; `{n}` is left for the list.
    pub fn plural_on_page(&self, kind: &str) -> String {
        let at = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
        self.plural[at].replace(" {n}", "\u{a0}{n}")
    }

    /// "Figure 2.1" for a target of `kind` ("Section", "Figure", "Table", "Equation",
    /// "Chapter") numbered `number`, as messages say it.
    pub fn target(&self, kind: &str, number: &str) -> String {
        self.template(kind).replace("{n}", number)
    }

    /// As [`Words::target`], for a page: the word and its number never broken across lines
    /// ("الفصل" at a line's end, "3" at the next's).
    pub fn target_on_page(&self, kind: &str, number: &str) -> String {
        on_page(self.template(kind), number)
    }

    fn template(&self, kind: &str) -> &str {
        match kind {
            "Figure" => &self.figure,
            "Table" => &self.table,
            "Equation" => &self.equation,
            "Chapter" => &self.chapter,
            _ => &self.section,
        }
    }

    /// A figure's caption label: "Figure 2.1.".
    pub fn figure_caption(&self, number: &str) -> String {
        on_page(&self.figure_caption, number)
    }

    /// A table's caption label: "Table 2.1.".
    pub fn table_caption(&self, number: &str) -> String {
        on_page(&self.table_caption, number)
    }
}

/// `template` with `{n}` as `number`, joined to the word before it by a no-break space.
fn on_page(template: &str, number: &str) -> String {
    template.replace(" {n}", "\u{a0}{n}").replace("{n}", number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_from_the_strings_and_english_fills_the_rest() {
        let w = Words::default();
        assert_eq!(w.target("Equation", "1.2"), "Equation (1.2)");
        assert_eq!(w.figure_caption("2.1"), "Figure\u{a0}2.1.");
        assert_eq!(w.target_on_page("Chapter", "3"), "Chapter\u{a0}3");
        assert_eq!(w.target("Chapter", "3"), "Chapter 3", "messages keep a plain space");
        assert_eq!(w.plural_on_page("Figure"), "Figures\u{a0}{n}");
        let zh = Words::from_strings("zh", |k| (k == "xref_figure").then(|| "图{n}".to_string()));
        assert_eq!(zh.target("Figure", "1.1"), "图1.1");
        assert_eq!(zh.target("Table", "1.1"), "Table 1.1");
    }
}
