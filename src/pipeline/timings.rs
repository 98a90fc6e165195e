//! `PLENARY_TIMINGS`: stage times, CPU time and memory on stderr, for profiling builds and
//! serve's rebuilds. Nothing here reaches the output.

use std::path::PathBuf;
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
        eprintln!("[timings] {stage}: {:.3} s{cpu}{rss}", since.elapsed().as_secs_f64());
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

/// With `PLENARY_TIMINGS` set, prints the slowest files of a render.
pub(super) fn trace_slowest(mut timed: Vec<(Duration, PathBuf)>, started: Instant) {
    timed.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
    trace(&format!("{} files rendered", timed.len()), started);
    for (d, p) in timed.iter().take(5) {
        eprintln!("[timings]   {}: {:.1} ms", p.display(), d.as_secs_f64() * 1000.0);
    }
}
