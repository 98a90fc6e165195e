//! Watching the site's sources: which paths changed (notify, native or polling), debounced
//! into batches, and [`classify`] — a pure function from changed paths to what must be rebuilt.
//!
//! Invariant: editors' temporary and swap files, hidden files and anything outside the
//! sources (`public/`, `.git/`, the output) classify as nothing, so serving never loops.
//! Folders are watched, never single files: an atomic save (write a temporary file, rename it
//! over the original) replaces the inode a file watch would hold. An event at what a symbolic
//! link among the sources leads to is also one at the link ([`super::links`]), and the folders
//! of such targets outside the sources are watched too.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Event, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::links::Links;
use crate::load::is_ignored_name;

/// The folders under the site root whose files are sources.
pub const SOURCE_DIRS: [&str; 5] = ["content", "static", "themes", "templates", "i18n"];

/// What a batch of file events asks the rebuild to redo.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Everything: `site.yaml`, a theme's own files, or a source folder appeared or vanished.
    pub everything: bool,
    /// `content/` must be walked again: a folder or a non-Markdown file there changed.
    pub rescan: bool,
    /// Markdown files under `content/` (relative to the root) that changed, appeared or went.
    pub content: BTreeSet<PathBuf>,
    /// Templates (names relative to a `templates/` folder) that changed.
    pub templates: BTreeSet<String>,
    /// Files of `static/` or `themes/<name>/static/` (relative to the root) that changed.
    pub assets: BTreeSet<PathBuf>,
}

impl Changes {
    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    /// Adds another batch.
    pub fn merge(&mut self, other: Changes) {
        self.everything |= other.everything;
        self.rescan |= other.rescan;
        self.content.extend(other.content);
        self.templates.extend(other.templates);
        self.assets.extend(other.assets);
    }

    /// Only stylesheets changed: the browser can swap them without reloading the page.
    pub fn css_only(&self) -> bool {
        !self.assets.is_empty()
            && !self.everything
            && !self.rescan
            && self.content.is_empty()
            && self.templates.is_empty()
            && self.assets.iter().all(|p| p.extension().is_some_and(|e| e == "css"))
    }
}

/// Classifies changed paths (absolute, or relative to `root`). Pure: looks at the paths only.
pub fn classify<I, P>(root: &Path, paths: I) -> Changes
where
    I: IntoIterator<Item = P>,
    P: AsRef<Path>,
{
    let mut out = Changes::default();
    for p in paths {
        classify_one(root, p.as_ref(), &mut out);
    }
    out
}

fn classify_one(root: &Path, path: &Path, out: &mut Changes) {
    let rel = match path.strip_prefix(root) {
        Ok(r) => r,
        Err(_) if path.is_relative() => path,
        Err(_) => return,
    };
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => return,
        }
    }
    if parts.iter().any(|p| is_ignored_name(p) || p.ends_with("___jb_tmp___") || p.ends_with("___jb_old___")) {
        return;
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let has_ext = |name: &str, ext: &str| name.rsplit_once('.').is_some_and(|(stem, e)| !stem.is_empty() && e == ext);
    match parts.as_slice() {
        ["site.yaml"] => out.everything = true,
        // a language's site text, `site.<code>.yaml`
        [name] if name.starts_with("site.") && name.ends_with(".yaml") && name.len() > 10 => out.everything = true,
        // a source folder itself appeared, vanished or was renamed
        [top] if SOURCE_DIRS.contains(top) => out.everything = true,
        ["content", .., last] if has_ext(last, "md") => {
            out.content.insert(rel.to_path_buf());
        }
        ["content", ..] => out.rescan = true,
        ["templates", rest @ ..] if rest.last().is_some_and(|l| l.contains('.')) => {
            out.templates.insert(rest.join("/"));
        }
        ["static", _, ..] => {
            out.assets.insert(rel.to_path_buf());
        }
        ["themes", _, "templates", rest @ ..] if rest.last().is_some_and(|l| l.contains('.')) => {
            out.templates.insert(rest.join("/"));
        }
        ["themes", _, "static", _, ..] => {
            out.assets.insert(rel.to_path_buf());
        }
        // the site's own strings (`i18n/<code>.yaml`) are on every page of their language
        ["templates", ..] | ["themes", ..] | ["i18n", ..] => out.everything = true,
        _ => {}
    }
}

/// How long the sources must be quiet before a batch is rebuilt, and the longest a batch
/// may wait while events keep coming.
const QUIET: Duration = Duration::from_millis(12);
const LONGEST: Duration = Duration::from_millis(300);
/// How long they must be quiet after an event that completes a save ([`completes_a_save`]):
/// the files of a checkout still arrive as one batch, a single save is rebuilt at once.
const QUIET_AFTER_SAVE: Duration = Duration::from_millis(2);

/// Whether an event ends the writing of a file: closed after writing, renamed into place
/// (an atomic save), removed. A file being written (opened, truncated, written to) is not
/// done yet, and a poller's events say only that something changed.
fn completes_a_save(kind: &EventKind) -> bool {
    use notify::event::{ModifyKind, RenameMode};
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
            | EventKind::Remove(_)
    )
}

/// How long to wait for more events after one that did (or did not) complete a save.
fn quiet_after(completed: bool) -> Duration {
    if completed {
        QUIET_AFTER_SAVE
    } else {
        QUIET
    }
}
/// How often `--poll` looks at the sources.
pub const POLL: Duration = Duration::from_millis(300);

/// Passes the paths of notify's events that matter on to [`SourceWatcher::next_batch`].
#[derive(Clone)]
struct Forward {
    /// A path that changed, and whether the event completed a save.
    tx: mpsc::Sender<(PathBuf, bool)>,
    /// Paths sent but not yet received.
    queued: Arc<AtomicUsize>,
    root: PathBuf,
    /// The symbolic links among the sources.
    links: Arc<RwLock<Links>>,
}

impl notify::EventHandler for Forward {
    fn handle_event(&mut self, res: notify::Result<Event>) {
        let Ok(ev) = res else { return };
        // reading a file is no change (and serve reads the sources on every rebuild)
        if matches!(ev.kind, EventKind::Access(a) if a != AccessKind::Close(AccessMode::Write)) {
            return;
        }
        let completed = completes_a_save(&ev.kind);
        // an edit of what a link leads to is an edit of the link, as the build reads it
        let links = self.links.read().unwrap_or_else(|e| e.into_inner());
        let mut paths: Vec<PathBuf> = ev.paths.iter().flat_map(|p| links.through(p)).collect();
        drop(links);
        paths.extend(ev.paths);
        // only paths that matter are queued, so `has_news` is not fooled by swap files
        for p in paths.into_iter().filter(|p| !classify(&self.root, [p]).is_empty()) {
            self.queued.fetch_add(1, Ordering::SeqCst);
            let _ = self.tx.send((p, completed));
        }
    }
}

/// A running watcher and the channel its events arrive on.
pub struct SourceWatcher {
    /// The watcher, given folders to watch as they appear.
    watcher: std::sync::Mutex<Box<dyn Watcher + Send>>,
    events: Receiver<(PathBuf, bool)>,
    /// Paths sent but not yet received.
    queued: Arc<AtomicUsize>,
    root: PathBuf,
    /// Whether the watcher polls (asked for, or native watching failed).
    pub polling: bool,
    /// The symbolic links among the sources, shared with the event handler.
    links: Arc<RwLock<Links>>,
    /// The folders watched for links' targets outside the sources.
    targets: std::sync::Mutex<Vec<PathBuf>>,
}

impl SourceWatcher {
    /// Watches the source folders and the root (for `site.yaml` and new source folders).
    /// Falls back to polling when native watching fails; `Err` only if both fail.
    pub fn start(root: &Path, poll: bool) -> Result<SourceWatcher, String> {
        SourceWatcher::start_with(root, poll, |forward, root| {
            let mut w = RecommendedWatcher::new(forward, notify::Config::default()).map_err(|e| e.to_string())?;
            watch_all(&mut w, root)?;
            Ok(Box::new(w))
        })
    }

    /// [`SourceWatcher::start`] with the native watcher made by `native`.
    fn start_with(
        root: &Path,
        poll: bool,
        native: impl FnOnce(Forward, &Path) -> Result<Box<dyn Watcher + Send>, String>,
    ) -> Result<SourceWatcher, String> {
        let (tx, rx) = mpsc::channel();
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let queued = Arc::new(AtomicUsize::new(0));
        let links = Arc::new(RwLock::new(Links::find(&root)));
        let forward = Forward { tx, queued: queued.clone(), root: root.clone(), links: links.clone() };
        let watched_root = root.clone();
        let made = |watcher: Box<dyn Watcher + Send>, polling: bool| {
            let w = SourceWatcher {
                watcher: watcher.into(),
                events: rx,
                queued,
                root: watched_root,
                polling,
                links,
                targets: Vec::new().into(),
            };
            w.watch_targets();
            w
        };
        if !poll {
            match native(forward.clone(), &root) {
                Ok(w) => return Ok(made(w, false)),
                Err(e) => errln!("warning: watching for changes failed ({e}); polling for changes instead"),
            }
        }
        // notify's poller compares modification times in whole seconds, which misses a second
        // save within the same second; comparing contents does not
        let config = notify::Config::default().with_poll_interval(POLL).with_compare_contents(true);
        let mut w = PollWatcher::new(forward, config).map_err(|e| format!("cannot watch for changes: {e}"))?;
        watch_all(&mut w, &root)?;
        Ok(made(Box::new(w), true))
    }

    /// Whether a changed source is waiting to be taken by [`SourceWatcher::next_batch`] (for
    /// giving up background work that the next rebuild makes stale).
    pub fn has_news(&self) -> bool {
        self.queued.load(Ordering::SeqCst) > 0
    }

    /// [`SourceWatcher::has_news`] as a function other threads may call.
    pub fn news(&self) -> impl Fn() -> bool + Sync + Send + 'static {
        let queued = self.queued.clone();
        move || queued.load(Ordering::SeqCst) > 0
    }

    fn take(&self, event: (PathBuf, bool)) -> (PathBuf, bool) {
        self.queued.fetch_sub(1, Ordering::SeqCst);
        event
    }

    /// Waits for the next batch of changes that matter (blocking); `None` when the watcher
    /// has stopped.
    pub fn next_batch(&self) -> Option<Changes> {
        loop {
            let (first, mut completed) = self.take(self.events.recv().ok()?);
            let mut paths = vec![first];
            let started = Instant::now();
            loop {
                let left = LONGEST.saturating_sub(started.elapsed());
                match self.events.recv_timeout(quiet_after(completed).min(left)) {
                    Ok(event) => {
                        let (p, done) = self.take(event);
                        paths.push(p);
                        completed = done;
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
                if left.is_zero() {
                    break;
                }
            }
            let changes = classify(&self.root, &paths);
            if changes.everything {
                self.watch_new_folders(&paths);
            }
            // a link made, removed or pointed elsewhere (or a folder that may hold one)
            if changes.everything || changes.rescan || paths.iter().any(|p| p.is_symlink() || !p.exists()) {
                *self.links.write().unwrap_or_else(|e| e.into_inner()) = Links::find(&self.root);
                self.watch_targets();
            }
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }
}

impl SourceWatcher {
    /// Watches the folders of links' targets outside the sources not watched yet.
    fn watch_targets(&self) {
        let folders = self.links.read().unwrap_or_else(|e| e.into_inner()).folders(&self.root);
        let mut watched = self.targets.lock().unwrap_or_else(|e| e.into_inner());
        let mut w = self.watcher.lock().unwrap_or_else(|e| e.into_inner());
        for (dir, mode) in folders {
            if !watched.contains(&dir) && w.watch(&dir, mode).is_ok() {
                watched.push(dir);
            }
        }
    }

    /// Watches a source folder that appeared (or was deleted and made again) since the start,
    /// so changes and deletions inside it are seen. Anything changed in it before this is
    /// read by the full rebuild its appearance causes.
    fn watch_new_folders(&self, paths: &[PathBuf]) {
        let mut w = self.watcher.lock().unwrap_or_else(|e| e.into_inner());
        for p in paths {
            let rel = p.strip_prefix(&self.root).unwrap_or(p);
            let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
            if rel.components().count() == 1 && top.is_some_and(|t| SOURCE_DIRS.contains(&t.as_str())) {
                let dir = self.root.join(rel);
                if dir.is_dir() {
                    let _ = w.unwatch(&dir);
                    let _ = w.watch(&dir, RecursiveMode::Recursive);
                }
            }
        }
    }
}

fn watch_all(w: &mut dyn Watcher, root: &Path) -> Result<(), String> {
    w.watch(root, RecursiveMode::NonRecursive).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for dir in SOURCE_DIRS {
        let d = root.join(dir);
        if d.is_dir() {
            w.watch(&d, RecursiveMode::Recursive).map_err(|e| format!("cannot watch {}: {e}", d.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_native_watcher_falls_back_to_polling() {
        let root = std::env::temp_dir().join(format!("plenary-watch-{}", std::process::id()));
        std::fs::create_dir_all(root.join("content")).unwrap();
        let w = SourceWatcher::start_with(&root, false, |_, _| Err("no events here".into())).unwrap();
        assert!(w.polling);
        std::fs::write(root.join("content/new.md"), "---\ntitle: New\n---\n").unwrap();
        let batch = w.next_batch().expect("a batch");
        assert!(batch.content.contains(Path::new("content/new.md")), "{batch:?}");
        assert!(!w.has_news());
        drop(w);
        std::fs::remove_dir_all(&root).unwrap();
    }

    fn c(paths: &[&str]) -> Changes {
        classify(Path::new("/site"), paths.iter().map(|p| Path::new("/site").join(p)))
    }

    #[test]
    fn a_finished_save_is_rebuilt_after_a_shorter_quiet_than_a_file_being_written() {
        use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};
        let done = [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Remove(RemoveKind::File),
        ];
        let writing = [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Content)),
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Access(AccessKind::Open(AccessMode::Write)),
        ];
        for kind in done {
            assert!(completes_a_save(&kind), "{kind:?}");
        }
        for kind in writing {
            assert!(!completes_a_save(&kind), "{kind:?}");
        }
        assert!(quiet_after(true) < quiet_after(false));
    }

    #[test]
    fn markdown_edits_are_content_changes() {
        let ch = c(&["content/forums/a.md", "content/speakers/b.zh.md"]);
        assert_eq!(ch.content.len(), 2);
        assert!(!ch.everything && !ch.rescan);
    }

    #[test]
    fn editor_temp_and_swap_files_are_ignored() {
        for p in [
            "content/forums/.a.md.swp",
            "content/forums/a.md~",
            "content/forums/4913",
            "content/forums/.#a.md",
            "content/forums/#a.md#",
            "content/.git/index",
            "templates/.page.html.swx",
            "site.yaml~",
            "content/forums/a.md.tmp",
            "content/forums/a.md___jb_tmp___",
        ] {
            assert!(c(&[p]).is_empty(), "{p}");
        }
    }

    #[test]
    fn output_and_other_folders_never_trigger_a_rebuild() {
        for p in ["public/index.html", "public", ".public.plenary-staging-1/x", "target/debug/x", "README.md"] {
            assert!(c(&[p]).is_empty(), "{p}");
        }
        assert!(classify(Path::new("/site"), ["/elsewhere/content/a.md"]).is_empty());
    }

    #[test]
    fn atomic_save_of_a_file_is_one_content_change() {
        // vim/VS Code style: write a temp file, rename it over the original
        let ch = c(&["content/news/x.md.tmp", "content/news/.x.md.swp", "content/news/x.md"]);
        assert_eq!(ch.content.iter().collect::<Vec<_>>(), [Path::new("content/news/x.md")]);
    }

    #[test]
    fn site_yaml_and_source_folders_are_everything() {
        assert!(c(&["site.yaml"]).everything);
        assert!(c(&["site.zh.yaml"]).everything);
        assert!(c(&["templates"]).everything);
        assert!(c(&["themes/default/theme.yaml"]).everything);
        assert!(!c(&["content/news/x.md"]).everything);
    }

    #[test]
    fn folders_and_assets_under_content_rescan() {
        assert!(c(&["content/news/2024"]).rescan);
        assert!(c(&["content/speakers/photo.jpg"]).rescan);
    }

    #[test]
    fn templates_from_the_site_and_the_theme() {
        let ch = c(&["templates/forum.html", "themes/default/templates/partials/card.html"]);
        assert_eq!(ch.templates.iter().map(String::as_str).collect::<Vec<_>>(), ["forum.html", "partials/card.html"]);
    }

    #[test]
    fn stylesheet_only_changes_are_recognised() {
        assert!(c(&["static/site.css", "themes/default/static/css/x.css"]).css_only());
        assert!(!c(&["static/site.css", "static/app.js"]).css_only());
        assert!(!c(&["static/site.css", "content/news/x.md"]).css_only());
        assert!(!c(&[]).css_only());
    }

    #[test]
    fn relative_paths_work_and_parent_components_are_refused() {
        assert_eq!(classify(Path::new("/site"), ["content/a/../b.md"]), Changes::default());
        assert!(!classify(Path::new("/site"), ["content/news/x.md"]).is_empty());
    }
}
