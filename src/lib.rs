//! plenary: a static site generator for summit proceedings and white papers.
//!
//! The library does all the work; `main.rs` only parses arguments, calls [`build`] and
//! prints. See ARCHITECTURE.md for the map of modules.

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
