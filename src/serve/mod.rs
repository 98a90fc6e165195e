//! `plenary serve`: build the site in memory, serve it, watch the sources, rebuild what
//! changed, tell open pages to reload, show errors in the browser.
//!
//! Wiring only; the parts: [`watch`] (events → [`watch::Changes`]), [`rebuild`] (changes →
//! a new in-memory site, through the same pipeline as `plenary build`), [`deps`] (which pages
//! a change touches), [`http`] (requests → files), [`reload`] (events to open pages).
//!
//! Invariant: serve writes nothing to disk — not `public/`, not a temporary folder — so
//! stopping it (Ctrl-C) leaves nothing behind. The served site is swapped whole, and open
//! pages are told only after the swap.

pub mod checked;
pub mod deps;
pub mod http;
pub mod indexer;
pub mod links;
pub mod on_request;
pub mod pages;
pub mod rebuild;
pub mod reload;
pub mod server;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use crate::pipeline::BuildOptions;
use indexer::Indexer;
use rebuild::{Outcome, Rebuilder};
use reload::{Hub, Message};
use watch::{Changes, SourceWatcher};

/// The port tried first.
pub const DEFAULT_PORT: u16 = 1111;

/// What `plenary serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder.
    pub root: std::path::PathBuf,
    /// Address to bind (127.0.0.1 unless `--bind`).
    pub bind: IpAddr,
    /// Port; 0 lets the system choose. When taken, the next free one (said so).
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Poll for changes instead of file-system events.
    pub poll: bool,
    /// Open the browser.
    pub open: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: ".".into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            drafts: false,
            poll: false,
            open: false,
        }
    }
}

/// Why serve could not start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Binds the port (or the next free one), with a message when it moved.
fn bind(opts: &ServeOptions) -> Result<(std::net::TcpListener, SocketAddr), StartError> {
    let tries = if opts.port == 0 { 1 } else { 10 };
    let mut first_error = None;
    for i in 0..tries {
        let Some(port) = opts.port.checked_add(i) else { break };
        match server::bind(SocketAddr::new(opts.bind, port)) {
            Ok(s) => {
                let addr = s.local_addr().unwrap_or(SocketAddr::new(opts.bind, port));
                if i > 0 {
                    errln!("port {} is in use; serving on port {} instead", opts.port, addr.port());
                }
                return Ok((s, addr));
            }
            Err(e) => {
                first_error.get_or_insert(e.to_string());
            }
        }
    }
    Err(StartError(format!(
        "cannot listen on {}:{}: {} (tried {tries} port{}); choose another with --port",
        opts.bind,
        opts.port,
        first_error.unwrap_or_default(),
        if tries == 1 { "" } else { "s" }
    )))
}

/// Builds, serves and watches until the process is stopped. Returns only on a start-up
/// error (or when the watcher stops).
pub fn run(opts: &ServeOptions) -> Result<(), StartError> {
    if !opts.root.join("site.yaml").is_file() {
        return Err(StartError(format!(
            "no site.yaml in {}; run plenary in the site's folder, or pass --root DIR",
            opts.root.display()
        )));
    }
    let loopback = opts.bind.is_loopback();
    if let Some(warning) = exposure_warning(opts.bind) {
        errln!("{warning}");
    }
    let (server, addr) = bind(opts)?;
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    // watch before the first build, so no save during it is missed
    let watcher = SourceWatcher::start(&opts.root, opts.poll).map_err(StartError)?;
    let build = BuildOptions {
        root: opts.root.clone(),
        out: None,
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        force: false,
        // the first page does not wait for the social cards: they are drawn once it is served
        make_later: true,
        ..BuildOptions::default()
    };
    let mut rebuilder = Rebuilder::new(build);
    let ctx = Arc::new(http::Ctx { files: RwLock::new(rebuilder.files()), hub: Hub::default(), loopback });
    // the server starts once there is something to show: the first build's pages on request
    // as soon as it is prepared, or its errors; requests made before wait in the listen queue
    let start = Arc::new(Starter { server: Mutex::new(Some(server)), ctx: ctx.clone(), opts: opts.clone(), url });
    let early = start.clone();
    rebuilder.serve_early(
        move |files| {
            *early.ctx.files.write().unwrap_or_else(|e| e.into_inner()) = files;
            early.start();
        },
        watcher.news(),
    );
    apply(&opts.root, &ctx, rebuilder.rebuild(Changes::default()), &mut rebuilder);
    start.start();
    let beat = ctx.clone();
    thread::spawn(move || loop {
        thread::sleep(Duration::from_secs(15));
        beat.hub.heartbeat();
    });
    if watcher.polling {
        errln!("polling for changes every {} ms", watch::POLL.as_millis());
    }
    let news = watcher.news();
    let rebuilder = Arc::new(Mutex::new(rebuilder));
    let indexer = Arc::new(Indexer::new(rebuilder.clone(), ctx.clone(), watcher.news()));
    // the rest of the first build's pages, and its search index, come after the site is served
    catch_up(&opts.root, &ctx, &mut indexer::lock(&rebuilder), &news);
    indexer.start_if_due();
    make_later(&opts.root, &ctx, &rebuilder, &news);
    while let Some(changes) = watcher.next_batch() {
        let mut r = indexer::lock(&rebuilder);
        let outcome = r.rebuild(changes);
        apply(&opts.root, &ctx, outcome, &mut r);
        drop(r);
        if quiet_for(GRACE, &news) {
            catch_up(&opts.root, &ctx, &mut indexer::lock(&rebuilder), &news);
        }
        indexer.start_if_due();
        make_later(&opts.root, &ctx, &rebuilder, &news);
    }
    Err(StartError("the file watcher stopped".into()))
}

/// How long catching up waits once a rebuild is served: the pages open in browsers reload
/// at once and ask for the edited page, rendered on request, which then has the processor to
/// itself rather than sharing it with catching up's threads.
const GRACE: Duration = Duration::from_millis(150);

/// Waits `span` unless `news` says the sources changed first; whether they stayed quiet.
fn quiet_for(span: Duration, news: &dyn Fn() -> bool) -> bool {
    let until = Instant::now() + span;
    while Instant::now() < until {
        if news() {
            return false;
        }
        thread::sleep(Duration::from_millis(5));
    }
    !news()
}

/// Starts the server, once.
struct Starter {
    server: Mutex<Option<std::net::TcpListener>>,
    ctx: Arc<http::Ctx>,
    opts: ServeOptions,
    url: String,
}

impl Starter {
    /// Starts answering requests and says where (the first call only).
    fn start(&self) {
        let Some(server) = self.server.lock().unwrap_or_else(|e| e.into_inner()).take() else { return };
        let handler = self.ctx.clone();
        thread::spawn(move || server::run(server, Arc::new(move |req| http::handle(req, &handler))));
        outln!("serving {} at {} (Ctrl-C to stop)", self.opts.root.display(), self.url);
        if self.opts.open {
            open_browser(&self.url);
        }
    }
}

/// The warning printed when the preview is reachable from other machines.
pub fn exposure_warning(bind: IpAddr) -> Option<String> {
    (!bind.is_loopback()).then(|| {
        format!("warning: serving on {bind} — anyone who can reach this machine can read the preview, drafts included")
    })
}

/// Serves the rebuilder's current site.
pub(crate) fn serve_files(ctx: &http::Ctx, rebuilder: &Rebuilder) {
    let files = rebuilder.files();
    // the site served before goes once no request reads it, on another thread
    rebuild::let_go(std::mem::replace(&mut *ctx.files.write().unwrap_or_else(|e| e.into_inner()), files));
}

/// Serves the outcome of a rebuild and tells the open pages (in that order).
fn apply(root: &Path, ctx: &http::Ctx, outcome: Outcome, rebuilder: &mut Rebuilder) {
    match outcome {
        Outcome::Updated { css_only, rendered, changed, elapsed } => {
            serve_files(ctx, rebuilder);
            let was_error = ctx.hub.error().is_some();
            let message = match changed {
                _ if css_only && !was_error => Some(Message::Css),
                // a first build served on request: what was shown is unchanged, unless an error was
                Some(changed) if changed.is_empty() => was_error.then_some(Message::Reload(None)),
                Some(changed) => Some(Message::reload_of(&changed)),
                None => Some(Message::Reload(None)),
            };
            if let Some(m) = message {
                ctx.hub.send(m);
            }
            errln!("rebuilt: {} in {} ms", pages(rendered), elapsed.as_millis());
            if let Some(warnings) = rebuilder.new_warnings() {
                err!("{}", reload::warnings_text(&warnings));
            }
        }
        Outcome::Unchanged => {
            if ctx.hub.error().is_some() {
                ctx.hub.send(Message::Fixed);
                errln!("fixed; the site is unchanged");
            }
        }
        Outcome::Failed(diags) => {
            // pages a first build served on request are withdrawn with it
            serve_files(ctx, rebuilder);
            fail(root, ctx, &diags, rebuilder.has_site())
        }
    }
}

fn fail(root: &Path, ctx: &http::Ctx, diags: &[crate::diagnostics::Diagnostic], served: bool) {
    let text = reload::error_text(root, diags, served);
    err!("{text}");
    ctx.hub.send(Message::Error(text));
}

fn pages(n: usize) -> String {
    format!("{n} page{}", if n == 1 { "" } else { "s" })
}

/// After the edited pages are served: the site-wide pages the edit touched (and the pages a
/// first build left), served when ready, and given up when the sources change again. The
/// search index follows on a thread of its own ([`Indexer`]).
fn catch_up(root: &Path, ctx: &http::Ctx, rebuilder: &mut Rebuilder, news: &(dyn Fn() -> bool + Sync)) {
    if !rebuilder.behind() {
        return;
    }
    let started = Instant::now();
    match rebuilder.catch_up_until(news) {
        Ok(changed) if !changed.is_empty() => {
            serve_files(ctx, rebuilder);
            if ctx.hub.error().is_none() {
                ctx.hub.send(Message::reload_of(&changed));
            }
            errln!("  and {} listing the site, {} ms later", pages(changed.len()), started.elapsed().as_millis());
        }
        Ok(_) => {}
        Err(diags) => fail(root, ctx, &diags, true),
    }
}

/// Makes the images and social cards the served pages name and the cache lacks, once the
/// rest is served and the search index under way (a fresh checkout of a 10,000-page site has
/// 10,000 cards to draw, about 78 s), without holding the rebuilder; gives up when the
/// sources change. What fails (a photo damaged past its header, which `plenary build` fails
/// on) is shown as a build error is, in the terminal and the open pages, and tried again after
/// the next rebuild, so the error stays shown until it is mended.
fn make_later(root: &Path, ctx: &http::Ctx, rebuilder: &Mutex<Rebuilder>, news: &(dyn Fn() -> bool + Sync)) {
    if news() {
        return;
    }
    let Some(p) = indexer::lock(rebuilder).later_due() else { return };
    let started = Instant::now();
    let made = crate::pipeline::make_later(&p, news);
    if !news() && made.failed.is_empty() {
        indexer::lock(rebuilder).later_made(&p);
    }
    let mut what = Vec::new();
    if made.images > 0 {
        what.push(format!("{} image{}", made.images, if made.images == 1 { "" } else { "s" }));
    }
    if made.cards > 0 {
        what.push(format!("{} social card{}", made.cards, if made.cards == 1 { "" } else { "s" }));
    }
    if !what.is_empty() {
        errln!("  and {} made, {} ms later", what.join(" and "), started.elapsed().as_millis());
    }
    if !made.failed.is_empty() && !news() {
        fail(root, ctx, &made.failed, true);
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd).arg(url).spawn() {
        errln!("could not open a browser ({cmd}: {e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catching_up_waits_for_quiet_and_gives_way_to_news() {
        assert!(quiet_for(Duration::from_millis(20), &|| false));
        assert!(!quiet_for(Duration::from_millis(20), &|| true));
        // news during the wait ends it (a minute's wait would not end otherwise)
        let asked = std::sync::atomic::AtomicUsize::new(0);
        let news_soon = || asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= 3;
        assert!(!quiet_for(Duration::from_secs(60), &news_soon));
        assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 4);
    }

    #[test]
    fn only_addresses_beyond_loopback_are_warned_about() {
        assert!(exposure_warning(IpAddr::V4(Ipv4Addr::LOCALHOST)).is_none());
        assert!(exposure_warning("::1".parse().unwrap()).is_none());
        let w = exposure_warning(IpAddr::V4(Ipv4Addr::UNSPECIFIED)).expect("a warning");
        assert!(w.contains("0.0.0.0") && w.contains("drafts included"), "{w}");
        assert!(exposure_warning("192.168.1.20".parse().unwrap()).is_some());
    }
}
