//! A small HTTP/1.1 server for the preview, on `std::net` alone, built so that no client can
//! starve it: each connection has its own thread (at most [`MAX_CONNECTIONS`]; one more is
//! answered 503 at once), a request head must arrive within [`READ_TIMEOUT`] and fit in
//! [`MAX_HEAD`] bytes (else 431), and every write gives up after [`WRITE_TIMEOUT`], so a
//! reader that stops reading frees its thread. One request per connection
//! (`Connection: close`); `GET` and `HEAD` carry no body.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Largest request head (request line and headers) read.
pub const MAX_HEAD: usize = 16 * 1024;
/// Connections answered at once.
pub const MAX_CONNECTIONS: usize = 256;
/// How long a client may take to send its request head.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one write to a client may block.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// One request, with the connection to answer on.
pub struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    stream: TcpStream,
}

impl Request {
    /// `GET`, `HEAD` …
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The request target as sent.
    pub fn url(&self) -> &str {
        &self.target
    }

    /// A header's value (name compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// How many times a header is given (name compared without case).
    pub fn header_count(&self, name: &str) -> usize {
        self.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).count()
    }

    /// Answers and closes the connection. Header values must be ASCII without line breaks
    /// (others are left out). A `HEAD` request gets the headers only.
    pub fn respond(mut self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (k, v) in headers {
            if v.bytes().all(|b| (b' '..=b'~').contains(&b)) {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
        }
        head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
        let _ = self.stream.write_all(head.as_bytes());
        if self.method != "HEAD" {
            let _ = self.stream.write_all(body);
        }
        let _ = self.stream.flush();
    }

    /// The connection, for a response written as it goes (the event stream).
    pub fn into_stream(self) -> TcpStream {
        self.stream
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        206 => "Partial Content",
        416 => "Range Not Satisfiable",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Why no request could be read: the status to answer with (`None`: just close).
fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, Option<u16>> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    // the whole head within READ_TIMEOUT, not each read: a client sending a byte now and then
    // would hold its thread (and, 256 of them, the preview) for as long as it liked
    let deadline = std::time::Instant::now() + READ_TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(Some(408));
        }
        let n = match stream.read(&mut buf) {
            Ok(0) => return Err(None),
            Ok(n) => n,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => return Err(Some(408)),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(None),
        };
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head[from..].windows(4).position(|w| w == b"\r\n\r\n") {
            head.truncate(from + end);
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(Some(431));
        }
    }
}

/// A request head: method, target, headers.
type Head = (String, String, Vec<(String, String)>);

/// Parses a request head; `Err` is the status to answer with.
pub fn parse_head(head: &[u8]) -> Result<Head, u16> {
    let text = std::str::from_utf8(head).map_err(|_| 400u16)?;
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) = (first.next(), first.next(), first.next(), first.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(400);
    }
    let mut headers = Vec::new();
    for line in lines {
        let (k, v) = line.split_once(':').ok_or(400u16)?;
        if k.is_empty() || k.contains(' ') {
            return Err(400);
        }
        headers.push((k.to_string(), v.trim().to_string()));
    }
    Ok((method.to_string(), target.to_string(), headers))
}

fn error(mut stream: TcpStream, status: u16) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        reason(status)
    );
}

/// Serves connections of `listener` forever, each in its own thread, calling `handle` with
/// each request.
pub fn run(listener: TcpListener, handle: Arc<dyn Fn(Request) + Send + Sync>) {
    let live = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
        if live.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            live.fetch_sub(1, Ordering::SeqCst);
            error(stream, 503);
            continue;
        }
        let (count, handle) = (live.clone(), handle.clone());
        let spawned = std::thread::Builder::new().spawn(move || {
            serve_one(stream, &*handle);
            count.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            // no thread to be had: the connection was dropped with the closure
            live.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

fn serve_one(mut stream: TcpStream, handle: &(dyn Fn(Request) + Send + Sync)) {
    let head = match read_head(&mut stream) {
        Ok(h) => h,
        Err(Some(status)) => return error(stream, status),
        Err(None) => return,
    };
    match parse_head(&head) {
        Ok((method, target, headers)) => handle(Request { method, target, headers, stream }),
        Err(status) => error(stream, status),
    }
}

/// Binds a listener.
pub fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    TcpListener::bind(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client that sends its request head a byte at a time, each within the limit, is
    /// answered 408 once the head as a whole has taken longer than READ_TIMEOUT.
    #[test]
    fn a_request_head_dripped_slowly_is_cut_off_as_a_whole() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        let served = std::thread::spawn(move || serve_one(server, &|_: Request| panic!("no request is whole")));
        let started = std::time::Instant::now();
        let mut head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".to_vec();
        head.extend(b"a".repeat(200));
        for b in head {
            if client.write_all(&[b]).is_err() || started.elapsed() > READ_TIMEOUT * 2 {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        served.join().unwrap();
        let mut answer = String::new();
        let _ = client.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
        assert!(started.elapsed() < READ_TIMEOUT * 2);
    }

    #[test]
    fn request_heads_parse() {
        let (m, t, h) = parse_head(b"GET /a/?x HTTP/1.1\r\nHost: localhost\r\nX-A:  b ").unwrap();
        assert_eq!((m.as_str(), t.as_str()), ("GET", "/a/?x"));
        assert_eq!(h, [("Host".to_string(), "localhost".to_string()), ("X-A".to_string(), "b".to_string())]);
        for bad in
            [&b"GET /"[..], b"GET / HTTP/1.1 x", b"get / HTTP/1.1", b"GET / SPDY/3", b"GET / HTTP/1.1\r\nNoColon"]
        {
            assert!(parse_head(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
