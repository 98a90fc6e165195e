//! The served site's search index, rebuilt on a thread of its own once the pages are served,
//! so that a new edit never waits for it: the index is built from a prepared site (shared,
//! not copied) on one rayon thread of its own, leaving the others to the rebuilds, and is
//! served only if no rebuild came in between ([`Rebuilder::set_search`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use super::http::Ctx;
use super::rebuild::{search_index, Rebuilder};

/// How often the indexer looks again while the sources are changing.
const WAIT: Duration = Duration::from_millis(50);

/// Starts the index thread when an index is due; one thread at a time.
pub struct Indexer {
    rebuilder: Arc<Mutex<Rebuilder>>,
    ctx: Arc<Ctx>,
    /// Whether the sources changed again (stops the index being built).
    news: Box<dyn Fn() -> bool + Send + Sync>,
    running: AtomicBool,
}

/// The rebuilder, locked (a panic elsewhere does not stop the preview).
pub fn lock(r: &Mutex<Rebuilder>) -> MutexGuard<'_, Rebuilder> {
    r.lock().unwrap_or_else(|e| e.into_inner())
}

impl Indexer {
    /// An indexer for the site `rebuilder` builds and `ctx` serves.
    pub fn new(
        rebuilder: Arc<Mutex<Rebuilder>>,
        ctx: Arc<Ctx>,
        news: impl Fn() -> bool + Send + Sync + 'static,
    ) -> Self {
        Indexer { rebuilder, ctx, news: Box::new(news), running: AtomicBool::new(false) }
    }

    /// Starts building the index if one is due and none is being built.
    pub fn start_if_due(self: &Arc<Self>) {
        // decided under the rebuilder's lock, as the thread decides to end: no index is missed
        let r = lock(&self.rebuilder);
        if r.search_due().is_none() || self.running.swap(true, Ordering::SeqCst) {
            return;
        }
        drop(r);
        let me = self.clone();
        thread::spawn(move || me.run());
    }

    fn run(&self) {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
        loop {
            if (self.news)() {
                // a rebuild is coming: its site is the one to index
                thread::sleep(WAIT);
                continue;
            }
            let due = {
                let r = lock(&self.rebuilder);
                let due = r.search_due();
                if due.is_none() {
                    self.running.store(false, Ordering::SeqCst);
                    return;
                }
                due
            };
            let Some(p) = due else { return };
            let started = Instant::now();
            let build = || search_index(&p, &*self.news);
            let files = match &pool {
                Some(pool) => pool.install(build),
                None => build(),
            };
            let Some(files) = files else { continue };
            let mut r = lock(&self.rebuilder);
            if r.set_search(&p, files) {
                super::serve_files(&self.ctx, &r);
                errln!("  and the search index, {} ms", started.elapsed().as_millis());
            }
        }
    }
}
