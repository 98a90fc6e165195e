//! Command-line arguments (clap) → validated option structs for the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::pipeline::BuildOptions;

/// plenary builds static sites for summit proceedings and white papers.
#[derive(Debug, Parser)]
#[command(name = "plenary", version, about, long_about = None)]
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
    /// Build the site and print a white paper to PDF with headless Chromium, into the output.
    Pdf(PdfArgs),
}

/// Arguments of `plenary pdf`.
#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The paper's slug (its folder under content/papers/).
    #[arg(value_name = "PAPER")]
    pub paper: String,
    /// The build's options, as for `plenary build`.
    #[command(flatten)]
    pub build: BuildArgs,
}

impl PdfArgs {
    /// The library's options.
    pub fn options(&self) -> BuildOptions {
        BuildOptions { pdf: Some(self.paper.clone()), ..self.build.options() }
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
    /// Print errors only.
    #[arg(long, short)]
    pub quiet: bool,
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
            pdf: None,
        }
    }
}
