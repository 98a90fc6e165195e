#!/usr/bin/env python3
"""Measures a cold load of a built site's search page on a throttled network: headless Chromium
(through chromedriver, Chromium's own network emulation: by default 400 ms round trip and
400 kbit/s each way, "Slow 3G") opens `<page>?q=<query>` with an empty cache, and the time
until the results are shown is read from the Performance API (the last index file's
responseEnd: the results are drawn as it arrives), with every request's start and end.

    cargo run -- build --out /tmp/search-site
    python3 tools/search-cold-load.py /tmp/search-site --runs 3 --page /search/ --query "digital governance"

`--cpu 4` slows the browser's CPU four times (devtools' emulation, as Lighthouse's phone does),
so a script's parsing and running count as they do on a slow phone.

The site is served from 127.0.0.1 on a free port by Python's own server (text gzipped, as
static hosts send it), stopped at the end."""
import argparse
import functools
import gzip
import http.server
import io
import json
import os
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"null")


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Files as a static host sends them: text compressed with gzip when the browser asks."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not path.endswith((".html", ".js", ".json", ".css", ".svg")) or not os.path.isfile(path) \
                or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--page", default="/search/")
    ap.add_argument("--query", default="digital governance")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--latency", type=int, default=400, help="ms added to each request")
    ap.add_argument("--kbit", type=int, default=400, help="kbit/s each way")
    ap.add_argument("--cpu", type=float, default=1, help="CPU slowed this many times (a phone: 4)")
    a = ap.parse_args()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=a.site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site_port = server.server_address[1]
    drv_port = free_port()
    driver = subprocess.Popen(["chromedriver", f"--port={drv_port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", drv_port)).close()
                break
            except OSError:
                time.sleep(0.1)
        url = f"http://127.0.0.1:{site_port}{a.page}?q={urllib.parse.quote(a.query)}"
        times = []
        for run in range(a.runs):
            with tempfile.TemporaryDirectory() as profile:
                caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", f"--user-data-dir={profile}"]}}}}
                sid = call(drv_port, "POST", "/session", caps)["value"]["sessionId"]
                try:
                    bps = a.kbit * 1000 // 8
                    call(drv_port, "POST", f"/session/{sid}/chromium/network_conditions", {"network_conditions": {
                        "offline": False, "latency": a.latency, "download_throughput": bps, "upload_throughput": bps}})
                    if a.cpu != 1:
                        call(drv_port, "POST", f"/session/{sid}/goog/cdp/execute", {
                            "cmd": "Emulation.setCPUThrottlingRate", "params": {"rate": a.cpu}})
                    call(drv_port, "POST", f"/session/{sid}/url", {"url": url})
                    script = {"script": "return document.querySelectorAll('#search-results li').length > 0", "args": []}
                    for _ in range(1200):
                        if call(drv_port, "POST", f"/session/{sid}/execute/sync", script)["value"] is True:
                            break
                        time.sleep(0.1)
                    entries = call(drv_port, "POST", f"/session/{sid}/execute/sync", {"script": (
                        "return performance.getEntriesByType('resource').map(e => "
                        "[e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd)])"),
                        "args": []})["value"]
                finally:
                    call(drv_port, "DELETE", f"/session/{sid}")
            shown = max(e[2] for e in entries)
            times.append(shown)
            print(f"run {run + 1}: results at {shown} ms")
            for name, start, end in sorted(entries, key=lambda e: e[1]):
                print(f"  {start:6d} – {end:6d} ms  {name}")
        print(f"median {statistics.median(times):.0f} ms over {a.runs} runs "
              f"({a.latency} ms, {a.kbit} kbit/s, CPU x{a.cpu:g}, {a.page}?q={a.query})")
    finally:
        driver.terminate()
        driver.wait()
        server.shutdown()


if __name__ == "__main__":
    main()
