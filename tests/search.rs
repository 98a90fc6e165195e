//! The offline search end to end: the index plenary writes, queried by the real `search.js`
//! (with the real stemmer beside it) in Node, through `tests/node/search.js`.

mod common;

use common::search::{ask, harness, marked, node, urls};
use common::TestSite;
use serde_json::{json, Value};

fn site() -> TestSite {
    let s = TestSite::new();
    s.write("content/forums/teachers.md", "---\ntitle: Teacher development\n---\n\nIntro.\n\n## Competencies\n\nUniversity teachers need new competencies.\n");
    s.write("content/forums/governance.md", "---\ntitle: Governance\n---\n\nHow universities govern data.\n");
    s.write("content/pages/chinese.md", "---\ntitle: 高等教育\n---\n\n人工智能时代的高等教育转型。\n");
    s.write("content/pages/arabic.md", "---\ntitle: الإدارة\n---\n\nإدارة التعليم العالي في عصر الذكاء الاصطناعي.\n");
    s
}

/// Known answers: typed words find their inflections and nothing that merely shares letters.
/// An empty site in `languages` (code, name), the first the default.
fn site_in(languages: &[(&str, &str)]) -> TestSite {
    let s = TestSite::new();
    let listed: String = languages.iter().map(|(code, name)| format!("  - {{code: {code}, name: {name}}}\n")).collect();
    s.write("site.yaml", &format!("title: T\nbase_url: https://example.org/\nlanguages:\n{listed}"));
    s
}

#[test]
fn recall_and_precision_on_a_fixture_site() {
    if !node() {
        return;
    }
    let s = TestSite::new();
    s.write("content/pages/policies.md", "---\ntitle: Rules\n---\n\nThe policies of the institute.\n");
    s.write("content/pages/studied.md", "---\ntitle: Research\n---\n\nThe committee studied the options.\n");
    s.write("content/pages/university.md", "---\ntitle: Campus\n---\n\nA university in the city.\n");
    s.write("content/pages/cat.md", "---\ntitle: Pets\n---\n\nA cat sat on the mat.\n");
    s.write("content/pages/members.md", "---\ntitle: Members\n---\n\nDelegates from many countries.\n");
    s.write("content/pages/arabic.md", "---\ntitle: عربي\n---\n\nإدارة التعليم العالي في عصر الذكاء الاصطناعي.\n");
    s.write("content/pages/chinese.md", "---\ntitle: 中文\n---\n\n人工智能时代的高等教育转型。\n");
    s.build_ok(&[]);
    let r = urls(
        &s,
        "en",
        &[
            "policy",
            "study",
            "universities",
            "country",
            "category",
            "catalogue",
            "cat",
            "ادارة",
            "التعليم",
            "高等教育",
            "教育学",
            "the of",
        ],
    );
    assert_eq!(r[0], ["/policies/"], "policy finds policies");
    assert_eq!(r[1], ["/studied/"], "study finds studied");
    assert_eq!(r[2], ["/university/"], "universities finds university");
    assert_eq!(r[3], ["/members/"], "country finds countries");
    assert!(r[4].is_empty(), "category finds no cat page: {:?}", r[4]);
    assert!(r[5].is_empty(), "catalogue finds no cat page: {:?}", r[5]);
    assert_eq!(r[6], ["/cat/"]);
    assert_eq!(r[7], ["/arabic/"], "Arabic without hamza, article or taa marbuta");
    assert_eq!(r[8], ["/arabic/"], "Arabic with the article");
    assert_eq!(r[9], ["/chinese/"], "Chinese bigrams");
    assert!(r[10].is_empty(), "教育学 needs the bigram 育学: {:?}", r[10]);
    assert!(r[11].is_empty());
    assert_eq!(ask(&s, "en", &["the of"])[0]["common"], true, "only stop words: said so");
}

#[test]
fn queries_in_english_chinese_and_arabic_find_their_pages() {
    if !node() {
        return;
    }
    let s = site();
    s.build_ok(&[]);
    let r = urls(
        &s,
        "en",
        &[
            "teachers",
            "competency",
            "university",
            "教育",
            "人工智能",
            "ادارة",
            "إدارة",
            "التعليم",
            "تعليم",
            "nothing-like-this",
        ],
    );
    assert!(!r[0].is_empty() && r[0].iter().all(|u| u.starts_with("/forums/teachers/")), "stemmed: {:?}", r[0]);
    assert_eq!(r[1], ["/forums/teachers/#competencies"], "results link to the heading");
    assert_eq!(r[2].len(), 2, "university matches universities in both forums: {:?}", r[2]);
    assert_eq!(r[3], ["/chinese/"], "Chinese bigram");
    assert_eq!(r[4], ["/chinese/"]);
    assert_eq!(r[5], ["/arabic/"], "alef without hamza finds إدارة");
    assert_eq!(r[6], ["/arabic/"]);
    assert_eq!(r[7], ["/arabic/"], "with the article");
    assert_eq!(r[8], ["/arabic/"], "without the article");
    assert!(r[9].is_empty());
}

#[test]
fn each_language_has_its_own_index_and_arabic_spelling_variants_match() {
    if !node() {
        return;
    }
    let s = site();
    s.write("site.yaml", "title: T\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: ar, name: العربية}\n  - {code: zh, name: 中文}\n  - {code: fr, name: Français}\n");
    s.write("content/forums/governance.ar.md", "---\ntitle: الحوكمة\n---\n\nإدارة الجامعات في عصر الذكاء الاصطناعي.\n");
    s.write("content/forums/governance.zh.md", "---\ntitle: 治理\n---\n\n人工智能时代的大学治理。\n");
    s.write(
        "content/forums/governance.fr.md",
        "---\ntitle: Gouvernance\n---\n\nComment l’université gouverne les données des établissements.\n",
    );
    s.build_ok(&[]);
    let ar = urls(&s, "ar", &["ادارة", "الادارة", "الجامعات", "جامعة"]);
    assert_eq!(ar[0], ["/ar/arabic/", "/ar/forums/governance/"], "إدارة found by ادارة");
    assert_eq!(ar[1], ["/ar/arabic/", "/ar/forums/governance/"], "with the article");
    assert_eq!(ar[2], ["/ar/forums/governance/"]);
    let zh = urls(&s, "zh", &["大学治理", "治理"]);
    assert_eq!(zh[0], ["/zh/forums/governance/"]);
    assert!(zh[1].contains(&"/zh/forums/governance/".to_string()));
    let fr = urls(&s, "fr", &["universités", "l'universite", "etablissement", "donnée", "L’Université"]);
    for (q, r) in ["universités", "l'universite", "etablissement", "donnée", "L’Université"].iter().zip(&fr) {
        assert_eq!(r, &["/fr/forums/governance/"], "{q}: French stemming, elision and accents");
    }
    let en = urls(&s, "en", &["governance"]);
    assert!(en[0].iter().all(|u| !u.starts_with("/ar/")), "the English index has English pages");
}

/// Completion is only for the last word while it is typed, and only from words of the text.
/// Words joined by a hyphen are found written as one word too ("microcertification" finds
/// "micro-certification", "email" finds "e-mail") and, as before, by their parts; a query
/// with the hyphen also finds the word written joined; numbers joined by hyphens (a date)
/// and words merely next to each other are not joined, and the joined form is not offered
/// while typing.
#[test]
fn hyphenated_words_are_found_written_as_one() {
    if !node() {
        return;
    }
    let s = TestSite::new();
    s.write("content/pages/micro.md", "---\ntitle: Credentials\n---\n\nThe micro-certification project.\n");
    s.write("content/pages/joined.md", "---\ntitle: Badges\n---\n\nOur microcertification scheme.\n");
    s.write(
        "content/pages/mail.md",
        "---\ntitle: Contact\n---\n\nWrite an e\u{2011}mail to the state-of-the-art office.\n",
    );
    s.write("content/pages/date.md", "---\ntitle: Dates\n---\n\nOn 2023-12-09, a micro certification.\n");
    s.build_ok(&[]);
    let r = urls(
        &s,
        "en",
        &["microcertification", "micro-certification", "micro certification", "email", "stateoftheart", "20231209"],
    );
    assert_eq!(r[0], ["/joined/", "/micro/"], "joined");
    assert_eq!(r[1], ["/date/", "/joined/", "/micro/"], "by the parts, as before, and joined");
    assert_eq!(r[2], ["/date/", "/micro/"], "separate words find no joined one");
    assert_eq!(r[3], ["/mail/"], "a non-breaking hyphen joins too");
    assert_eq!(r[4], ["/mail/"], "a chain of words is joined whole");
    assert!(r[5].is_empty(), "numbers alone are not joined: {:?}", r[5]);
    // "stateoftheart" is written nowhere as one word: nothing completes to it
    let a = harness(&s, "en", json!({"op": "search", "queries": [{"q": "stateoft"}]}));
    assert_eq!(a[0]["total"], 0, "the joined form is no word to complete: {}", a[0]);
}

/// Text written in forms no reader types — full-width letters and digits in Chinese text,
/// the ligatures of a PDF's text, Arabic presentation forms — is found by what a reader
/// types, and a query typed in those forms finds the plain text.
#[test]
fn full_width_letters_ligatures_and_presentation_forms_are_found_as_typed() {
    if !node() {
        return;
    }
    let s = site_in(&[("en", "English"), ("zh", "中文"), ("ar", "العربية")]);
    s.write("content/pages/wide.md", "---\ntitle: Wide\n---\n\nＡＩ governance in ２０２３.\n");
    s.write("content/pages/pdf.md", "---\ntitle: Pasted\n---\n\nThe ﬁnancial eﬃciency of oﬄine courses.\n");
    s.write("content/pages/plain.md", "---\ntitle: Plain\n---\n\nFinancial aid.\n");
    s.write("content/pages/wide.zh.md", "---\ntitle: 宽\n---\n\n２０２３年的ＡＩ教育。\n");
    // "الجامعة" (the university) as a PDF's text gives it: presentation forms
    s.write(
        "content/pages/pdf.ar.md",
        "---\ntitle: جامعة\n---\n\n\u{FE8E}\u{FEDF}\u{FEA0}\u{FE8E}\u{FEE3}\u{FECC}\u{FE94} الرقمية\n",
    );
    s.build_ok(&[]);
    let en = urls(&s, "en", &["AI", "2023", "financial", "efficiency", "offline", "ＦＩＮＡＮＣＩＡＬ"]);
    assert_eq!(en[0], ["/wide/"], "full-width letters");
    assert_eq!(en[1], ["/wide/"], "full-width digits");
    assert_eq!(en[2], ["/pdf/", "/plain/"], "a ligature");
    assert_eq!(en[3], ["/pdf/"], "a ligature of three letters");
    assert_eq!(en[4], ["/pdf/"], "ffl");
    assert_eq!(en[5], ["/pdf/", "/plain/"], "a query in full-width letters");
    let zh = urls(&s, "zh", &["AI", "2023"]);
    assert_eq!(zh, [["/zh/wide/"], ["/zh/wide/"]], "beside Chinese characters");
    let ar = urls(&s, "ar", &["جامعة", "الجامعة"]);
    assert_eq!(ar, [["/ar/pdf/"], ["/ar/pdf/"]], "Arabic presentation forms");
}

/// The ligatures œ and æ of French and Latin spelling are found as the two letters a keyboard
/// types for them ("oeuvre", "coeur"), and a query with the ligature finds the two letters.
#[test]
fn ligatures_are_found_as_the_two_letters_typed() {
    if !node() {
        return;
    }
    let s = site_in(&[("en", "English"), ("fr", "Français")]);
    s.write("content/pages/art.md", "---\ntitle: Art\n---\n\nA life's work and an encyclopædia.\n");
    s.write("content/pages/art.fr.md", "---\ntitle: Art\n---\n\nL'œuvre d'une vie, au cœur du sommet.\n");
    s.write("content/pages/plain.md", "---\ntitle: Plain\n---\n\nAn encyclopaedia.\n");
    s.write("content/pages/plain.fr.md", "---\ntitle: Simple\n---\n\nUne oeuvre écrite sans ligature.\n");
    s.build_ok(&[]);
    let fr = urls(&s, "fr", &["oeuvre", "œuvre", "coeur", "CŒUR", "OEUVRES"]);
    assert_eq!(fr[0], ["/fr/art/", "/fr/plain/"], "oe finds œ");
    assert_eq!(fr[1], ["/fr/art/", "/fr/plain/"], "œ finds oe");
    assert_eq!(fr[2], ["/fr/art/"]);
    assert_eq!(fr[3], ["/fr/art/"], "the capital");
    assert_eq!(fr[4], ["/fr/art/", "/fr/plain/"], "an inflection");
    let en = urls(&s, "en", &["encyclopaedia", "encyclopædia"]);
    assert_eq!(en, [["/art/", "/plain/"], ["/art/", "/plain/"]], "æ and ae");
}

/// American and British spellings find the same sections ("organization", "organisation"),
/// and not a shorter word the stemmer would have cut the -ization spelling to ("organ").
#[test]
fn ize_and_ise_spellings_find_the_same_entries() {
    if !node() {
        return;
    }
    let s = TestSite::new();
    s.write("content/pages/us.md", "---\ntitle: US\n---\n\nThe organization of digitalization.\n");
    s.write("content/pages/uk.md", "---\ntitle: UK\n---\n\nOrganisations plan their digitalisation.\n");
    s.write("content/pages/organ.md", "---\ntitle: Music\n---\n\nAn organ and a digit.\n");
    s.build_ok(&[]);
    let both = ["/uk/", "/us/"];
    let r = urls(
        &s,
        "en",
        &["organization", "organisation", "organizations", "organize", "digitalization", "digitalisation"],
    );
    for (i, found) in r.iter().enumerate() {
        assert_eq!(found, &both, "query {i}");
    }
    assert_eq!(urls(&s, "en", &["organ ", "digit "]), [["/organ/"], ["/organ/"]]);
}

/// A result written in another language than the search page's (an untranslated original on
/// the Arabic search) says which: its entry carries its language, and the page has the
/// language's direction and a note in the page's language for it.
#[test]
fn results_in_another_language_carry_it() {
    if !node() {
        return;
    }
    let s = site_in(&[("en", "English"), ("ar", "العربية")]);
    s.write("content/pages/left.md", "---\ntitle: Governance\n---\n\nGovernance of data, left untranslated.\n");
    s.write("content/pages/done.md", "---\ntitle: Data\n---\n\nData governance.\n");
    s.write("content/pages/done.ar.md", "---\ntitle: البيانات\n---\n\nحوكمة البيانات governance.\n");
    s.build_ok(&[]);
    let found = |lang: &str, q: &str| -> Vec<(String, String, bool)> {
        let mut v: Vec<_> = ask(&s, lang, &[q])[0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["url"].as_str().unwrap().into(), r["lang"].as_str().unwrap().into(), r["foreign"] == true))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        found("ar", "governance"),
        [("/ar/done/".into(), "ar".into(), false), ("/ar/left/".into(), "en".into(), true)],
        "the untranslated page is in English"
    );
    assert_eq!(
        found("en", "governance"),
        [("/done/".into(), "en".into(), false), ("/left/".into(), "en".into(), false)]
    );
    // the Arabic search page: English is written left to right, and said so in Arabic
    let strings =
        |page: &str| -> Value { serde_json::from_str(&common::texts(&s.page(page), "#search-strings")[0]).unwrap() };
    assert_eq!(strings("ar/search/index.html")["languages"], json!([["en", "ltr", "باللغة الإنجليزية"]]));
    assert_eq!(strings("search/index.html")["languages"], json!([["ar", "rtl", "In Arabic"]]));
}

/// A forum is found by its date as its page writes it in each language, and in ISO form.
#[test]
fn forums_are_found_by_their_date() {
    if !node() {
        return;
    }
    let s = site_in(&[("en", "English"), ("fr", "Français"), ("zh", "中文"), ("ar", "العربية")]);
    s.write("content/forums/eighth.md", "---\ntitle: Teachers\ndate: 2023-12-08\n---\n\nText.\n");
    s.write("content/forums/seventh.md", "---\ntitle: Governance\ndate: 2023-12-07\n---\n\nText.\n");
    s.build_ok(&[]);
    let en = urls(&s, "en", &["8 December", "December 8, 2023", "2023-12-07"]);
    assert_eq!(en, [["/forums/eighth/"], ["/forums/eighth/"], ["/forums/seventh/"]]);
    assert_eq!(urls(&s, "fr", &["8 décembre", "2023-12-08"]), [["/fr/forums/eighth/"], ["/fr/forums/eighth/"]]);
    assert_eq!(urls(&s, "zh", &["12月8日", "2023-12-07"]), [["/zh/forums/eighth/"], ["/zh/forums/seventh/"]]);
    assert_eq!(urls(&s, "ar", &["2023-12-08"]), [["/ar/forums/eighth/"]]);
}

/// Ordinal words are no stop words: "the fourth forum" does not find the second.
#[test]
fn ordinals_tell_forums_apart() {
    if !node() {
        return;
    }
    let s = site_in(&[("en", "English"), ("ar", "العربية")]);
    for (slug, en, ar) in [("two", "Second forum", "المنتدى الثاني"), ("four", "Fourth forum", "المنتدى الرابع")]
    {
        s.write(&format!("content/pages/{slug}.md"), &format!("---\ntitle: {en}\n---\n\nThe {en}.\n"));
        s.write(&format!("content/pages/{slug}.ar.md"), &format!("---\ntitle: {ar}\n---\n\n{ar}.\n"));
    }
    s.build_ok(&[]);
    let ar = urls(&s, "ar", &["المنتدى الرابع", "المنتدى الثاني", "رابع", "المنتدى"]);
    assert_eq!(ar, [vec!["/ar/four/"], vec!["/ar/two/"], vec!["/ar/four/"], vec!["/ar/four/", "/ar/two/"]]);
    let en = urls(&s, "en", &["fourth forum", "second"]);
    assert_eq!(en, [["/four/"], ["/two/"]]);
}

/// "Hall A" found every hall: "a" is a stop word, so the query was "hall". A stop word after
/// a word of a label (a room, a title, a heading) counts with it: the query keeps to the
/// entries so labelled when some hold the rest of the query, and drops the stop word
/// otherwise, as before.
#[test]
fn a_stop_word_that_names_a_room_counts() {
    if !node() {
        return;
    }
    let s = TestSite::new();
    for (slug, title, room, text) in [
        ("a", "Data governance", "Hall A", "The hall was full."),
        ("b", "Teacher development", "Hall B", "Teachers met in a hall."),
        ("main", "Opening", "Main Hall", "A hall for everyone."),
    ] {
        s.write(&format!("content/forums/{slug}.md"), &format!("---\ntitle: {title}\nroom: {room}\n---\n\n{text}\n"));
    }
    s.write("content/pages/venue.md", "---\ntitle: Venue\n---\n\nEvery hall a delegate needs.\n");
    s.build_ok(&[]);
    let all = vec!["/forums/a/", "/forums/b/", "/forums/main/", "/venue/"];
    assert_eq!(
        urls(&s, "en", &["hall a", "Hall A", "hall b", "hall", "a hall", "hall a teacher", "hall a governance"]),
        [
            vec!["/forums/a/"],
            vec!["/forums/a/"],
            vec!["/forums/b/"],
            all.clone(),
            all,
            vec!["/forums/b/"],
            vec!["/forums/a/"]
        ]
    );
}

/// A page's title words were counted three times in every section of it, so a section that
/// does not hold the word ranked above one that holds it twice. The title still finds every
/// section, but counts so only in the page's opening.
#[test]
fn a_section_ranks_by_its_own_words_above_its_pages_title() {
    if !node() {
        return;
    }
    let s = TestSite::new();
    s.write("content/pages/governance.md", "---\ntitle: Governance\n---\n\nIntro.\n\n## Budget\n\nMoney matters.\n");
    s.write(
        "content/pages/data.md",
        "---\ntitle: Data\n---\n\nIntro.\n\n## Rules\n\nGovernance of data, and governance of code.\n",
    );
    s.build_ok(&[]);
    let ranked: Vec<String> = ask(&s, "en", &["governance"])[0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ranked, ["/governance/", "/data/#rules", "/governance/#budget"]);
}

/// A translated page is found by its original's title too: "Tao Zhan" typed on the Arabic
/// search finds his Arabic page, which names him تاو جان (it found nothing).
#[test]
fn a_translation_is_found_by_its_originals_title() {
    if !node() {
        return;
    }
    let s = site_in(&[("en", "English"), ("ar", "العربية")]);
    s.write("content/speakers/tao-zhan.md", "---\nname: Tao Zhan\n---\n\nDirector.\n");
    s.write("content/speakers/tao-zhan.ar.md", "---\nname: تاو جان\n---\n\nمدير.\n");
    s.build_ok(&[]);
    assert_eq!(urls(&s, "ar", &["tao zhan", "تاو"]), [["/ar/speakers/tao-zhan/"], ["/ar/speakers/tao-zhan/"]]);
    // the English search is unchanged: the original is its own page
    assert_eq!(urls(&s, "en", &["tao zhan"]), [["/speakers/tao-zhan/"]]);
}

/// Digits typed on an Arabic or Persian keyboard (or written so in the text) find the
/// number written with ASCII digits, and the other way round.
#[test]
fn digits_of_every_script_find_the_same_number() {
    if !node() {
        return;
    }
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\ndefault_language: ar\nlanguages:\n  - {code: ar, name: العربية}\n  - {code: fa, name: فارسی}\n",
    );
    s.write("content/pages/summit.md", "---\ntitle: القمة\n---\n\nقمة 2023 في شنتشن.\n");
    s.write("content/pages/year.md", "---\ntitle: العام\n---\n\nفي عام ٢٠٢٤ تعقد القمة.\n");
    s.write("content/pages/summit.fa.md", "---\ntitle: نشست\n---\n\nنشست ۱۴۰۲ در شنژن.\n");
    s.build_ok(&[]);
    assert_eq!(urls(&s, "ar", &["٢٠٢٣", "2024", "٢٠٢٤"]), [vec!["/summit/"], vec!["/year/"], vec!["/year/"]]);
    assert_eq!(urls(&s, "fa", &["1402", "۱۴۰۲", "١٤٠٢"]), [["/fa/summit/"], ["/fa/summit/"], ["/fa/summit/"]]);
}

/// Persian text and keyboards write ی and ک where Arabic ones write ي and ك (and a Persian
/// text pasted from an Arabic source has the Arabic letters): either finds the other.
#[test]
fn persian_and_arabic_yeh_and_kaf_find_each_other() {
    if !node() {
        return;
    }
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\ndefault_language: fa\nlanguages:\n  - {code: fa, name: فارسی}\n",
    );
    s.write("content/pages/opening.md", "---\ntitle: افتتاحیه\n---\n\nشرکت کنندگان در افتتاحیه.\n");
    s.write("content/pages/pasted.md", "---\ntitle: متن\n---\n\nكتاب سياست آموزشي.\n");
    s.build_ok(&[]);
    assert_eq!(
        urls(&s, "fa", &["افتتاحيه", "افتتاحیه", "شركت", "کتاب", "كتاب", "سیاست"]),
        [["/opening/"], ["/opening/"], ["/opening/"], ["/pasted/"], ["/pasted/"], ["/pasted/"]]
    );
}

/// The last word is completed by the query's text alone: the page runs the same query while it
/// is typed, after Enter and from a `?q=` address (which it updates as the reader types), so a
/// shared address shows what the reader saw.
#[test]
fn the_last_word_is_completed_however_the_query_arrives() {
    if !node() {
        return;
    }
    let s = site();
    s.build_ok(&[]);
    let qs = json!({"op": "search", "queries": [
        {"q": "univ"},
        {"q": "univ data"},
        {"q": "data univ"},
        {"q": "univ "},
        {"q": "competencie"},
        {"q": "教"},
        {"q": "un"},
        {"q": "data and"},
        {"q": "the"},
    ]});
    let a = harness(&s, "en", qs);
    let total = |i: usize| a[i]["total"].as_u64().unwrap();
    assert_eq!(total(0), 2, "univ… completes to universities / university");
    assert_eq!(total(1), 0, "only the last word is completed");
    assert_eq!(total(2), 1, "data + univ…");
    assert_eq!(total(3), 0, "a word followed by a space is complete");
    assert_eq!(total(4), 1, "competencies");
    assert_eq!(total(5), 1, "one CJK character completes to its bigrams");
    assert_eq!(total(6), 0, "two letters are not completed");
    assert_eq!(total(7), 1, "a stop word last is dropped, not completed");
    assert_eq!(a[8]["common"], true, "a stop word alone is one");
    let marks = marked(&a[0]["results"][0]);
    assert!(marks.iter().all(|m| m.to_lowercase().starts_with("univ")) && !marks.is_empty(), "{marks:?}");
}

/// The count is the number of matches, not the page size; "show more" pages through all.
#[test]
fn the_count_is_real_and_every_result_can_be_shown() {
    if !node() {
        return;
    }
    let s = TestSite::new();
    for i in 0..45 {
        s.write(
            &format!("content/pages/p{i:02}.md"),
            &format!("---\ntitle: Page {i}\n---\n\nAbout sustainability, part {i}.\n"),
        );
    }
    s.build_ok(&[]);
    let a = harness(
        &s,
        "en",
        json!({"op": "search", "queries": [{"q": "sustainable"}, {"q": "sustainable", "all": true}]}),
    );
    assert_eq!(a[0]["total"], 45);
    assert_eq!(a[0]["results"].as_array().unwrap().len(), 20, "the first 20");
    let mut all: Vec<&str> = a[1]["results"].as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(all.len(), 45);
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 45, "each result once");
}

/// Each result says what it is, shows its words once, marks the matches, separates cells.
#[test]
fn results_name_their_kind_and_mark_matches_in_text_shown_once() {
    if !node() {
        return;
    }
    let s = TestSite::example();
    s.write(
        "content/pages/table.md",
        "---\ntitle: Delegations\n---\n\n| Delegation | Country |\n|---|---|\n| Zorbanian team | Chile |\n| Quillmark group | Peru |\n",
    );
    s.build_ok(&[]);
    let a = ask(&s, "en", &["Tatiana", "governance", "zorbanian", "Huawei"]);
    let kinds = |i: usize| -> Vec<String> {
        a[i]["results"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap().to_string()).collect()
    };
    assert!(kinds(0).contains(&"speaker".to_string()), "{:?}", kinds(0));
    assert!(kinds(1).contains(&"forum".to_string()) && kinds(1).contains(&"chapter".to_string()), "{:?}", kinds(1));
    assert!(kinds(3).contains(&"news".to_string()), "{:?}", kinds(3));
    let table = &a[2]["results"][0];
    assert_eq!(table["kind"], "page");
    let text: String = table["snippet"].as_array().unwrap().iter().map(|p| p[0].as_str().unwrap()).collect();
    assert_eq!(text, "Delegation | Country; Zorbanian team | Chile; Quillmark group | Peru;");
    assert_eq!(table["snippet"][1], json!(["Zorbanian", true]), "the match is marked");
    // no entry repeats its own text (the first paragraph once, not again as the summary)
    for lang in ["en", "fr", "ar", "zh"] {
        let dir = s.public().join("search").join(lang);
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if !f.file_name().unwrap().to_string_lossy().starts_with('d') {
                continue;
            }
            let rows: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
            for row in rows {
                let text = row[4].as_str().unwrap();
                let sentences: Vec<&str> = text.split(". ").filter(|x| x.len() > 40).collect();
                let mut seen = std::collections::BTreeSet::new();
                for x in &sentences {
                    assert!(seen.insert(*x), "{} repeats {x:?}", row[0]);
                }
            }
        }
    }
}

/// A query word loads one bounded term shard; entry text is loaded for the results shown only.
#[test]
fn a_query_loads_only_the_shards_it_needs() {
    if !node() {
        return;
    }
    let s = TestSite::new();
    let filler = "Delegates discussed the future of teaching, research and governance in depth. ".repeat(8);
    for i in 0..200 {
        s.write(&format!("content/pages/p{i:03}.md"), &format!("---\ntitle: Page {i}\n---\n\n{filler}\n"));
    }
    s.write("content/pages/z.md", "---\ntitle: Zed\n---\n\nQuillwort teaching governance.\n");
    s.build_ok(&[]);
    let a = ask(&s, "en", &["quillwort teaching governance"]);
    assert_eq!(a[0]["total"], 1);
    let fetched: Vec<String> =
        a[0]["fetched"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect();
    let count = |c: char| fetched.iter().filter(|f| f.starts_with(c)).count();
    assert!((1..=3).contains(&count('t')), "one term shard per word at most: {fetched:?}");
    assert!(count('s') <= 3, "at most one surface shard per word: {fetched:?}");
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(s.public().join("search/en/meta.json")).unwrap()).unwrap();
    assert!(meta["docs"].as_array().unwrap().len() > 3);
    assert_eq!(count('d'), 1, "only the shown result's text: {fetched:?}");
}

#[test]
fn the_search_page_speaks_its_language_and_the_form_goes_to_it() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let page = s.page("search/index.html");
    assert_eq!(common::attrs(&page, "form.search-form", "data-index"), ["/search/en/"]);
    assert_eq!(common::attrs(&page, "form.search-form", "action"), ["/search/"]);
    assert_eq!(common::attrs(&page, "script[src]", "src"), ["/stem/english.js", "/search.js", "/search-page.js"]);
    let ar = s.page("ar/search/index.html");
    assert_eq!(common::attrs(&ar, "form.search-form", "action"), ["/ar/search/"]);
    assert_eq!(
        common::attrs(&ar, "script[src]", "src"),
        ["/search.js", "/search-page.js"],
        "Arabic's light stemmer is part of search.js"
    );
    let strings: Value = serde_json::from_str(&common::texts(&ar, "#search-strings")[0]).unwrap();
    assert_eq!(strings["none"], "لا توجد نتائج.");
    assert_eq!(strings["count"]["few"], "{n} نتائج");
    assert_eq!(strings["kinds"]["speaker"], "متحدث");
    assert_eq!(common::attrs(&ar, "#search-status", "aria-live"), ["polite"]);
    assert!(!common::texts(&ar, "noscript").is_empty(), "without JavaScript the page says so");
    let fr: Value =
        serde_json::from_str(&common::texts(&s.page("fr/search/index.html"), "#search-strings")[0]).unwrap();
    assert_eq!(fr["count"]["other"], "{n} résultats");
    // no status or result text is written into the script itself
    for script in ["search.js", "search-page.js"] {
        let js = std::fs::read_to_string(s.public().join(script)).unwrap();
        for english in ["Searching", "No results", " result\"", " results\"", "Show more", "could not be loaded"] {
            assert!(!js.contains(english), "{script} hard-codes {english:?}");
        }
    }
    for (page, action) in [("404.html", "/search/"), ("ar/404.html", "/ar/search/")] {
        let p = s.page(page);
        assert_eq!(common::attrs(&p, "form[role=search]", "action"), [action], "{page} offers the search box");
        assert_eq!(common::attrs(&p, "form[role=search] input", "name"), ["q"]);
    }
}

#[test]
fn the_index_is_smaller_than_the_pages() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let size = |dir: &str| common::tree(&s.public().join(dir)).iter().map(|(_, b)| b.len()).sum::<usize>();
    let html: usize = common::tree(&s.public())
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(_, b)| b.len())
        .sum();
    assert!(size("search") * 2 < html, "index {} bytes vs pages {html}", size("search"));
}

/// What the front matter shows on a page (a speaker's organisation, a country) is searchable
/// with the page's opening text and shown before it in the result, once.
#[test]
fn what_the_front_matter_shows_is_indexed_before_the_opening_text() {
    let s = TestSite::new();
    s.write(
        "content/speakers/ada.md",
        "---\nname: Ada Quist\nrole: Rector\norganisation: Zanzibar Polytechnic\ncountry: NO\n---\n\nWrites on campus libraries.\n",
    );
    s.build_ok(&[]);
    let dir = s.public().join("search/en");
    let mut terms = serde_json::Map::new();
    let mut rows = Vec::new();
    for f in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        if name.starts_with('t') {
            terms.extend(json.as_object().unwrap().clone());
        } else if name.starts_with('d') {
            rows.extend(json.as_array().unwrap().clone());
        }
    }
    let at = rows.iter().position(|r| r[0] == "/speakers/ada/").expect("the speaker's entry");
    assert_eq!(rows[at][4], "Norway · Rector, Zanzibar Polytechnic · Writes on campus libraries.");
    for word in ["zanzibar", "polytechn", "norway", "librari"] {
        let postings = terms.get(word).unwrap_or_else(|| panic!("`{word}` is a term: {:?}", terms.keys()));
        assert_eq!(postings[0], at, "`{word}` leads to the speaker's entry");
    }
}

/// A word of letters only, one for each `i` (`zq` + base 26 + `x`: no stemmer changes it).
fn own_word(i: usize) -> String {
    let mut w = String::from("zq");
    let mut k = i;
    for _ in 0..4 {
        w.push((b'a' + (k % 26) as u8) as char);
        k /= 26;
    }
    w.push('x');
    w
}

/// A language's index read whole: every term's postings, and the entries' rows in order.
fn read_index(s: &TestSite, lang: &str) -> (serde_json::Map<String, Value>, Vec<Value>) {
    let dir = s.public().join("search").join(lang);
    let read =
        |name: String| -> Value { serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap() };
    let meta = read("meta.json".into());
    let mut terms = serde_json::Map::new();
    for n in 0..meta["terms"].as_array().unwrap().len() {
        terms.extend(read(format!("t{n}.json")).as_object().unwrap().clone());
    }
    let mut rows = Vec::new();
    for (n, first) in meta["docs"].as_array().unwrap().iter().enumerate() {
        assert_eq!(first, rows.len(), "d{n}.json starts at its entry");
        rows.extend(read(format!("d{n}.json")).as_array().unwrap().clone());
    }
    assert_eq!(meta["entries"], rows.len());
    (terms, rows)
}

/// A site of more documents than the search stage indexes at a time (4,096), in two
/// languages with translations in the first and later runs: every document's own word leads
/// to its entry in each language's index (a translation's to its own text), so no run's texts
/// are let go before every language has indexed them.
#[test]
fn every_document_of_a_site_indexed_in_several_runs_is_found_in_every_language() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nsocial_cards: false\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n",
    );
    let n = 4500;
    for i in 0..n {
        s.write(&format!("content/pages/p{i:04}.md"), &format!("---\ntitle: P{i}\n---\n\nText {}.\n", own_word(i)));
    }
    let translated = [0, 4095, 4096, 4499];
    for i in translated {
        s.write(
            &format!("content/pages/p{i:04}.fr.md"),
            &format!("---\ntitle: P{i}\n---\n\nTexte {}.\n", own_word(n + i)),
        );
    }
    s.build_ok(&[]);
    for (lang, prefix) in [("en", ""), ("fr", "/fr")] {
        let (terms, rows) = read_index(&s, lang);
        for i in 0..n {
            let shown = if lang == "fr" && translated.contains(&i) { n + i } else { i };
            let word = own_word(shown);
            let postings = terms.get(&word).unwrap_or_else(|| panic!("{lang}: `{word}` of page {i} is not indexed"));
            let entry = postings[0].as_u64().unwrap() as usize;
            assert_eq!(postings.as_array().unwrap().len(), 2, "{lang}: `{word}` is in one entry");
            assert_eq!(rows[entry][0], format!("{prefix}/p{i:04}/"), "{lang}: `{word}`");
            assert!(rows[entry][4].as_str().unwrap().contains(&word), "{lang}: entry {entry} shows `{word}`");
            if shown != i {
                assert!(!terms.contains_key(&own_word(i)), "{lang}: page {i} shows its translation only");
            }
        }
    }
}
