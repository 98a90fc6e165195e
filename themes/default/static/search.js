/* plenary offline search. No dependencies, nothing from other hosts. Fetches the parts of the
   index a query needs from /search/<lang>/ and normalises queries with the same rules as the
   index builder (src/search/text.rs): lower case, combining marks removed, Arabic letter
   variants unified and the article dropped, Chinese/Japanese/Korean as character bigrams. */
(function (root) {
  "use strict";

  var ARTICLES = ["\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0641\u0627\u0644", "\u0643\u0627\u0644", "\u0627\u0644", "\u0644\u0644"];

  function isCjk(ch) {
    var n = ch.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) ||
      (n >= 0xf900 && n <= 0xfaff) || (n >= 0xac00 && n <= 0xd7af) || (n >= 0x20000 && n <= 0x2ffff);
  }

  function fold(word) {
    var w = word.normalize("NFD").replace(/\p{M}/gu, "")
      .replace(/\u0671/g, "\u0627").replace(/\u0629/g, "\u0647").replace(/\u0649/g, "\u064a")
      .replace(/[\u0640\u0621]/g, "");
    for (var i = 0; i < ARTICLES.length; i++) {
      var p = ARTICLES[i];
      if (w.indexOf(p) === 0 && Array.from(w.slice(p.length)).length >= 2) return w.slice(p.length);
    }
    return w;
  }

  function terms(text) {
    var out = [], word = "", cjk = [];
    function flushWord() {
      if (word) { var f = fold(word.toLowerCase()); if (f) out.push(f); word = ""; }
    }
    function flushCjk() {
      if (cjk.length === 1) out.push(cjk[0]);
      for (var i = 0; i + 1 < cjk.length; i++) out.push(cjk[i] + cjk[i + 1]);
      cjk = [];
    }
    for (var ch of text) {
      if (isCjk(ch)) { flushWord(); cjk.push(ch); }
      else if (/[\p{L}\p{N}]/u.test(ch) || (word && /\p{M}/u.test(ch))) { flushCjk(); word += ch; }
      else { flushWord(); flushCjk(); }
    }
    flushWord(); flushCjk();
    return out;
  }

  function shardKey(term) { return term.codePointAt(0).toString(16); }

  /* index: {meta, load(name) -> Promise<json|null>} */
  function search(index, query, limit) {
    var q = terms(query);
    if (!q.length) return Promise.resolve([]);
    var meta = index.meta;
    var total = meta.entries;
    return Promise.all(q.map(function (t) {
      var key = shardKey(t);
      if (meta.files.indexOf(key) < 0) return {};
      return index.load("t" + key + ".json").then(function (s) { return s || {}; });
    })).then(function (shards) {
      var scores = null;
      q.forEach(function (t, i) {
        var found = {};
        var shard = shards[i];
        Object.keys(shard).forEach(function (term) {
          var match = term.indexOf(t) === 0 || (t.indexOf(term) === 0 && Array.from(term).length >= 3);
          if (!match) return;
          var list = shard[term], id = 0, df = list.length / 2;
          var idf = Math.log(1 + total / df);
          for (var j = 0; j < list.length; j += 2) {
            id += list[j];
            found[id] = (found[id] || 0) + list[j + 1] * idf;
          }
        });
        if (scores === null) { scores = found; return; }
        var next = {};
        Object.keys(scores).forEach(function (id) { if (found[id] !== undefined) next[id] = scores[id] + found[id]; });
        scores = next;
      });
      var ids = Object.keys(scores || {}).map(Number);
      ids.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
      ids = ids.slice(0, limit || 20);
      var chunks = {};
      ids.forEach(function (id) { chunks[Math.floor(id / meta.chunk)] = true; });
      var names = Object.keys(chunks);
      return Promise.all(names.map(function (k) { return index.load("d" + k + ".json"); })).then(function (docs) {
        var byChunk = {};
        names.forEach(function (k, i) { byChunk[k] = docs[i] || []; });
        return ids.map(function (id) {
          var row = byChunk[Math.floor(id / meta.chunk)][id % meta.chunk] || ["", "", "", ""];
          return { url: row[0], title: row[1], heading: row[2], excerpt: row[3], score: scores[id] };
        });
      });
    });
  }

  function openIndex(base, fetchJson) {
    var cache = {};
    function load(name) {
      if (!cache[name]) cache[name] = fetchJson(base + name).catch(function () { return null; });
      return cache[name];
    }
    return load("meta.json").then(function (meta) {
      if (!meta) throw new Error("no search index at " + base);
      return { meta: meta, load: load };
    });
  }

  var api = { terms: terms, fold: fold, search: search, openIndex: openIndex };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }

  var form = document.querySelector("form.search-form");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var ready = openIndex(form.getAttribute("data-index"), function (url) {
    return fetch(url).then(function (r) { return r.ok ? r.json() : null; });
  });

  function run(query) {
    list.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    status.textContent = "Searching…";
    ready.then(function (index) { return search(index, query, 20); }).then(function (results) {
      status.textContent = results.length ? results.length + (results.length === 1 ? " result" : " results") : "No results.";
      results.forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = r.url;
        a.textContent = r.heading ? r.title + " › " + r.heading : r.title;
        a.setAttribute("dir", "auto");
        li.appendChild(a);
        if (r.excerpt) {
          var p = document.createElement("p");
          p.textContent = r.excerpt;
          p.setAttribute("dir", "auto");
          li.appendChild(p);
        }
        list.appendChild(li);
      });
    }).catch(function () { status.textContent = "The search index could not be loaded."; });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) { input.value = initial; run(initial); }
})(this);
