//! The `plenary` command: arguments → library call → diagnostics on stderr → exit code.
//! The only place that exits. Exit codes: 0 success, 1 content errors, 2 usage or I/O.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
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
        Command::Build(args) => {
            let progress = !args.quiet && std::io::stderr().is_terminal();
            if progress {
                eprint!("building {} …\r", args.root.display());
            }
            let result = plenary::build(&args.options());
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
        Command::Serve(args) => match plenary::serve::run(&args.options()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
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
            eprintln!("build failed: {errors} error{}; nothing was written", if errors == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
        Failure::Io(_) => ExitCode::from(2),
    }
}
