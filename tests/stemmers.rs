//! The theme's stemmers (`static/stem/<language>.js`, made by `tools/split-stemmers.py`) as a
//! phone receives them: minified, with their licence notice kept. The search
//! page waits for its stemmer before the first query's files can be asked for, so every byte of
//! it is on a cold search's path. What they compute is held by `tests/search_equal.rs`.

use std::path::Path;

#[test]
fn stemmers_are_shipped_minified_with_their_licence() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/stem");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 16, "every stemmed language has its file: {files:?}");
    for file in files {
        let js = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let language = name.trim_end_matches(".js");
        let (notice, code) = js.split_once("*/").unwrap_or_else(|| panic!("{name}: no licence notice"));
        assert!(notice.starts_with(&format!("/* Snowball {language} stemmer")), "{name}: {notice}");
        for licence in ["BSD-3-Clause", "ISC"] {
            assert!(notice.contains(licence), "{name}: the notice names {licence}");
        }
        // terser writes the code on one line; the package's own text is indented over thousands
        let lines = code.trim().lines().count();
        assert_eq!(lines, 1, "{name}: {lines} lines of code, not minified (tools/split-stemmers.py)");
        assert!(code.contains(".plenaryStem="), "{name}: defines plenaryStem");
    }
}
