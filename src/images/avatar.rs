//! Generated images that need no source file: a speaker's initials avatar (SVG, its colour
//! from a hash of the name) and the site's default favicon (the title's initials).

/// Up to two initials: the first letters of the first and last words (one letter for a
/// one-word name; Chinese, Japanese and Korean names keep their first two characters).
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first_char = |w: &str| w.chars().find(|c| c.is_alphanumeric());
    let cjk = |c: char| matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF);
    match words.as_slice() {
        [] => String::new(),
        [one] if one.chars().next().is_some_and(cjk) => one.chars().take(2).collect(),
        [one] => first_char(one).map(|c| c.to_uppercase().collect()).unwrap_or_default(),
        [first, .., last] => {
            [first_char(first), first_char(last)].into_iter().flatten().flat_map(char::to_uppercase).collect()
        }
    }
}

/// The default favicon: the site title's initials (the first letters of its first two words)
/// on the theme's accent colour, with rounded corners.
pub fn favicon_svg(title: &str) -> String {
    let letters: String = title
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .map(|c| match c {
            '<' | '&' => ' ',
            c => c,
        })
        .collect();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">\
<rect width=\"64\" height=\"64\" rx=\"12\" fill=\"#0b5cad\"/>\
<text x=\"32\" y=\"32\" dy=\"0.35em\" text-anchor=\"middle\" font-family=\"system-ui, sans-serif\" font-size=\"28\" font-weight=\"700\" fill=\"#fff\">{letters}</text></svg>\n"
    )
}

/// Background colours of avatars: dark enough for white text (contrast ≥ 4.5:1).
const AVATAR_COLOURS: [&str; 8] =
    ["#1d4e89", "#6a3d9a", "#8c2d19", "#1e6b52", "#7a4b00", "#0f5f73", "#8a1c5b", "#3b5323"];

/// The initials avatar of a name: a square SVG, its colour picked from the name's hash (so
/// the same name always has the same colour).
pub fn initials_svg(name: &str) -> String {
    coloured_initials_svg(name, name)
}

/// [`initials_svg`] with its colour drawn from `key` (a speaker's slug): one person has one
/// colour in every language, whatever their name's script there.
pub fn coloured_initials_svg(name: &str, key: &str) -> String {
    let digest = sha1_smol::Sha1::from(key.as_bytes()).digest().bytes();
    let colour = AVATAR_COLOURS[usize::from(digest[0]) % AVATAR_COLOURS.len()];
    let text: String = initials(name)
        .chars()
        .map(|c| match c {
            '<' => "&lt;".to_string(),
            '&' => "&amp;".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 96 96\" width=\"96\" height=\"96\">\
<rect width=\"96\" height=\"96\" fill=\"{colour}\"/>\
<text x=\"48\" y=\"48\" dy=\"0.35em\" text-anchor=\"middle\" font-family=\"system-ui, sans-serif\" font-size=\"38\" font-weight=\"600\" fill=\"#fff\">{text}</text></svg>\n"
    )
}
