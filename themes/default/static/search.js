/* plenary offline search. No dependencies, nothing from other hosts.

   Queries are normalised exactly as the index builder normalises text (src/search/text.rs;
   tests/search_equal.rs proves it word for word): words are runs of letters, digits and marks;
   each is written in plain forms (full-width letters, ligatures, presentation forms; œ and æ
   as oe and ae), lower-cased, dropped if it is one of the language's stop words (the index lists
   them), stemmed by the same Snowball stemmer (stem/<language>.js beside this file, loaded
   by the page when the language is stemmed; in English, -ize endings written -ise first),
   then folded (marks removed, Arabic letter
   variants unified, the article dropped); Arabic is light-stemmed here instead (arabicStem,
   src/search/arabic.rs: the article and a few suffixes taken, so سياسة finds السياسات); Chinese/Japanese/Korean runs become bigrams, their
   traditional characters written simplified (search-hans.js, loaded for a query with Han
   characters; src/search/hans.rs).
   A stop word after a word of a label (title, heading, lead: "Hall A") is indexed with it as
   one term, "hall a"; a query holding such a pair keeps to the entries having it, when that
   leaves any (analyzer.pairs, search).
   A query word matches exactly the index term it normalises to, and (in a stemmed language)
   the term of the text's words that fold to the same spelling. The last word, unless a space
   follows it, is also completed: from the folded words of the text ("surfaces") that begin
   with what was typed (3 characters or more; one CJK character). The rule reads the query
   alone, so a query gives the same results while typed, after Enter and from a ?q= address.
   A query that finds nothing because the index lacks some of its words is answered for the
   nearest words of the text (searchNear: "goverment" for "governments"), never for short
   words, numbers or CJK.

   The index (/search/<lang>/) is sharded by key range: meta.json holds the first key of each
   shard, so each word loads one shard; entry texts (for snippets) load only for the results
   shown. This file is the engine (Node's tests require it; the page gets it as
   root.plenarySearch); the search page itself is search-page.js, which holds no text either. */
(function (root) {
  "use strict";

  var ARTICLES = ["\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0641\u0627\u0644", "\u0643\u0627\u0644", "\u0627\u0644", "\u0644\u0644"];
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var MARK = /\p{M}/u;
  var JOINER = /[\u200c\u200d]/;
  var MARKS = /\p{M}/gu;
  var PAGE = 20;
  var MIN_COMPLETION = 3;
  var MAX_COMPLETIONS = 64;
  /* src/search/text.rs is_pair_space */
  var PAIR_SPACE = /^[ \t\n\r\u00a0\u3000]+$/;

  /* src/search/text.rs NEWER: characters the index builder's tables know and browsers do not
     yet; separators on both sides */
  var NEWER = [[0x5c8, 0x5c9], [0xb53, 0xb54], [0x1ade, 0x1adf], [0x1aec, 0x1af0], [0x10ecb, 0x10ecf], [0x10ef0, 0x10ef9],
    [0x11df0, 0x11df0], [0x1d127, 0x1d128], [0x1d250, 0x1d252], [0x1d25b, 0x1d25c], [0x1d25f, 0x1d25f], [0x1d280, 0x1d281]];
  function isNewer(n) {
    for (var i = 0; i < NEWER.length; i++) if (n >= NEWER[i][0] && n <= NEWER[i][1]) return true;
    return false;
  }

  /* src/search/text.rs is_compat_form: full-width Latin, ligatures, presentation forms,
     written as the plain characters a reader types (NFKC) when those are word characters */
  var COMPAT = /^[\uFB00-\uFDFF\uFE70-\uFEFF\uFF01-\uFF5E]$/;
  var PLAIN = /^[\p{Alphabetic}\p{N}\p{M}]+$/u;
  /* src/search/text.rs DIGIT_ZEROS: each script's decimal digits, as ASCII digits */
  var DIGIT_ZEROS = [0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0,
    0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0];
  function asciiDigit(n) {
    for (var i = 0; i < DIGIT_ZEROS.length; i++) if (n >= DIGIT_ZEROS[i] && n < DIGIT_ZEROS[i] + 10) return String(n - DIGIT_ZEROS[i]);
    return null;
  }
  /* src/search/text.rs ligature: œ and æ as the two letters a reader types */
  var LIGATURES = { "\u0153": "oe", "\u0152": "OE", "\u00e6": "ae", "\u00c6": "AE" };
  function plainForms(w) {
    if (/^[\x00-\x7f]*$/.test(w)) return w;
    var out = "";
    for (var i = 0; i < w.length;) {
      var n = w.codePointAt(i), c = String.fromCodePoint(n), d = asciiDigit(n);
      if (JOINER.test(c)) { /* src/search/text.rs is_joiner: left out of the word's terms */ }
      else if (d !== null) out += d;
      else if (has(LIGATURES, c)) out += LIGATURES[c];
      else if (COMPAT.test(c)) { var p = c.normalize("NFKC"); out += PLAIN.test(p) ? p : c; }
      else out += c;
      i += c.length;
    }
    return out;
  }

  function isCjk(n) {
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) ||
      (n >= 0xf900 && n <= 0xfaff) || (n >= 0xac00 && n <= 0xd7af) || (n >= 0x20000 && n <= 0x2ffff);
  }

  /* src/search/text.rs letters: marks stripped, Arabic letter variants unified */
  function letters(word) {
    return word.normalize("NFD").replace(MARKS, function (m) { return isNewer(m.codePointAt(0)) ? m : ""; })
      .replace(/\u0671/g, "\u0627").replace(/\u0629/g, "\u0647").replace(/[\u0649\u06cc]/g, "\u064a").replace(/\u06a9/g, "\u0643")
      .replace(/[\u0640\u0621]/g, "");
  }

  function fold(word) {
    var w = letters(word);
    for (var i = 0; i < ARTICLES.length; i++) {
      var p = ARTICLES[i];
      if (w.indexOf(p) === 0 && Array.from(w.slice(p.length)).length >= 2) return w.slice(p.length);
    }
    return w;
  }

  /* src/search/arabic.rs light_stem: Arabic light stemming (light10 without the lone
     conjunction) of a word's letters: one prefix of AR_PREFIXES, then each of AR_SUFFIXES in
     turn, each only when two letters (code points) stay */
  var AR_PREFIXES = ["\u0627\u0644", "\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0643\u0627\u0644", "\u0641\u0627\u0644", "\u0644\u0644"];
  var AR_SUFFIXES = ["\u0647\u0627", "\u0627\u0646", "\u0627\u062a", "\u0648\u0646", "\u064a\u0646", "\u064a\u0647", "\u0647", "\u064a"];
  function arabicStem(w) {
    var len = Array.from(w).length, i, a;
    for (i = 0; i < AR_PREFIXES.length; i++) {
      a = AR_PREFIXES[i];
      if (w.indexOf(a) === 0 && len >= a.length + 2) { w = w.slice(a.length); len -= a.length; break; }
    }
    for (i = 0; i < AR_SUFFIXES.length; i++) {
      a = AR_SUFFIXES[i];
      if (len >= a.length + 2 && w.slice(w.length - a.length) === a) { w = w.slice(0, w.length - a.length); len -= a.length; }
    }
    return w;
  }
  /* stemmers written here, with no file under stem/ (meta.json names them) */
  var BUILTIN = { "arabic-light": function (lower) { return arabicStem(letters(lower)); } };

  /* Code point order, as Rust sorts the index keys (JavaScript's < compares UTF-16 units). */
  function cmp(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return i < a.length ? 1 : j < b.length ? -1 : 0;
  }

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  /* src/search/text.rs ise_spelling: an English word's -ize ending written -ise (three
     letters or more before it), so that both spellings stem alike */
  var IZE = [["izations", "isations"], ["ization", "isation"], ["izing", "ising"], ["ized", "ised"], ["izes", "ises"], ["ize", "ise"]];
  function iseSpelling(w) {
    for (var i = 0; i < IZE.length; i++) {
      var us = IZE[i][0];
      if (w.length >= us.length && w.slice(w.length - us.length) === us) {
        var before = w.slice(0, w.length - us.length);
        return Array.from(before).length >= 3 ? before + IZE[i][1] : w;
      }
    }
    return w;
  }

  /* stem: function(lowerCaseWord) -> stem, or null; stop: folded stop words; stemmer: its
     name ("english" writes -ize as -ise first); hans: traditional -> simplified character
     (a Map, from search-hans.js; src/search/hans.rs), or null before it is loaded. */
  function analyzer(stem, stop, stemmer, hans) {
    var stopSet = new Set(stop || []);
    var english = stemmer === "english";
    /* {surface, term, stop} of one non-CJK word; null when it folds to nothing */
    function word(w) {
      var lower = plainForms(w).toLowerCase();
      var surface = fold(lower);
      if (!surface) return null;
      if (stopSet.has(surface)) return { surface: surface, term: null, stop: true };
      var term = has(BUILTIN, stemmer) ? BUILTIN[stemmer](lower)
        : stem && !/[\ud800-\udfff]/.test(lower) ? fold(stem(english ? iseSpelling(lower) : lower)) : surface;
      if (!term) return null;
      return { surface: surface, term: term, stop: false };
    }
    /* Tokens of a text with their [start, end) in UTF-16 units; stop words only if keepStop. */
    function tokens(text, keepStop) {
      var out = [], start = -1, cjk = [], i = 0;
      function flushWord(end) {
        if (start < 0) return;
        var r = word(text.slice(start, end));
        if (r && (keepStop || !r.stop)) out.push({ surface: r.surface, term: r.term, stop: r.stop, start: start, end: end, cjk: false });
        start = -1;
      }
      function flushCjk() {
        function gram(a, b) {
          var t = "";
          for (var k = a; k <= b; k++) t += hans && hans.has(cjk[k].ch) ? hans.get(cjk[k].ch) : cjk[k].ch;
          return { surface: t, term: t, stop: false, start: cjk[a].at, end: cjk[b].at + cjk[b].ch.length, cjk: true };
        }
        if (cjk.length === 1) out.push(gram(0, 0));
        for (var k = 0; k + 1 < cjk.length; k++) out.push(gram(k, k + 1));
        cjk = [];
      }
      while (i < text.length) {
        var n = text.codePointAt(i), ch = String.fromCodePoint(n);
        if (isCjk(n)) { flushWord(i); cjk.push({ ch: ch, at: i }); }
        else if (!isNewer(n) && (WORD.test(ch) || (start >= 0 && (MARK.test(ch) || JOINER.test(ch))))) { flushCjk(); if (start < 0) start = i; }
        else { flushWord(i); flushCjk(); }
        i += ch.length;
      }
      flushWord(text.length); flushCjk();
      return out;
    }
    /* src/search/text.rs pairs: a label's word and the stop word after it, with white space
       alone between them, as one term ("hall a" for "Hall A") */
    function pairs(text) {
      var all = tokens(text, true), out = [];
      for (var k = 1; k < all.length; k++) {
        var a = all[k - 1], b = all[k];
        if (!a.cjk && !a.stop && b.stop && PAIR_SPACE.test(text.slice(a.end, b.start))) out.push(a.term + " " + b.surface);
      }
      return out;
    }
    return {
      word: word,
      tokens: tokens,
      pairs: pairs,
      terms: function (text) { return tokens(text, false).map(function (t) { return t.term; }); }
    };
  }

  /* The shard holding key: the last whose first key is <= key (-1 when before them all). */
  function shardOf(keys, key) {
    var lo = 0, hi = keys.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(keys[mid], key) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /* index: {meta, load(name) -> Promise<json|null>, analyzer, hans() -> Promise}. loadHans:
     a function giving (a promise of) search-hans.js's string of pairs, or none; hans() loads
     it once and from then on the analyzer folds traditional characters to simplified ones. */
  function openIndex(base, fetchJson, stem, loadHans) {
    var cache = {};
    function load(name) {
      if (!has(cache, name)) cache[name] = fetchJson(base + name).catch(function () { return null; });
      return cache[name];
    }
    return load("meta.json").then(function (meta) {
      if (!meta || meta.version !== 2) throw new Error("no search index at " + base);
      if (meta.stemmer && !has(BUILTIN, meta.stemmer) && typeof stem !== "function") throw new Error("the " + meta.stemmer + " stemmer is not loaded");
      var ix = { meta: meta, load: load, analyzer: analyzer(meta.stemmer ? stem : null, meta.stop, meta.stemmer), folds: false };
      var loading = null;
      ix.hans = function () {
        if (!loadHans) return Promise.resolve(ix);
        loading = loading || Promise.resolve(loadHans()).then(function (pairs) {
          var hans = new Map(), all = Array.from(pairs || "");
          for (var i = 0; i + 1 < all.length; i += 2) hans.set(all[i], all[i + 1]);
          ix.analyzer = analyzer(meta.stemmer ? stem : null, meta.stop, meta.stemmer, hans);
          return ix;
        }).catch(function () { return ix; });
        return loading;
      };
      return ix;
    });
  }

  function postings(ix, term) {
    var n = shardOf(ix.meta.terms, term);
    if (n < 0) return Promise.resolve(null);
    return ix.load("t" + n + ".json").then(function (s) { return s && has(s, term) ? s[term] : null; });
  }

  /* The term of a surface of the text, or null. */
  function surfaceTerm(ix, surface) {
    var n = shardOf(ix.meta.surfaces, surface);
    if (n < 0) return Promise.resolve(null);
    return ix.load("s" + n + ".json").then(function (s) {
      var lo = 0, hi = (s || []).length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1, c = cmp(s[mid][0], surface);
        if (c === 0) return s[mid][1];
        if (c < 0) lo = mid + 1; else hi = mid - 1;
      }
      return null;
    });
  }

  /* Keys of a kind ("terms" with t<n>, "surfaces" with s<n>) that begin with prefix: at most
     two shards are read, so a short prefix stays cheap. */
  function withPrefix(ix, kind, prefix) {
    var keys = ix.meta[kind], n = Math.max(shardOf(keys, prefix), 0), names = [];
    for (var k = n; k < keys.length && names.length < 2; k++) {
      if (k > n && keys[k].indexOf(prefix) !== 0) break;
      names.push((kind === "terms" ? "t" : "s") + k + ".json");
    }
    return Promise.all(names.map(ix.load)).then(function (shards) {
      var terms = [];
      shards.forEach(function (s) {
        if (!s) return;
        if (kind === "terms") Object.keys(s).forEach(function (t) { if (t.indexOf(prefix) === 0) terms.push(t); });
        else s.forEach(function (pair) { if (pair[0].indexOf(prefix) === 0) terms.push(pair[1]); });
      });
      return Array.from(new Set(terms)).slice(0, MAX_COMPLETIONS);
    });
  }

  /* Runs a query. The last word, when the query does not end with a space and it is no stop
     word (a whole stop word is dropped, as anywhere else), also matches words of the text
     that begin with it, however the query came (typed, submitted, from the
     address): the address holds the query as typed, so a shared link shows what was seen.
     Resolves to {total, ids (best first), words (terms to highlight), prefix, common}. */
  /* Words joined by hyphens ("micro-certification") are indexed also written as one word, for
     the text that writes them either way (src/search/run.rs, Run::joined): each part of such
     a query takes the joined word as another form of itself, so that both parts, or the joined
     word alone, are found — (micro or microcertif) and (certif or microcertif). */
  function joinHyphens(ix, query, all) {
    for (var i = 0; i < all.length; ) {
      var j = i;
      while (j + 1 < all.length && !all[j].cjk && !all[j + 1].cjk && all[j + 1].start === all[j].end + 1 &&
             "-\u2010\u2011".indexOf(query[all[j].end]) >= 0) j++;
      var written = query.slice(all[i].start, all[j].end);
      if (j > i && /\p{Alphabetic}/u.test(written)) {
        var one = ix.analyzer.tokens(written.replace(/[-\u2010\u2011]/g, ""), false)[0];
        if (one) for (var k = i; k <= j; k++) all[k].joined = one.term;
      }
      i = j + 1;
    }
  }

  var HAN = /\p{Script=Han}/u;
  function search(ix, query) {
    /* the table of traditional characters, only for a query that holds some */
    if (!ix.folds && HAN.test(query)) return ix.hans().then(function () { ix.folds = true; return search(ix, query); });
    var all = ix.analyzer.tokens(query, true);
    joinHyphens(ix, query, all);
    var last = all.length ? all[all.length - 1] : null;
    var open = last && last.end === query.length;
    var prefix = null;
    if (open && !last.stop && (last.cjk ? Array.from(last.surface).length === 1 : Array.from(last.surface).length >= MIN_COMPLETION)) {
      prefix = last.surface;
    }
    var words = all.filter(function (t, i) { return !t.stop && !(prefix !== null && i === all.length - 1); });
    var empty = { total: 0, ids: [], words: [], prefix: prefix, common: false, missing: [] };
    if (!words.length && prefix === null) {
      empty.common = all.length > 0;
      return Promise.resolve(empty);
    }
    /* every term the query names is asked for at once, beside the spellings below (which
       may add a term): on a slow link each round trip is most of the wait */
    var pairs = ix.analyzer.pairs(query);
    words.forEach(function (t) { postings(ix, t.term); if (t.joined) postings(ix, t.joined); });
    pairs.forEach(function (p) { postings(ix, p); });
    if (prefix !== null && !last.stop) postings(ix, last.term);
    /* a word also matches the words of the text spelled the same once folded, so that
       "universite" finds "université" although the stemmer sees two different words */
    var groups = words.map(function (t) {
      var forms = t.cjk || !ix.meta.stemmer ? Promise.resolve([t.term]) : surfaceTerm(ix, t.surface).then(function (other) {
        return other !== null && other !== t.term ? [t.term, other] : [t.term];
      });
      return forms.then(function (terms) { return t.joined && terms.indexOf(t.joined) < 0 ? terms.concat([t.joined]) : terms; });
    });
    if (prefix !== null) {
      groups.push(withPrefix(ix, last.cjk ? "terms" : "surfaces", prefix).then(function (terms) {
        if (!last.stop && terms.indexOf(last.term) < 0) terms.push(last.term);
        if (last.joined && terms.indexOf(last.joined) < 0) terms.push(last.joined);
        return terms;
      }));
    }
    var total = ix.meta.entries;
    var grouped = prefix !== null ? words.concat([last]) : words;
    return Promise.all(groups).then(function (groupTerms) {
      return Promise.all(groupTerms.map(function (terms) {
        return Promise.all(terms.map(function (t) { return postings(ix, t); }));
      })).then(function (lists) {
        return Promise.all(pairs.map(function (p) { return postings(ix, p); })).then(function (pairLists) {
          return { lists: lists, pairLists: pairLists };
        });
      }).then(function (fetched) {
        var lists = fetched.lists;
        var scores = null, matched = [], missing = [];
        lists.forEach(function (group, g) {
          var found = new Map();
          if (!group.some(function (list) { return list; })) missing.push(grouped[g]);
          group.forEach(function (list, k) {
            if (!list) return;
            matched.push(groupTerms[g][k]);
            var idf = Math.log(1 + total / (list.length / 2)), id = 0;
            for (var j = 0; j < list.length; j += 2) {
              id += list[j];
              found.set(id, (found.get(id) || 0) + list[j + 1] * idf);
            }
          });
          if (scores === null) { scores = found; return; }
          var next = new Map();
          scores.forEach(function (s, id) { if (found.has(id)) next.set(id, s + found.get(id)); });
          scores = next;
        });
        /* a pair of the query ("hall a") that labels entries keeps to them, when some of them
           hold the rest of the query too; else its stop word is dropped as anywhere else */
        fetched.pairLists.forEach(function (list) {
          if (!list) return;
          var idf = Math.log(1 + total / (list.length / 2)), id = 0, next = new Map();
          for (var j = 0; j < list.length; j += 2) {
            id += list[j];
            if (scores.has(id)) next.set(id, scores.get(id) + list[j + 1] * idf);
          }
          if (next.size) scores = next;
        });
        var ids = Array.from(scores.keys());
        ids.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
        return { total: ids.length, ids: ids, words: matched, prefix: prefix, common: false, missing: missing };
      });
    });
  }

  /* ---- typos ---- */

  /* The edits allowed to a word of n characters: none under 4, one up to 7, two beyond. */
  function allowed(n) { return n < 4 ? 0 : n <= 7 ? 1 : 2; }

  /* The edit distance of a and b (arrays of characters: a character added, left out, changed
     or two side by side swapped each count one), or max + 1 when it is more than max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        cur.push(d);
        if (d < low) low = d;
      }
      if (low > max) return max + 1;
      before = prev;
      prev = cur;
    }
    return Math.min(prev[b.length], max + 1);
  }

  /* The word of the text nearest a query word the index has no term for ("goverment"), or
     null: among the surfaces of the file the word's own spelling falls in (the words offered
     for completion, so a typo in a word's first letters may look in the wrong file), those
     within the edits its length allows; the nearest, then the one in most entries, then the
     first in code point order. CJK, words with digits and short words are never corrected. */
  function nearest(ix, t) {
    var typed = Array.from(t.surface), max = allowed(typed.length);
    if (t.cjk || !max || /\p{N}/u.test(t.surface) || !ix.meta.surfaces.length) return Promise.resolve(null);
    return ix.load("s" + Math.max(shardOf(ix.meta.surfaces, t.surface), 0) + ".json").then(function (s) {
      var best = max + 1, near = [];
      (s || []).forEach(function (pair) {
        var d = distance(typed, Array.from(pair[0]), best);
        if (d < best) { best = d; near = []; }
        if (d === best && d <= max) near.push(pair);
      });
      return Promise.all(near.map(function (pair) { return postings(ix, pair[1]); })).then(function (lists) {
        var count = near.map(function (pair, k) { return lists[k] ? lists[k].length / 2 : 0; });
        var order = near.map(function (pair, k) { return k; }).filter(function (k) { return count[k] > 0; });
        order.sort(function (x, y) { return count[y] - count[x] || cmp(near[x][0], near[y][0]); });
        return order.length ? near[order[0]][0] : null;
      });
    });
  }

  /* search, and when it finds nothing because the index lacks some of the query's words, the
     same query with each of them written as the nearest word of the text (nearest), when that
     finds something: result.corrected is the query so written. exact: the query as typed,
     never corrected (the page's "search instead for" link). */
  function searchNear(ix, query, exact) {
    return search(ix, query).then(function (result) {
      if (exact || result.total || !result.missing.length) return result;
      return Promise.all(result.missing.map(function (t) { return nearest(ix, t); })).then(function (near) {
        if (near.indexOf(null) >= 0) return result;
        var fixed = query;
        for (var k = near.length - 1; k >= 0; k--) {
          fixed = fixed.slice(0, result.missing[k].start) + near[k] + fixed.slice(result.missing[k].end);
        }
        return search(ix, fixed).then(function (r) {
          if (!r.total) return result;
          r.corrected = fixed;
          return r;
        });
      });
    });
  }

  /* The entries result.ids[from .. from+count): only their d<n>.json files are loaded. */
  function page(ix, result, from, count) {
    var ids = result.ids.slice(from, from + (count || PAGE));
    var docs = ix.meta.docs;
    var names = Array.from(new Set(ids.map(function (id) { return docShard(docs, id); })));
    return Promise.all(names.map(function (n) { return ix.load("d" + n + ".json"); })).then(function (files) {
      var byShard = {};
      names.forEach(function (n, i) { byShard[n] = files[i] || []; });
      return ids.map(function (id) {
        var n = docShard(docs, id);
        var row = byShard[n][id - docs[n]] || ["", "", "", "page", ""];
        /* a sixth field: the entry is written in that language, not the index's; a seventh:
           its lead (a forum's date, time, room), in the index's language */
        return { id: id, url: row[0], title: row[1], heading: row[2], kind: row[3], text: row[4],
          lang: row.length > 5 ? row[5] : ix.meta.lang, foreign: row.length > 5, lead: row[6] || "" };
      });
    });
  }

  function docShard(docs, id) {
    var lo = 0, hi = docs.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (docs[mid] <= id) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /* A passage of text around the first matched word, as [{text, mark}], matched words marked;
     "…" where the text is cut. */
  function snippet(ix, text, result, max) {
    max = max || 200;
    var words = new Set(result.words);
    var marks = ix.analyzer.tokens(text, false).filter(function (t) {
      return words.has(t.term) || (result.prefix !== null && t.surface.indexOf(result.prefix) === 0);
    });
    var start = 0;
    if (marks.length && marks[0].end > max * 0.6) {
      start = Math.max(0, marks[0].start - Math.floor(max / 4));
      var space = text.indexOf(" ", start);
      if (space >= 0 && space < marks[0].start) start = space + 1;
    }
    var end = Math.min(text.length, start + max);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > start + max / 2) end = cut;
    }
    var out = [], at = start;
    if (start > 0) out.push({ text: "…", mark: false });
    marks.forEach(function (m) {
      var s = Math.max(m.start, at), e = Math.min(m.end, end);
      if (e <= s) return;
      if (s > at) out.push({ text: text.slice(at, s), mark: false });
      var prev = out[out.length - 1];
      if (prev && prev.mark && s === at) prev.text += text.slice(s, e);
      else out.push({ text: text.slice(s, e), mark: true });
      at = e;
    });
    if (at < end) out.push({ text: text.slice(at, end), mark: false });
    if (end < text.length) out.push({ text: "…", mark: false });
    return out;
  }

  /* [word character, combining mark] as tokens() sees a code point (for the equality test) */
  function classify(n) {
    var ch = String.fromCodePoint(n);
    return [!isNewer(n) && WORD.test(ch), !isNewer(n) && MARK.test(ch)];
  }

  var api = { classify: classify, fold: fold, cmp: cmp, analyzer: analyzer, openIndex: openIndex, search: search, page: page, snippet: snippet,
    searchNear: searchNear, distance: distance, nearest: nearest, PAGE: PAGE, has: has };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.plenarySearch = api;
})(this);
