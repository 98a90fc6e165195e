//! The `plenary` command: arguments → library call → diagnostics on stderr → exit code.
//! The only place that exits. Exit codes: 0 success, 1 content errors, 2 usage or I/O.
//! Findings are printed as `--format` asks: human (stderr, colour only on a terminal and
//! without `NO_COLOR`), JSON lines or GitHub annotations (stdout).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: see ARCHITECTURE.md, "Measured".
#[global_allocator]
static GLOBAL: Allocator = Allocator;

/// mimalloc, asked for a plain block when the alignment wanted is one every block of it has
/// (8 bytes: nearly every allocation), and through its aligned interface otherwise.
/// `mimalloc::MiMalloc` asks for every block through the aligned interface, which takes a
/// slower path for blocks over 1 KiB (over-allocating to align within): at 1,000 pages
/// 48,300 such allocations were ~1.7 % of a build's instructions.
struct Allocator;

/// The alignment every block mimalloc gives has: its block sizes are whole words and its
/// pages start aligned (not 16 bytes for every size: its 24-byte blocks lie 24 bytes apart).
const MI_ALIGN: usize = 8;

/// Whether mimalloc's plain blocks have the alignment `layout` wants.
fn plain(layout: std::alloc::Layout) -> bool {
    layout.align() <= MI_ALIGN
}

// SAFETY: each method passes the layout's size to mimalloc, asking for the layout's alignment
// whenever it exceeds MI_ALIGN; `dealloc` and `realloc` only see blocks these made, and
// mimalloc frees and resizes a block however it was allocated.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_malloc, mi_malloc_aligned};
        let (size, align) = (layout.size(), layout.align());
        unsafe { if plain(layout) { mi_malloc(size) } else { mi_malloc_aligned(size, align) }.cast() }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
        let (size, align) = (layout.size(), layout.align());
        unsafe { if plain(layout) { mi_zalloc(size) } else { mi_zalloc_aligned(size, align) }.cast() }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        let (p, align) = (ptr.cast(), layout.align());
        unsafe { if plain(layout) { mi_realloc(p, new_size) } else { mi_realloc_aligned(p, new_size, align) }.cast() }
    }
}

use plenary::cli::{Cli, Command, Format};
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
        Command::Build(args) => exit_at_once(build(&args, &args.options())),
        Command::Pdf(pdf) => exit_at_once(build(&pdf.build, &pdf.options())),
        Command::Check(args) => match plenary::check::check(&args.options()) {
            Ok(report) => {
                let diags = report.diagnostics;
                print_all(&diags, args.format);
                if !args.translations {
                    if let Some(line) = translation_summary(&report.translations) {
                        // machine formats keep stdout for findings
                        if matches!(args.format, Format::Human) {
                            plenary::outln!("{line}");
                        } else {
                            plenary::errln!("{line}");
                        }
                    }
                }
                for l in report.translations.iter().filter(|_| args.translations) {
                    // machine formats keep stdout for findings
                    let mut out: Box<dyn Write> = match args.format {
                        Format::Human => Box::new(std::io::stdout()),
                        _ => Box::new(std::io::stderr()),
                    };
                    let _ = writeln!(
                        out,
                        "translation {} ({}): {} not translated{}",
                        l.code,
                        l.name,
                        counted(l),
                        reader_sees(l)
                    );
                    for page in &l.missing_pages {
                        let _ = writeln!(out, "  page {}", page.display());
                    }
                    for key in &l.missing_strings {
                        let _ = writeln!(out, "  string {key}");
                    }
                    for key in &l.missing_settings {
                        let _ = writeln!(out, "  setting {key} (site.{}.yaml)", l.code);
                    }
                }
                let errors = error_count(&diags);
                let warnings = diags.len() - errors;
                plenary::errln!("checked: {errors} error{}, {warnings} warning{}", plural(errors), plural(warnings));
                if errors > 0 {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(f) => {
                print_all(f.diagnostics(), args.format);
                match f {
                    Failure::Content(d) => {
                        plenary::errln!("checked: {}", counts(&d));
                        ExitCode::from(1)
                    }
                    Failure::Io(_) => ExitCode::from(2),
                }
            }
        },
        Command::Init(args) => match plenary::scaffold::init(&args.dir, args.force, today()) {
            Ok((written, kept)) => {
                for p in &written {
                    plenary::outln!("wrote {}", args.dir.join(p).display());
                }
                for p in &kept {
                    plenary::outln!("kept {} (exists)", args.dir.join(p).display());
                }
                plenary::errln!(
                    "started a site in {}: {} files written, {} kept; next: `plenary serve --root {}`",
                    args.dir.display(),
                    written.len(),
                    kept.len(),
                    args.dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(d) => {
                print_all(&[d], Format::Human);
                ExitCode::from(2)
            }
        },
        Command::New(args) => match plenary::scaffold::create(&args.root, args.kind, &args.title, today()) {
            Ok(paths) => {
                for p in paths {
                    plenary::outln!("{}", args.root.join(p).display());
                }
                ExitCode::SUCCESS
            }
            Err(d) => {
                print_all(&[d], Format::Human);
                ExitCode::from(2)
            }
        },
        Command::Import(args) => match plenary::import::frab(&args.root, &args.file, args.force) {
            Ok(report) => {
                for p in &report.written {
                    plenary::outln!("wrote {}", p.display());
                }
                for p in &report.kept {
                    plenary::outln!("kept {} (exists; --force replaces it)", p.display());
                }
                for n in &report.notes {
                    plenary::outln!("note: {n}");
                }
                plenary::errln!(
                    "imported {} sessions and {} people: {} files written, {} kept, {} note{}",
                    report.sessions,
                    report.people,
                    report.written.len(),
                    report.kept.len(),
                    report.notes.len(),
                    plural(report.notes.len())
                );
                ExitCode::SUCCESS
            }
            Err(d) => {
                print_all(&d, Format::Human);
                ExitCode::from(2)
            }
        },
        Command::Serve(args) => match plenary::serve::run(&args.options()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                print_all(&[Diagnostic::error("plenary serve", 0, 0, e.to_string())], Format::Human);
                ExitCode::from(2)
            }
        },
    }
}

/// Today in the machine's time zone (input for new files, never output).
fn today() -> plenary::types::Date {
    let today = jiff::Zoned::now().date();
    plenary::types::Date { year: today.year(), month: today.month(), day: today.day() }
}

/// Ends the process with `code` once what it printed is flushed, without freeing what it
/// holds: at exit the allocator would give back every page of its memory one call at a time
/// (1,400 `madvise` calls, ~40 ms of one core after a 50,000-page build printed its summary),
/// which the kernel does at once when the process ends. Every file the build wrote is
/// closed by then and nothing registered to run at exit writes anything (the output lock is
/// the kernel's, let go with the process); see ARCHITECTURE.md, "Decisions".
fn exit_at_once(code: u8) -> ExitCode {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(unix)]
    // SAFETY: `_exit` only ends the process; no Rust value is used after it
    unsafe {
        libc::_exit(i32::from(code))
    }
    #[cfg(not(unix))]
    ExitCode::from(code)
}

/// `plenary build` and `plenary pdf`: build, print warnings and a summary line; the exit code.
fn build(args: &plenary::cli::BuildArgs, options: &plenary::BuildOptions) -> u8 {
    let progress = !args.quiet && std::io::stderr().is_terminal();
    if progress {
        plenary::err!("building {} …\r", args.root.display());
    }
    let result = plenary::build(options);
    if progress {
        plenary::err!("\x1b[2K");
    }
    match result {
        Ok(report) => {
            if !args.quiet {
                print_all(&report.warnings, args.format);
                plenary::errln!(
                    "built {} pages ({} files) into {} in {:.2} s",
                    report.pages,
                    report.files,
                    report.out.display(),
                    report.elapsed.as_secs_f64()
                );
                if let Some((files, bytes)) = report.pruned {
                    let size = match bytes {
                        b if b < 1 << 20 => format!("{} KiB", b.div_ceil(1024)),
                        b => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
                    };
                    plenary::errln!(
                        "pruned the cache: {files} unused entr{} ({size}) removed",
                        if files == 1 { "y" } else { "ies" }
                    );
                }
            }
            for pdf in &report.pdfs {
                plenary::outln!("{}", pdf.display());
            }
            0
        }
        Err(f) => fail(&f, args.format),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Prints findings in the chosen format, through a buffer: stderr writes each piece at once
/// and stdout each line (two system calls per finding, 4,500 for a site with 2,250 warnings).
fn print_all(diags: &[Diagnostic], format: Format) {
    let write = |out: &mut dyn Write, line: &dyn Fn(&Diagnostic) -> String| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        for d in diags {
            let _ = writeln!(out, "{}", line(d));
        }
        let _ = out.flush();
    };
    match format {
        Format::Human => {
            let terminal = std::io::stderr().is_terminal() && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
            let colour = colour_on(terminal, std::env::var_os("NO_COLOR"));
            write(&mut std::io::stderr().lock(), &|d| d.render(colour));
        }
        Format::Json => write(&mut std::io::stdout().lock(), &|d| d.to_json().to_string()),
        Format::Github => write(&mut std::io::stdout().lock(), &|d| d.to_github()),
    }
}

/// Colour only on a terminal (not one that says it is `TERM=dumb`), and never when
/// `NO_COLOR` is set to anything non-empty (<https://no-color.org>).
fn colour_on(terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

/// "2 errors, 1 warning" ("2 errors" when there is no warning): every finding of a failed run
/// counted, so its last line agrees with the lines above it (its warnings were left out).
fn counts(diags: &[Diagnostic]) -> String {
    let errors = error_count(diags);
    match diags.len() - errors {
        0 => format!("{errors} error{}", plural(errors)),
        warnings => format!("{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings)),
    }
}

/// Prints a failed build's findings and its last line; the exit code (1 content, 2 I/O).
fn fail(f: &Failure, format: Format) -> u8 {
    let diags = f.diagnostics();
    print_all(diags, format);
    match f {
        Failure::Content(_) => {
            plenary::errln!("build failed: {}; nothing was written", counts(diags));
            1
        }
        Failure::Io(_) => 2,
    }
}

/// "2 pages, 0 theme strings and 1 setting": what one language lacks.
fn counted(l: &plenary::check::LanguageReport) -> String {
    let (p, s, k) = (l.missing_pages.len(), l.missing_strings.len(), l.missing_settings.len());
    format!("{p} page{}, {s} theme string{} and {k} setting{}", plural(p), plural(s), plural(k))
}

/// What a reader of the language sees instead of what is missing, and where the theme
/// strings go: " — readers see them in English, the theme strings marked as English; translate
/// those in i18n/fa.yaml (README: Adding a language)". Empty when nothing is missing.
fn reader_sees(l: &plenary::check::LanguageReport) -> String {
    if l.missing_pages.is_empty() && l.missing_strings.is_empty() && l.missing_settings.is_empty() {
        return String::new();
    }
    let mut out = format!(" — readers see them in {}", l.shown_in);
    if let Some(strings_in) = &l.strings_in {
        out.push_str(&format!(
            ", the theme strings marked as {strings_in}; translate those in i18n/{}.yaml (README: Adding a language)",
            l.code
        ));
    }
    out
}

/// One line for `plenary check` without `--translations`: what is left to translate, per
/// language, or that every language is complete.
fn translation_summary(report: &[plenary::check::LanguageReport]) -> Option<String> {
    if report.is_empty() {
        return None;
    }
    let open: Vec<String> = report
        .iter()
        .filter(|l| !l.missing_pages.is_empty() || !l.missing_strings.is_empty() || !l.missing_settings.is_empty())
        .map(|l| format!("{} {}", l.code, counted(l)))
        .collect();
    Some(if open.is_empty() {
        format!("translations: complete ({})", report.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", "))
    } else {
        format!("translations: {} not translated (list them with `plenary check --translations`)", open.join("; "))
    })
}

#[cfg(test)]
mod tests {
    use super::colour_on;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(colour_on(true, None));
        assert!(!colour_on(false, None));
        assert!(!colour_on(true, Some("1".into())));
        assert!(colour_on(true, Some("".into())));
    }

    /// Every block the allocator gives has the alignment asked for, whatever the size (24
    /// bytes at 16 too, which mimalloc's plain blocks do not all have), keeps its bytes when
    /// resized, and is zeroed when asked; many blocks of each, so that a misaligned one shows.
    #[test]
    fn blocks_are_aligned_resized_and_zeroed_as_asked() {
        use std::alloc::{GlobalAlloc, Layout};
        let a = super::Allocator;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 7, 8, 12, 24, 40, 1000, 1025, 5000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                let blocks: Vec<*mut u8> = (0..64)
                    .map(|k| {
                        let p = if k % 2 == 0 { unsafe { a.alloc(layout) } } else { unsafe { a.alloc_zeroed(layout) } };
                        assert!(!p.is_null() && p as usize % align == 0, "{size} bytes at {align}: {p:?}");
                        if k % 2 == 1 {
                            assert!(unsafe { std::slice::from_raw_parts(p, size) }.iter().all(|&b| b == 0));
                        }
                        unsafe { std::ptr::write_bytes(p, k as u8, size) };
                        p
                    })
                    .collect();
                for (k, p) in blocks.into_iter().enumerate() {
                    let grown = unsafe { a.realloc(p, layout, size * 3) };
                    assert!(grown as usize % align == 0, "{size} bytes at {align}, grown");
                    let kept = unsafe { std::slice::from_raw_parts(grown, size) };
                    assert!(kept.iter().all(|&b| b == k as u8), "{size} bytes at {align} kept when grown");
                    unsafe { a.dealloc(grown, Layout::from_size_align(size * 3, align).unwrap()) };
                }
            }
        }
    }
}
