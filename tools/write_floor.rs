//! The write floor of a built site: how long writing its files alone takes, with nothing
//! computed. It reads a built site's tree (folders, file names and sizes) and writes the same
//! tree from memory into a new folder, on as many threads as a build uses, the way a build
//! writes (each folder made, each file created, written whole and closed). No build of that
//! output can take less on the same machine and file system. `ARCHITECTURE.md` ("Measured")
//! holds what it measured.
//!
//!   cargo run --release --example write-floor -- <built site> <new folder> [threads]
//!
//! It prints the wall time and (on Linux) the CPU time of the writing alone, nearly all of it
//! the kernel's. The new folder is removed afterwards (not timed).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(site), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: write-floor <built site> <new folder> [threads]");
        std::process::exit(2);
    };
    let threads = match args.get(2) {
        Some(n) => n.parse().unwrap_or_else(|_| fail(&format!("threads: `{n}` is not a number"))),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let (out, site) = (PathBuf::from(out), Path::new(site));
    if out.exists() {
        fail(&format!("{} exists; give a folder that does not", out.display()));
    }
    let mut tree = Tree::default();
    tree.read(site, Path::new("")).unwrap_or_else(|e| fail(&format!("{}: {e}", site.display())));
    // folders by depth, so that a folder's parent is made before it
    tree.folders.sort_by_key(|f| f.components().count());
    let largest = tree.files.iter().map(|f| f.1).max().unwrap_or(0);
    let bytes: Vec<u8> = (0..largest).map(|i| b"<p>plenary</p>\n"[i % 15]).collect();
    let (started, cpu_before) = (Instant::now(), cpu_seconds());
    fs::create_dir(&out).unwrap_or_else(|e| fail(&format!("{}: {e}", out.display())));
    let mut depth_start = 0;
    while depth_start < tree.folders.len() {
        let depth = tree.folders[depth_start].components().count();
        let end = tree.folders[depth_start..].iter().position(|f| f.components().count() != depth);
        let level = &tree.folders[depth_start..end.map_or(tree.folders.len(), |e| depth_start + e)];
        on_threads(threads, level, |f| fs::create_dir(out.join(f)));
        depth_start += level.len();
    }
    let folders = started.elapsed();
    on_threads(threads, &tree.files, |(f, size)| fs::File::create(out.join(f))?.write_all(&bytes[..*size]));
    let all = started.elapsed();
    let cpu = match (cpu_before, cpu_seconds()) {
        (Some(a), Some(b)) => format!(", CPU {:.2} s", b - a),
        _ => String::new(),
    };
    let mib = tree.files.iter().map(|f| f.1).sum::<usize>() as f64 / 1_048_576.0;
    println!(
        "{} folders and {} files ({mib:.1} MiB) written on {threads} threads in {:.3} s (folders {:.3} s, files {:.3} s{cpu})",
        tree.folders.len(),
        tree.files.len(),
        all.as_secs_f64(),
        folders.as_secs_f64(),
        (all - folders).as_secs_f64()
    );
    fs::remove_dir_all(&out).unwrap_or_else(|e| fail(&format!("removing {}: {e}", out.display())));
}

/// A built site's folders and files (with their sizes), relative to it, in the order read.
#[derive(Default)]
struct Tree {
    folders: Vec<PathBuf>,
    files: Vec<(PathBuf, usize)>,
}

impl Tree {
    /// Adds what is under `dir` (`rel` inside the site); symbolic links are not followed.
    fn read(&mut self, dir: &Path, rel: &Path) -> io::Result<()> {
        let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
        entries.sort_by_key(fs::DirEntry::file_name);
        for entry in entries {
            let (kind, name) = (entry.file_type()?, rel.join(entry.file_name()));
            if kind.is_dir() {
                self.folders.push(name.clone());
                self.read(&entry.path(), &name)?;
            } else if kind.is_file() {
                self.files.push((name, entry.metadata()?.len() as usize));
            }
        }
        Ok(())
    }
}

/// Runs `each` on every item, item `i` on thread `i % threads`, and stops at the first error.
fn on_threads<T: Sync>(threads: usize, items: &[T], each: impl Fn(&T) -> io::Result<()> + Sync) {
    std::thread::scope(|s| {
        for t in 0..threads.max(1) {
            let each = &each;
            s.spawn(move || {
                for item in items.iter().skip(t).step_by(threads.max(1)) {
                    each(item).unwrap_or_else(|e| fail(&e.to_string()));
                }
            });
        }
    });
}

/// User and system CPU time of this process, from `/proc/self/stat` (Linux; `None` elsewhere).
fn cpu_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split(' ').collect();
    // utime and stime, in USER_HZ (100 on every Linux in use)
    Some((fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?) / 100.0)
}

fn fail(message: &str) -> ! {
    eprintln!("write-floor: {message}");
    std::process::exit(1);
}
