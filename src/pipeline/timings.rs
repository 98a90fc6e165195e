//! `PLENARY_TIMINGS`: stage times, CPU time and memory on stderr, for profiling builds and
//! serve's rebuilds. Nothing here reaches the output.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Whether `PLENARY_TIMINGS` is set: stage times (and serve's reasons) go to stderr.
pub(crate) fn timings() -> bool {
    std::env::var_os("PLENARY_TIMINGS").is_some()
}

/// With `PLENARY_TIMINGS` set, prints how long the stages took (for profiling builds).
/// On Linux the process's CPU time so far (user + system) follows, which stays meaningful on
/// a busy machine where wall times do not.
pub(crate) fn trace(stage: &str, since: Instant) {
    if timings() {
        let cpu = cpu_seconds().map(|c| format!(" (cpu {c:.2} s)")).unwrap_or_default();
        let rss = memory().map(|(now, peak)| format!(" [rss {now} MiB, peak {peak} MiB]")).unwrap_or_default();
        errln!("[timings] {stage}: {:.3} s{cpu}{rss}", since.elapsed().as_secs_f64());
    }
}

/// Resident memory of this process now and at its peak, in MiB, from `/proc/self/status`
/// (Linux; `None` elsewhere).
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib = |key: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line[key.len()..].trim().trim_end_matches("kB").trim().parse().ok()
    };
    Some((kib("VmRSS:")? / 1024, kib("VmHWM:")? / 1024))
}

/// User + system CPU time of this process, from `/proc/self/stat` (Linux; `None` elsewhere).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // fields after the command name (which is in parentheses and may hold spaces)
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // the kernel reports in USER_HZ, 100 on every Linux configuration in use
    Some(ticks / 100.0)
}

/// What a render took, file by file, while `PLENARY_TIMINGS` is set: summed per kind of file
/// ([`Timed::trace`]), so what grows faster than the site shows (a kind whose files take
/// longer at 50,000 pages than at 10,000), and the slowest files.
#[derive(Default)]
pub(super) struct Timed(Mutex<TimedFiles>);

#[derive(Default)]
struct TimedFiles {
    /// Per kind: files, time rendering, time writing (with the output check's scan).
    kinds: BTreeMap<String, (usize, Duration, Duration)>,
    /// Every file's rendering time.
    files: Vec<(Duration, PathBuf)>,
}

impl Timed {
    /// One file of `kind` at `path`: its rendering and its writing times.
    pub(super) fn add(&self, kind: String, path: PathBuf, rendered: Duration, written: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let k = t.kinds.entry(kind).or_default();
        k.0 += 1;
        k.1 += rendered;
        k.2 += written;
        t.files.push((rendered, path));
    }

    /// Prints the stage's line, each kind's files and times, and the five slowest files.
    pub(super) fn trace(self, started: Instant) {
        let TimedFiles { kinds, mut files } = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
        trace(&format!("{} files rendered", files.len()), started);
        let us = |d: Duration, n: usize| d.as_secs_f64() * 1e6 / n as f64;
        for (kind, (n, rendered, written)) in &kinds {
            errln!(
                "[timings]   {kind}: {n} files, rendered {:.1} ms ({:.1} µs each), written {:.1} ms ({:.1} µs each)",
                rendered.as_secs_f64() * 1000.0,
                us(*rendered, *n),
                written.as_secs_f64() * 1000.0,
                us(*written, *n)
            );
        }
        for (d, p) in files.iter().take(5) {
            errln!("[timings]   {}: {:.1} ms", p.display(), d.as_secs_f64() * 1000.0);
        }
    }
}
