//! plenary: a static site generator for summit proceedings and white papers.
//!
//! The library does all the work; `main.rs` only parses arguments, calls [`build`] and
//! prints. See ARCHITECTURE.md for the map of modules.

/// `println!` that never panics: when standard output is closed (`plenary build | head -1`),
/// the line is lost, not the build (`println!` panics, exit 101).
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` that never panics (see [`outln!`]).
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that never panics (see [`outln!`]).
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::write!(::std::io::stderr(), $($arg)*);
    }};
}

pub mod cache;
pub mod cards;
pub mod check;
pub mod cli;
pub mod config;
pub mod controls;
pub mod diagnostics;
pub mod doc_result;
pub mod event_time;
pub mod files;
pub mod frontmatter;
pub mod graph;
pub mod highlight;
pub mod i18n;
pub mod images;
pub mod import;
pub mod json;
pub mod linkcheck;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod output;
pub mod outputs;
pub mod paper;
pub mod pdf;
pub mod pipeline;
pub mod programme;
pub mod recordings;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod swar;
pub mod theme;
pub mod types;
pub mod url_check;

pub use pipeline::{build, prepare, BuildOptions, BuildReport, Failure};
