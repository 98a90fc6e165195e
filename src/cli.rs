//! Command-line arguments (clap) → validated option structs for the library.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::pipeline::BuildOptions;
use crate::serve::{self, ServeOptions};

/// plenary builds static sites for summit proceedings and white papers.
#[derive(Debug, Parser)]
#[command(
    name = "plenary",
    version,
    about,
    long_about = None,
    after_help = "Exit codes: 0 success; 1 content errors (nothing written); 2 usage or environment errors (bad \
                  arguments, no site, unreadable or unwritable folders)."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: <root>/public).
    Build(BuildArgs),
    /// Check everything a build would, plus files, images and alt text; writes nothing.
    Check(CheckArgs),
    /// Start a new site in DIR (default: the current folder): settings, one file of each kind.
    Init(InitArgs),
    /// Start a new forum, speaker, news item, paper or page.
    New(NewArgs),
    /// Import a schedule from another tool.
    Import(ImportArgs),
    /// Build the site and print a white paper to PDF with headless Chromium, into the output.
    Pdf(PdfArgs),
    /// Build the site in memory, serve it on 127.0.0.1, rebuild and reload on every save.
    Serve(ServeArgs),
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:col: error: …` with the line and a hint, on stderr; in colour on a terminal
    /// unless `NO_COLOR` is set.
    #[default]
    Human,
    /// One JSON object per line on stdout: severity, file, line, column, message, help.
    Json,
    /// GitHub Actions annotations on stdout (`::error file=…,line=…,col=…::…`).
    Github,
}

/// Arguments of `plenary pdf`.
#[derive(Debug, Args)]
pub struct PdfArgs {
    /// Slugs of the papers to print (their folders under content/papers/); none: every paper.
    /// The other papers' PDFs from the previous build are kept.
    #[arg(value_name = "PAPER")]
    pub papers: Vec<String>,
    /// Page size.
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: crate::pdf::PageSize,
    /// The build's options, as for `plenary build`.
    #[command(flatten)]
    pub build: BuildArgs,
}

impl PdfArgs {
    /// The library's options.
    pub fn options(&self) -> BuildOptions {
        let pdf = crate::pipeline::PdfOptions { papers: self.papers.clone(), size: self.paper };
        BuildOptions { pdf: Some(pdf), ..self.build.options() }
    }
}

/// Arguments of `plenary check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder, holding site.yaml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings as errors (exit 1 on any finding).
    #[arg(long)]
    pub strict: bool,
    /// Check documents marked `draft: true` too.
    #[arg(long)]
    pub drafts: bool,
    /// List every page and theme string not yet translated, per language (otherwise one
    /// summary line).
    #[arg(long)]
    pub translations: bool,
    /// How to print findings: human, json or github.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "human")]
    pub format: Format,
}

/// Arguments of `plenary init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder for the new site (created when missing; must be empty).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Add the starter files to a folder that is not empty (existing files are kept).
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `plenary new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: crate::scaffold::NewKind,
    /// Its title (a speaker's name); the file name is made from it.
    pub title: String,
    /// The site's folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// Formats `plenary import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// A frab schedule in JSON or XML (as exported by pretalx and frab).
    Frab,
}

/// Arguments of `plenary import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file's format.
    #[arg(value_enum)]
    pub format: ImportFormat,
    /// The file to import.
    pub file: PathBuf,
    /// The site's folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Overwrite content files that already exist.
    #[arg(long)]
    pub force: bool,
}

impl CheckArgs {
    /// The library's options.
    pub fn options(&self) -> BuildOptions {
        BuildOptions { root: self.root.clone(), drafts: self.drafts, strict: self.strict, ..BuildOptions::default() }
    }
}

/// Arguments of `plenary serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder, holding site.yaml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Address to listen on; anything but a loopback address makes the preview visible to
    /// other machines.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = bind_address)]
    pub bind: IpAddr,
    /// Port to listen on (the next free one if it is taken; 0: any free port).
    #[arg(long, short, value_name = "N", default_value_t = serve::DEFAULT_PORT)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include documents marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Poll the sources for changes (for file systems without change events).
    #[arg(long)]
    pub poll: bool,
}

impl ServeArgs {
    /// The library's options.
    pub fn options(&self) -> ServeOptions {
        ServeOptions {
            root: self.root.clone(),
            bind: self.bind,
            port: self.port,
            drafts: self.drafts,
            poll: self.poll,
            open: self.open,
        }
    }
}

/// Arguments of `plenary build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder, holding site.yaml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Output folder [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Base URL to build for, overriding site.yaml (e.g. https://example.org/summit/).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include documents marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Replace a non-empty output folder that plenary did not write.
    #[arg(long)]
    pub force: bool,
    /// Treat warnings (programme conflicts, missing alt text …) as errors.
    #[arg(long)]
    pub strict: bool,
    /// After a successful build, remove what .plenary-cache holds that this build did not use
    /// (processed images, social cards, highlighted code of earlier versions of the site).
    #[arg(long)]
    pub prune_cache: bool,
    /// Print errors only.
    #[arg(long, short)]
    pub quiet: bool,
    /// How to print findings: human, json or github.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "human")]
    pub format: Format,
}

impl BuildArgs {
    /// The library's options.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            out: self.out.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            force: self.force,
            strict: self.strict,
            pdf: None,
            probe_images: false,
            make_later: false,
            prune_cache: self.prune_cache,
        }
    }
}

/// `--bind`: an IP address, or `localhost` (the loopback address, 127.0.0.1).
fn bind_address(s: &str) -> Result<IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::from([127, 0, 0, 1]));
    }
    s.parse()
        .map_err(|_| format!("`{s}` is not an IP address; write one such as 127.0.0.1, ::1 or 0.0.0.0, or `localhost`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--bind localhost` is the loopback address, as a browser's address bar takes it.
    #[test]
    fn bind_takes_an_address_or_localhost() {
        assert_eq!(bind_address("localhost"), Ok(IpAddr::from([127, 0, 0, 1])));
        assert_eq!(bind_address("::1"), Ok("::1".parse().unwrap()));
        assert!(bind_address("example.org").unwrap_err().contains("`localhost`"));
    }
}
