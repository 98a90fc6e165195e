//! The browser normalises queries exactly as the index builder normalises text: the real
//! `search.js` and stemmers in Node against `plenary::search::text`, word for word, on the
//! example site in all its languages, generated inflections of English and French words,
//! words of every stemmed language, Arabic spelling variants, and random Unicode (proptest).

mod common;

use std::process::Command;
use std::sync::OnceLock;

use common::search::run_node;
use common::TestSite;
use plenary::search::text::{self, Analyzer};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Every language plenary stems, plus some it does not (Arabic, Chinese, Greek).
const LANGS: &[&str] =
    &["en", "fr", "ar", "zh", "el", "da", "nl", "fi", "de", "hu", "it", "nb", "pt", "ro", "ru", "es", "sv", "ta", "tr"];

fn node() -> bool {
    let ok = Command::new("node").arg("--version").output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but Node.js is missing: .ci/run must install it"
        );
        eprintln!("SKIPPED: Node.js is not installed, so search.js cannot be run");
    }
    ok
}

/// A built site with an index (stop words, stemmer name) for every language of [`LANGS`].
fn site() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let s = TestSite::new();
        let mut yaml = String::from("title: T\nbase_url: https://example.org/\nlanguages:\n");
        for l in LANGS {
            yaml.push_str(&format!("  - {{code: {l}, name: {l}}}\n"));
        }
        s.write("site.yaml", &yaml);
        s.write("content/pages/a.md", "---\ntitle: A\n---\n\nText.\n");
        s.build_ok(&[]);
        s
    })
}

/// (surface, term) of each token of each text, from search.js in Node.
fn js_tokens(public: &std::path::Path, lang: &str, texts: &[String]) -> Vec<Vec<(String, String)>> {
    js_op(public, lang, "tokens", texts)
}

/// The label pairs of each text ("hall a"), from search.js in Node.
fn js_pairs(public: &std::path::Path, lang: &str, texts: &[String]) -> Vec<Vec<String>> {
    js_op(public, lang, "pairs", texts)
}

fn rust_pairs(lang: &str, texts: &[String]) -> Vec<Vec<String>> {
    let a = Analyzer::new(lang);
    texts.iter().map(|t| a.pairs(t)).collect()
}

/// Fails with the first texts whose label pairs differ.
fn assert_same_pairs(public: &std::path::Path, lang: &str, texts: &[String]) {
    assert_alike(&format!("{lang} pairs"), texts, &js_pairs(public, lang, texts), &rust_pairs(lang, texts));
}

/// One operation of `tests/node/search.js` on each text.
fn js_op<T: serde::de::DeserializeOwned>(public: &std::path::Path, lang: &str, op: &str, texts: &[String]) -> Vec<T> {
    let input = json!({"public": public.display().to_string(), "lang": lang, "op": op, "texts": texts});
    serde_json::from_value(run_node(&input)).expect("the harness's answer")
}

fn rust_tokens(lang: &str, texts: &[String]) -> Vec<Vec<(String, String)>> {
    let a = Analyzer::new(lang);
    texts.iter().map(|t| a.tokens(t).into_iter().map(|k| (k.surface, k.term)).collect()).collect()
}

/// Fails with the first texts whose tokens differ.
fn assert_same(public: &std::path::Path, lang: &str, texts: &[String]) {
    assert_alike(lang, texts, &js_tokens(public, lang, texts), &rust_tokens(lang, texts));
}

/// Fails with the first texts whose browser and Rust results differ.
fn assert_alike<T: PartialEq + std::fmt::Debug>(what: &str, texts: &[String], js: &[T], rust: &[T]) {
    let diffs: Vec<String> = texts
        .iter()
        .zip(js.iter().zip(rust))
        .filter(|(_, (j, r))| j != r)
        .take(5)
        .map(|(t, (j, r))| format!("{t:?}\n  browser {j:?}\n  rust    {r:?}"))
        .collect();
    assert!(
        diffs.is_empty(),
        "{what}: {} of {} texts differ, e.g.\n{}",
        js.iter().zip(rust).filter(|(j, r)| j != r).count(),
        texts.len(),
        diffs.join("\n")
    );
}

/// Every code point: whether it is part of a word or a mark, its lower case and decomposition.
#[test]
fn every_code_point_is_classified_alike() {
    if !node() {
        return;
    }
    use unicode_normalization::UnicodeNormalization;
    let input = json!({"public": site().public().display().to_string(), "lang": "en", "op": "classes"});
    let js: Vec<(u32, bool, bool, String, String)> = serde_json::from_value(run_node(&input)).unwrap();
    let rust: Vec<(u32, bool, bool, String, String)> = (0..0x110000u32)
        .filter_map(char::from_u32)
        .filter(|&c| text::is_word_char(c) || text::is_mark(c))
        .map(|c| {
            (
                c as u32,
                text::is_word_char(c),
                text::is_mark(c),
                c.to_lowercase().collect(),
                c.to_string().nfd().collect(),
            )
        })
        .collect();
    let differ: Vec<String> = {
        let j: std::collections::BTreeMap<u32, _> = js.iter().map(|x| (x.0, x)).collect();
        let r: std::collections::BTreeMap<u32, _> = rust.iter().map(|x| (x.0, x)).collect();
        j.keys()
            .chain(r.keys())
            .filter(|k| j.get(k) != r.get(k))
            .take(10)
            .map(|k| format!("U+{k:04X} browser {:?} rust {:?}", j.get(k), r.get(k)))
            .collect()
    };
    assert!(rust.len() > 100_000, "{} word characters", rust.len());
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn every_word_of_the_example_site_in_every_language() {
    if !node() {
        return;
    }
    let s = TestSite::example();
    s.build_ok(&[]);
    for lang in ["en", "fr", "ar", "zh"] {
        let dir = s.public().join("search").join(lang);
        let mut texts = Vec::new();
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if f.file_name().unwrap().to_string_lossy().starts_with('d') {
                let rows: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
                for row in rows {
                    texts.extend((1..5).map(|i| row[i].as_str().unwrap().to_string()));
                }
            }
        }
        assert!(texts.len() > 100, "{lang}: {} texts", texts.len());
        let words: usize = rust_tokens(lang, &texts).iter().map(Vec::len).sum();
        assert!(words > 1000, "{lang}: {words} words");
        assert_same(&s.public(), lang, &texts);
        assert_same_pairs(&s.public(), lang, &texts);
    }
}

/// A label's word and the stop word after it ("Hall A": "a" is an English and a French stop
/// word) are one term on both sides, with the same white space between them and none across
/// other characters, in every language.
#[test]
fn label_pairs_are_made_alike() {
    if !node() {
        return;
    }
    let texts: Vec<String> = [
        "Hall A",
        "hall a",
        "Halls A · Forum 3",
        "Hall\u{a0}A and Hall\u{3000}a, Hall\tA\nHall  A",
        "Hall-A Hall·A Hall.A A Hall",
        "Salle A, salle à, Sala y, Sala e, Zal i, Raum A, Salón de actos",
        "Room I of the west wing",
        "قاعة في المبنى",
        "高等教育 a 会议 的",
        "Hall 𝒜 a, Ｈａｌｌ Ａ",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    let en = rust_pairs("en", &texts);
    assert_eq!(en[0], ["hall a"]);
    assert_eq!(en[2], ["hall a"], "the term of the word, the surface of the stop word");
    assert_eq!(en[3].len(), 4, "{:?}", en[3]);
    assert!(en[4].is_empty(), "{:?}", en[4]);
    for lang in LANGS {
        assert_same_pairs(&site().public(), lang, &texts);
    }
}

const EN_BASES: &str = "policy study country university category catalogue cat city library theory \
    agency ally apply carry copy cry deny duty dry family fly history industry try vary worry \
    teach learn govern develop educate create inform communicate evaluate regulate translate \
    cooperate participate innovate integrate collaborate generate operate organise organize \
    recognise analyse emphasise realise standardise digitise modernise minimise \
    stop plan admit commit prefer occur refer control travel model label cancel signal \
    make take use write give hope move live share compare prepare require improve achieve \
    open answer offer visit listen happen consider deliver discover remember gather \
    connect access assess address process discuss express progress focus bias \
    data research science scholar student teacher leader partner speaker member forum \
    summit paper chapter section table figure equation citation reference author editor \
    nation region province state system network platform program programme project \
    quality equity ability capacity activity community opportunity responsibility \
    sustainable accessible responsible possible visible flexible reliable \
    happy easy busy early heavy ready steady lucky \
    global digital national international institutional professional educational \
    transform inform perform conform reform form norm term \
    knowledge skill competence competency literacy fluency strategy technology \
    believe relieve achieve receive perceive conceive \
    argue continue value issue pursue \
    agree free see flee guarantee \
    die lie tie \
    generous general generic gene genius \
    news series species analysis crisis basis thesis hypothesis \
    child children man men woman women mouse mice ox oxen \
    run swim sit get put cut hit set";

fn english_words() -> Vec<String> {
    let mut out = Vec::new();
    for w in EN_BASES.split_whitespace() {
        let (stem_y, ends_y) = match w.strip_suffix('y') {
            Some(s) if !s.ends_with(['a', 'e', 'o', 'u']) => (s.to_string(), true),
            _ => (w.to_string(), false),
        };
        let no_e = w.strip_suffix('e').unwrap_or(w).to_string();
        let doubled = format!("{w}{}", w.chars().last().unwrap());
        let mut forms = vec![
            w.to_string(),
            format!("{w}s"),
            format!("{w}es"),
            format!("{w}'s"),
            format!("{no_e}ing"),
            format!("{no_e}ed"),
            format!("{doubled}ing"),
            format!("{doubled}ed"),
            format!("{no_e}er"),
            format!("{no_e}ers"),
            format!("{no_e}est"),
            format!("{w}ly"),
            format!("{w}ness"),
            format!("{w}ment"),
            format!("{w}ments"),
            format!("{w}ful"),
            format!("{no_e}able"),
            format!("{no_e}ation"),
            format!("{no_e}ations"),
            format!("{no_e}ion"),
            format!("{no_e}ional"),
            format!("{no_e}ization"),
            format!("{no_e}isation"),
            format!("{no_e}ive"),
            format!("{no_e}ity"),
            format!("{no_e}ities"),
            format!("un{w}"),
            format!("re{w}"),
        ];
        if ends_y {
            forms.extend([
                format!("{stem_y}ies"),
                format!("{stem_y}ied"),
                format!("{stem_y}ier"),
                format!("{stem_y}iest"),
                format!("{stem_y}ily"),
                format!("{stem_y}iness"),
            ]);
        }
        for f in forms {
            out.push(f.to_uppercase());
            let mut c = f.chars();
            out.push(c.next().map(|x| x.to_uppercase().chain(c).collect()).unwrap_or_default());
            out.push(f);
        }
    }
    out.extend(
        [
            "naïve",
            "café",
            "résumé",
            "coöperate",
            "façade",
            "rôle",
            "über",
            "ﬁnance",
            "İstanbul",
            "ǅemal",
            "𑦤y",
            "𝒶ies",
            "x\u{1AED}ing",
        ]
        .map(String::from),
    );
    out
}

const FR_BASES: &str = "université politique étude pays catégorie catalogue chat ville bibliothèque \
    théorie agence famille histoire industrie éducation enseignement recherche science \
    étudiant enseignant professeur partenaire membre forum sommet chapitre section tableau \
    figure équation citation référence auteur éditeur nation région système réseau programme \
    projet qualité équité capacité activité communauté responsabilité durable accessible \
    responsable possible visible flexible fiable heureux facile global numérique national \
    international institutionnel professionnel transformer informer former réformer \
    connaissance compétence stratégie technologie apprendre enseigner gouverner développer \
    éduquer créer communiquer évaluer réguler traduire coopérer participer innover intégrer \
    collaborer générer opérer organiser reconnaître analyser moderniser préférer contrôler \
    voyager modèle donner espérer vivre partager comparer préparer exiger améliorer achever \
    ouvrir répondre offrir visiter écouter arriver considérer découvrir rappeler connecter \
    accéder évaluation adresse processus discuter exprimer progrès être avoir faire aller \
    pouvoir vouloir devoir savoir venir voir prendre mettre dire croire français européen \
    africain chinois arabe élève école collège lycée hôpital île forêt fenêtre août noël \
    naïf maïs cœur sœur œuvre œil";

fn french_words() -> Vec<String> {
    let mut out = Vec::new();
    for w in FR_BASES.split_whitespace() {
        let root = w.trim_end_matches(['e', 'é', 'r']).to_string();
        let mut forms = vec![w.to_string(), format!("{w}s"), format!("{w}x")];
        for suf in [
            "e", "es", "é", "ée", "és", "ées", "er", "ez", "ons", "ent", "ait", "aient", "ant", "ement", "ements",
            "ation", "ations", "ité", "ités", "eur", "eurs", "euse", "euses", "ique", "iques", "isme", "iste", "able",
            "issement", "èrent", "âmes", "îmes", "ions", "iez", "era", "eront", "erait",
        ] {
            forms.push(format!("{root}{suf}"));
        }
        for elided in ["l'", "l’", "d'", "d’", "qu'", "qu’", "j’", "n’", "s’", "c’", "L’", "D'"] {
            forms.push(format!("{elided}{w}"));
        }
        for f in forms {
            out.push(f.to_uppercase());
            out.push(f.chars().filter(|c| c.is_ascii() || !"éèêëàâîïôûùüç".contains(*c)).collect());
            out.push(unicode_strip(&f));
            out.push(f);
        }
    }
    out
}

/// Accents removed by hand (not the code under test): é → e and so on.
fn unicode_strip(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'à' | 'â' => 'a',
            'î' | 'ï' => 'i',
            'ô' => 'o',
            'û' | 'ù' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

#[test]
fn thousands_of_inflected_english_and_french_words() {
    if !node() {
        return;
    }
    let public = site().public();
    let en = english_words();
    let fr = french_words();
    assert!(en.len() > 5000 && fr.len() > 5000, "{} English, {} French words", en.len(), fr.len());
    assert_same(&public, "en", &en);
    assert_same(&public, "fr", &fr);
    // and the same words through the other languages' stemmers and stop words
    let mixed: Vec<String> = en.iter().step_by(7).chain(fr.iter().step_by(7)).cloned().collect();
    for lang in LANGS {
        assert_same(&public, lang, &mixed);
    }
}

/// A pseudo-random number below `n` at each call, the same every run (xorshift from `seed`).
fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

/// Pseudo-random words from each stemmed language's letters and common endings.
#[test]
fn generated_words_of_every_stemmed_language() {
    if !node() {
        return;
    }
    let letters: &[(&str, &str, &[&str])] = &[
        ("da", "abcdefghijklmnoprstuvyæøå", &["erne", "ene", "else", "hed", "ende", "ede", "er", "et"]),
        ("nl", "abcdefghijklmnoprstuvwzëïé", &["heden", "ene", "ing", "lijk", "baar", "en", "je", "tje"]),
        ("fi", "abdeghijklmnoprstuvyäö", &["ssa", "ssä", "lla", "lle", "ksi", "kaan", "ista", "inen"]),
        ("de", "abcdefghijklmnopqrstuvwxyzäöüß", &["ungen", "heit", "keit", "lich", "isch", "end", "ern", "em"]),
        ("hu", "abcdefghijklmnoprstuvzáéíóöőúüű", &["ban", "ben", "nak", "nek", "ról", "ből", "ság", "ként"]),
        ("it", "abcdefghilmnopqrstuvzàèéìòù", &["zione", "mente", "ità", "ando", "are", "ere", "ire", "ista"]),
        ("nb", "abcdefghijklmnoprstuvyæøå", &["ene", "ane", "heten", "ende", "ert", "er", "et", "as"]),
        ("pt", "abcdefghijlmnopqrstuvxzáâãàçéêíóôõú", &["ção", "ções", "mente", "idade", "ando", "ista", "ível", "os"]),
        ("ro", "abcdefghijlmnoprstuvzăâîșțşţ", &["ului", "ilor", "ație", "ități", "ească", "ist", "ând", "ul"]),
        ("ru", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", &["ость", "ами", "ого", "ему", "ыми", "ение", "ать", "ся"]),
        ("es", "abcdefghijlmnopqrstuvxyzáéíñóúü", &["ación", "aciones", "mente", "idad", "ando", "ista", "able", "os"]),
        ("sv", "abcdefghijklmnoprstuvyåäö", &["arna", "erna", "heten", "ande", "ast", "lig", "are", "or"]),
        ("ta", "அஆஇஈஉஊஎஏஐஒஓஔகஙசஞடணதநபமயரலவழளறன்ாிீுூெேைொோௌ", &["கள்", "த்தில்", "உடன்", "ஆக", "இல்"]),
        ("tr", "abcçdefgğhıijklmnoöprsştuüvyz", &["ların", "lerin", "ında", "inde", "dır", "mak", "sız", "lık"]),
        ("el", "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊΐ", &["ους", "ων", "ες", "ικός"]),
    ];
    let public = site().public();
    let mut next = xorshift(0x2545_F491_4F6C_DD1D);
    for (lang, alphabet, endings) in letters {
        let chars: Vec<char> = alphabet.chars().collect();
        let mut words = Vec::new();
        for _ in 0..1500 {
            let len = 2 + next(9);
            let mut w: String = (0..len).map(|_| chars[next(chars.len())]).collect();
            if next(2) == 0 {
                w.push_str(endings[next(endings.len())]);
            }
            if next(5) == 0 {
                w = w.to_uppercase();
            }
            words.push(w);
        }
        assert_same(&public, lang, &words);
    }
}

/// Arabic words made of the light stemmer's prefixes, letters and suffixes (and its length
/// rules' edges: words of one to seven letters, affixes stacked), light-stemmed alike.
#[test]
fn generated_arabic_words_with_the_light_stemmers_affixes() {
    if !node() {
        return;
    }
    let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآؤئءـ".chars().collect();
    let prefixes = ["", "", "ال", "وال", "بال", "كال", "فال", "لل", "و", "ب", "ف", "ل", "ٱل", "الْ"];
    let suffixes = ["", "", "ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي", "اتها", "يين", "ى", "ِي"];
    let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
    let mut words = Vec::new();
    for _ in 0..4000 {
        let core: String = (0..1 + next(7)).map(|_| letters[next(letters.len())]).collect();
        words.push(format!("{}{core}{}", prefixes[next(prefixes.len())], suffixes[next(suffixes.len())]));
    }
    // every prefix and suffix around short cores, where the length rules decide
    for core in ["ب", "بت", "بتث", "بتثج"] {
        for p in prefixes {
            for s in suffixes {
                words.push(format!("{p}{core}{s}"));
            }
        }
    }
    let public = site().public();
    assert_same(&public, "ar", &words);
    assert_same(&public, "ar", &[words.join(" ")]);
    // not stemmed in another language
    assert_same(&public, "en", &words[..500]);
}

#[test]
fn arabic_with_and_without_diacritics_hamza_tatweel_and_alef_variants() {
    if !node() {
        return;
    }
    let bases = [
        "إدارة",
        "أحمد",
        "الإسلام",
        "مؤتمر",
        "مسؤول",
        "سؤال",
        "رئيس",
        "قراءة",
        "ماء",
        "شيء",
        "مستشفى",
        "على",
        "التعليم",
        "الجامعة",
        "الذكاء",
        "الاصطناعي",
        "آمال",
        "ٱلرحمن",
        "مدرسة",
        "معلمة",
        "وزارة",
        "بالجامعة",
        "للتعليم",
        "والبحث",
        "فالطلاب",
        "كالمعلم",
        "عصر",
        "في",
        "من",
        "إلى",
    ];
    let harakat =
        ['\u{064B}', '\u{064C}', '\u{064D}', '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}', '\u{0670}'];
    let mut words = Vec::new();
    for (i, b) in bases.iter().enumerate() {
        let chars: Vec<char> = b.chars().collect();
        words.push(b.to_string());
        // diacritics after every letter, cycling through the harakat
        words.push(chars.iter().enumerate().flat_map(|(k, c)| [*c, harakat[(i + k) % harakat.len()]]).collect());
        // tatweel in the middle
        let mid = chars.len() / 2;
        words.push(chars[..mid].iter().chain(['ـ', 'ـ'].iter()).chain(chars[mid..].iter()).collect());
        // every alef and hamza variant in place of each alef-like letter
        for v in ['ا', 'أ', 'إ', 'آ', 'ٱ', 'ء', 'ؤ', 'ئ'] {
            words.push(chars.iter().map(|c| if "اأإآٱ".contains(*c) { v } else { *c }).collect());
        }
        // taa marbuta / haa, alef maqsura / yaa
        words.push(b.replace('ة', "ه").replace('ى', "ي"));
        // as a Persian keyboard types it: ی for ي and ى, ک for ك
        words.push(b.replace(['ي', 'ى'], "ی").replace('ك', "ک"));
        // with articles and conjunctions
        for p in ["ال", "وال", "بال", "فال", "كال", "لل", "و"] {
            words.push(format!("{p}{b}"));
        }
        // decomposed hamza forms (alef + combining hamza above/below)
        words.push(b.replace('أ', "\u{0627}\u{0654}").replace('إ', "\u{0627}\u{0655}"));
    }
    let sentence = words.join(" ");
    words.push(sentence);
    assert!(words.len() > 500);
    let public = site().public();
    assert_same(&public, "ar", &words);
    assert_same(&public, "en", &words);
    // the variants meet: each base and its spelling variants give one term
    let a = Analyzer::new("ar");
    assert_eq!(a.terms("إدارة"), a.terms("ادارہ".replace('ہ', "ه").as_str()));
    assert_eq!(a.terms("الإِدَارَةُ"), a.terms("اداره"));
    assert_eq!(a.terms("مسـؤول"), a.terms("مسوول"));
}

/// Persian writes a zero-width non-joiner inside many words (می‌خواهم, کتاب‌ها) that a reader
/// types or leaves out: both are one word, the same term in Rust and in search.js.
#[test]
fn persian_words_with_or_without_their_joiners() {
    if !node() {
        return;
    }
    let words = [
        "می\u{200C}خواهم",
        "میخواهم",
        "کتاب\u{200C}ها",
        "کتابها",
        "نیم\u{200D}فاصله",
        "دانشگاه\u{200C}",
        "\u{200C}آموزش",
    ];
    let texts: Vec<String> = words.iter().map(|w| w.to_string()).chain([words.join(" ")]).collect();
    let public = site().public();
    assert_same(&public, "ar", &texts);
    assert_same(&public, "en", &texts);
    let a = Analyzer::new("ar");
    assert_eq!(a.terms("می\u{200C}خواهم"), a.terms("میخواهم"));
    assert_eq!(a.terms("کتاب\u{200C}ها"), a.terms("کتابها"));
    assert_eq!(a.terms("می\u{200C}خواهم").len(), 1);
}

/// The traditional characters search folds (`themes/default/static/search-hans.js`: pairs of
/// traditional and simplified characters), and the simplified ones.
fn hans_characters() -> (Vec<char>, Vec<char>) {
    let file = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search-hans.js"),
    )
    .expect("read search-hans.js");
    let pairs: Vec<char> = file.split('"').nth(1).expect("the string of pairs").chars().collect();
    (pairs.iter().step_by(2).copied().collect(), pairs.iter().skip(1).step_by(2).copied().collect())
}

/// Every traditional character of the table, alone, beside its simplified form and in
/// bigrams with CJK and other text: the browser folds it as the index does ("會議" is "会议").
#[test]
fn traditional_chinese_is_folded_alike() {
    if !node() {
        return;
    }
    let (traditional, simplified) = hans_characters();
    let mut texts: Vec<String> =
        traditional.iter().zip(&simplified).map(|(t, s)| format!("{t} {t}{s}議 a{t}b 學{t}")).collect();
    texts.push("會議 学习 學習 国际會议".into());
    for lang in ["zh", "en", "ja"] {
        if LANGS.contains(&lang) {
            assert_same(&site().public(), lang, &texts);
        }
    }
    let a = Analyzer::new("zh");
    assert_eq!(a.terms("會議"), a.terms("会议"), "traditional and simplified are one term");
}

/// Strings mixing every kind of character a page may hold.
fn text_strategy() -> impl Strategy<Value = String> {
    let traditional = prop::collection::vec(prop::sample::select(hans_characters().0), 1..8)
        .prop_map(|v| v.into_iter().collect::<String>());
    let piece = prop_oneof![
        traditional,
        any::<String>(),
        "[a-zA-Z'’ -]{1,24}",
        "[àâäéèêëïîôöùûüÿçœæÀÉÈÇŒßẞİıĳǅ]{1,8}",
        "[а-яА-ЯёЁ ]{1,16}",
        "[α-ωΑ-Ωάέήίόύώϊϋΐΰς ]{1,16}",
        "[\u{0600}-\u{06FF}\u{0750}-\u{077F}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF} ]{1,16}",
        "[\u{0627}-\u{064A}\u{06A9}\u{06CC}\u{200C}\u{200D}\u{064B}\u{0300} a]{1,16}",
        "(ال|وال|بال|لل|و|ٱل)?[ابتجدرسعلمنهويةىأ]{1,6}(ات|ون|ين|ها|ة|ية|ي|ان)? ",
        "[\u{3040}-\u{30FF}\u{4E00}-\u{9FFF}\u{AC00}-\u{D7AF}\u{20000}-\u{2A6DF}，。 ]{1,12}",
        "[\u{0300}-\u{036F}\u{1AB0}-\u{1AFF}\u{20D0}-\u{20FF}a-z]{1,8}",
        "[\u{0900}-\u{097F}\u{0B80}-\u{0BFF}\u{0E00}-\u{0E7F}\u{10A0}-\u{10FF}]{1,10}",
        "[0-9٠-٩۰-۹①-⑳ⅠⅡⅢ½¾]{1,6}",
        "[\u{FF01}-\u{FF5E}\u{FB00}-\u{FB4F}a-z ]{1,10}",
        "[\u{0660}-\u{0669}\u{06F0}-\u{06F9}\u{0966}-\u{096F}\u{0E50}-\u{0E59}\u{1040}-\u{1049}\u{ABF0}-\u{ABF9}\u{1D7CE}-\u{1D7FF}0-9a ]{1,10}",
        "[\u{1F300}-\u{1FAFF}\u{200B}-\u{200F}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]{1,4}",
    ];
    prop::collection::vec(piece, 1..6).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Random Unicode: both sides give the same tokens in a stemmed and an unstemmed language.
    #[test]
    fn random_unicode_is_normalised_alike(texts in prop::collection::vec(text_strategy(), 300)) {
        if !node() {
            return Ok(());
        }
        let public = site().public();
        for lang in ["en", "fr", "ar", "ru", "tr", "zh"] {
            let js = js_tokens(&public, lang, &texts);
            let rust = rust_tokens(lang, &texts);
            for ((t, j), r) in texts.iter().zip(&js).zip(&rust) {
                prop_assert_eq!(j, r, "{}: {:?}", lang, t);
            }
            let (js, rust) = (js_pairs(&public, lang, &texts), rust_pairs(lang, &texts));
            for ((t, j), r) in texts.iter().zip(&js).zip(&rust) {
                prop_assert_eq!(j, r, "pairs, {}: {:?}", lang, t);
            }
        }
    }
}
