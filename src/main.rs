//! The `plenary` command: arguments → library call → diagnostics on stderr → exit code.
//! The only place that exits. Exit codes: 0 success, 1 content errors, 2 usage or I/O.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: see ARCHITECTURE.md, "Measured".
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use plenary::cli::{Cli, Command};
use plenary::diagnostics::{error_count, Diagnostic};
use plenary::Failure;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Build(args) => build(&args, &args.options()),
        Command::Pdf(pdf) => build(&pdf.build, &pdf.options()),
        Command::Check(args) => match plenary::check::check(&args.options()) {
            Ok(report) => {
                let diags = report.diagnostics;
                print_all(&diags);
                for l in &report.translations {
                    println!(
                        "translation {} ({}): {} page{} and {} theme string{} not translated",
                        l.code,
                        l.name,
                        l.missing_pages.len(),
                        plural(l.missing_pages.len()),
                        l.missing_strings.len(),
                        plural(l.missing_strings.len())
                    );
                    for page in &l.missing_pages {
                        println!("  page {}", page.display());
                    }
                    for key in &l.missing_strings {
                        println!("  string {key}");
                    }
                }
                let errors = error_count(&diags);
                let warnings = diags.len() - errors;
                eprintln!("checked: {errors} error{}, {warnings} warning{}", plural(errors), plural(warnings));
                if errors > 0 {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(f) => {
                print_all(f.diagnostics());
                match f {
                    Failure::Content(d) => {
                        let errors = error_count(&d);
                        eprintln!("checked: {errors} error{}", plural(errors));
                        ExitCode::from(1)
                    }
                    Failure::Io(_) => ExitCode::from(2),
                }
            }
        },
        Command::New(args) => {
            let today = jiff::Zoned::now().date();
            let today = plenary::types::Date { year: today.year(), month: today.month(), day: today.day() };
            match plenary::scaffold::create(&args.root, args.kind, &args.title, today) {
                Ok(paths) => {
                    for p in paths {
                        println!("{}", args.root.join(p).display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Import(args) => match plenary::import::frab(&args.root, &args.file, args.force) {
            Ok(report) => {
                for p in &report.written {
                    println!("wrote {}", p.display());
                }
                for p in &report.kept {
                    println!("kept {} (exists; --force replaces it)", p.display());
                }
                eprintln!("imported: {} files written, {} kept", report.written.len(), report.kept.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Serve(args) => match plenary::serve::run(&args.options()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
    }
}

/// `plenary build` and `plenary pdf`: build, print warnings and a summary line.
fn build(args: &plenary::cli::BuildArgs, options: &plenary::BuildOptions) -> ExitCode {
    let progress = !args.quiet && std::io::stderr().is_terminal();
    if progress {
        eprint!("building {} …\r", args.root.display());
    }
    let result = plenary::build(options);
    if progress {
        eprint!("\x1b[2K");
    }
    match result {
        Ok(report) => {
            if !args.quiet {
                print_all(&report.warnings);
                eprintln!(
                    "built {} pages ({} files) into {} in {:.2} s",
                    report.pages,
                    report.files,
                    report.out.display(),
                    report.elapsed.as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(f) => fail(&f),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn print_all(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}

fn fail(f: &Failure) -> ExitCode {
    let diags = f.diagnostics();
    print_all(diags);
    let errors = error_count(diags);
    match f {
        Failure::Content(_) => {
            eprintln!("build failed: {errors} error{}; nothing was written", plural(errors));
            ExitCode::from(1)
        }
        Failure::Io(_) => ExitCode::from(2),
    }
}
