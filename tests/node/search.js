// Runs the real search.js (and the site's stemmer) in Node for the Rust tests.
// stdin: {"public": dir, "lang": code, "op": "search" | "tokens", ...}; stdout: JSON.
//   search: {"queries": [{"q": text, "all": bool, "near": bool, "exact": bool}]} -> per query
//           {total, common, corrected, results: [{url, title, heading, kind, lang, foreign, snippet: [[text, mark]]}]}
//           (the first 20 results, or all of them when "all"; with "near", a query the index
//           lacks words of is answered for the nearest words, searchNear, unless "exact")
//   distance: {"pairs": [[a, b, max]]} -> per pair the edit distance search.js counts (max + 1 beyond max)
//   tokens: {"texts": [text]} -> per text [[surface, term]] (stop words left out)
//   pairs: {"texts": [text]} -> per text the label pairs ("hall a") of analyzer.pairs
//   classes: {} -> [code point, word, mark, lower case, NFD] of every word or mark character
"use strict";
const fs = require("fs");
const path = require("path");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const api = require(path.join(input.public, "search.js"));
const base = path.join(input.public, "search", input.lang) + path.sep;
const meta = JSON.parse(fs.readFileSync(base + "meta.json", "utf8"));
// a stemmer with no file of its own (Arabic) is part of search.js
const stemFile = meta.stemmer && path.join(input.public, "stem", meta.stemmer + ".js");
const stem = stemFile && fs.existsSync(stemFile) ? require(stemFile) : null;
const fetched = [];
const read = (file) => {
  fetched.push(path.basename(file));
  return Promise.resolve(JSON.parse(fs.readFileSync(file, "utf8")));
};
// the table of traditional characters, as the page loads it (for a query with Han characters)
const hans = () => require(path.join(input.public, "search-hans.js"));
api.openIndex(base, read, stem, hans).then(async (ix) => {
  // the analysers compared with Rust's fold as the index does
  if (input.op !== "search") await ix.hans();
  if (input.op === "classes") {
    // every code point that is part of words: [code point, word, mark, lower case, NFD]
    const out = [];
    for (let n = 0; n < 0x110000; n++) {
      if (n >= 0xd800 && n <= 0xdfff) continue;
      const [word, mark] = api.classify(n);
      if (!word && !mark) continue;
      const ch = String.fromCodePoint(n);
      out.push([n, word, mark, ch.toLowerCase(), ch.normalize("NFD")]);
    }
    console.log(JSON.stringify(out));
    return;
  }
  if (input.op === "tokens") {
    const out = input.texts.map((t) => ix.analyzer.tokens(t, false).map((k) => [k.surface, k.term]));
    console.log(JSON.stringify(out));
    return;
  }
  if (input.op === "distance") {
    console.log(JSON.stringify(input.pairs.map(([a, b, max]) => api.distance(Array.from(a), Array.from(b), max))));
    return;
  }
  if (input.op === "pairs") {
    console.log(JSON.stringify(input.texts.map((t) => ix.analyzer.pairs(t))));
    return;
  }
  const out = [];
  for (const q of input.queries) {
    fetched.length = 0;
    const result = q.near ? await api.searchNear(ix, q.q, !!q.exact) : await api.search(ix, q.q);
    const rows = await api.page(ix, result, 0, q.all ? result.total : 20);
    out.push({
      total: result.total,
      common: result.common,
      corrected: result.corrected === undefined ? null : result.corrected,
      fetched: fetched.slice(),
      results: rows.map((r) => ({
        url: r.url, title: r.title, heading: r.heading, kind: r.kind, lang: r.lang, foreign: r.foreign,
        snippet: api.snippet(ix, r.text, result).map((p) => [p.text, p.mark]),
      })),
    });
  }
  console.log(JSON.stringify(out));
}).catch((e) => { console.error(e && e.stack || e); process.exit(1); });
