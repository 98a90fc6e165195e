// Lighthouse on pages of a built site, for tests/lighthouse.rs.
//
// node lighthouse.mjs <node_modules> <chromium> <public folder> <path>...
//
// Serves the folder on 127.0.0.1 (a port the system picks) as a static host would: a folder's
// index.html, 404.html with status 404 for anything missing. One headless Chromium; Lighthouse's
// default (mobile) settings; only the accessibility, best-practices and SEO categories (their
// audits pass or fail; performance's timings depend on the machine). Prints one JSON object:
// { "<path>": [{ "id", "category", "title", "items" }] } with every audit that failed.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, chromium, folder, ...pages] = process.argv.slice(2);
const root = path.resolve(folder);
const load = (p) => import(pathToFileURL(path.join(modules, p)).href);
const { default: lighthouse } = await load('lighthouse/core/index.js');
const chromeLauncher = await load('chrome-launcher/dist/index.js');

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.avif': 'image/avif', '.woff2': 'font/woff2', '.ics': 'text/calendar' };
const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = path.join(root, rel);
  if (!file.startsWith(root + path.sep)) file = path.join(root, '404.html');
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  let status = 200;
  if (!fs.existsSync(file)) {
    status = 404;
    file = path.join(root, '404.html');
  }
  res.writeHead(status, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  res.end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

const chrome = await chromeLauncher.launch({ chromePath: chromium, chromeFlags: ['--headless=new', '--no-sandbox'] });
const config = {
  extends: 'lighthouse:default',
  settings: {
    onlyCategories: ['accessibility', 'best-practices', 'seo'],
    // a picture of the whole page for the report's viewer, which nothing here reads
    disableFullPageScreenshot: true,
    // a local static site is loaded at once: wait a quarter second of quiet, not Lighthouse's
    // default second (made for the network), after the load, the network and the main thread
    pauseAfterLoadMs: 250,
    networkQuietThresholdMs: 250,
    cpuQuietThresholdMs: 250,
  },
};
const found = {};
try {
  for (const page of pages) {
    const run = await lighthouse(base + page, { port: chrome.port, logLevel: 'error' }, config);
    const lhr = run.lhr;
    if (lhr.runtimeError) throw new Error(`${page}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    found[page] = [];
    for (const [category, c] of Object.entries(lhr.categories)) {
      for (const ref of c.auditRefs) {
        const a = lhr.audits[ref.id];
        if (['notApplicable', 'informative', 'manual'].includes(a.scoreDisplayMode)) continue;
        if (a.score === null || a.score < 1) {
          const items = Array.isArray(a.details?.items) ? a.details.items : [];
          found[page].push({
            id: a.id,
            category,
            title: a.title,
            items: items.slice(0, 3).map((i) => i.node?.snippet || i.source?.snippet || i.url || JSON.stringify(i).slice(0, 200)),
          });
        }
      }
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
process.stdout.write(JSON.stringify(found));
