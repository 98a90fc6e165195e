/* plenary offline search: the search page (search.html), on the engine of search.js, which
   the page loads first (root.plenarySearch). Every text shown comes from the page
   (#search-strings), in its language. */
(function (root) {
  "use strict";

  var api = root.plenarySearch;
  var form = document.querySelector("form.search-form[data-index]");
  if (!api || !form) return;
  var openIndex = api.openIndex, searchNear = api.searchNear, page = api.page, snippet = api.snippet, has = api.has, PAGE = api.PAGE;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var stringsEl = document.getElementById("search-strings");
  var strings = stringsEl ? JSON.parse(stringsEl.textContent) : {};
  var lang = document.documentElement.lang || undefined;
  var dir = document.documentElement.dir || "ltr";
  /* the site's other languages: code -> {dir, note ("In English", in the page's language)} */
  var others = {};
  (strings.languages || []).forEach(function (l) { others[l[0]] = { dir: l[1], note: l[2] }; });
  var numbers = new Intl.NumberFormat(lang);
  var plurals = new Intl.PluralRules(lang);
  var ready = openIndex(form.getAttribute("data-index"), function (url) {
    return fetch(url).then(function (r) { return r.ok ? r.json() : null; });
  }, root.plenaryStem, function () {
    /* search-hans.js, asked for only by a query that holds Han characters */
    var url = form.getAttribute("data-hans");
    if (!url) return "";
    return new Promise(function (done, failed) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () { done(root.plenaryHans || ""); };
      script.onerror = failed;
      document.head.appendChild(script);
    });
  });
  var current = null, shown = 0, seq = 0, timer = 0;

  function say(key) { status.textContent = strings[key] || ""; }
  function countText(n) {
    var c = strings.count || {};
    return (c[plurals.select(n)] || c.other || "{n}").replace("{n}", numbers.format(n));
  }

  function render(ix, rows, result) {
    var first = null;
    rows.forEach(function (r) {
      /* the title and snippet in the language and direction they are written in; the page's
         own words (kind, note) in the page's */
      var other = r.foreign && has(others, r.lang) ? others[r.lang] : null;
      function written(el) {
        el.setAttribute("lang", r.lang);
        el.setAttribute("dir", other ? other.dir : dir);
        return el;
      }
      var li = document.createElement("li");
      var a = written(document.createElement("a"));
      a.href = r.url;
      a.textContent = r.heading && r.heading !== r.title ? r.title + " › " + r.heading : r.title;
      li.appendChild(a);
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = (strings.kinds || {})[r.kind] || "";
      li.appendChild(document.createTextNode(" "));
      li.appendChild(kind);
      if (other) {
        var note = document.createElement("span");
        note.className = "search-lang";
        note.textContent = other.note;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(note);
      }
      if (r.lead) {
        /* the page's own words about the entry, in the page's language and direction */
        var lead = document.createElement("p");
        lead.className = "search-lead";
        lead.textContent = r.lead;
        li.appendChild(lead);
      }
      if (r.text) {
        var p = written(document.createElement("p"));
        snippet(ix, r.text, result).forEach(function (part) {
          if (part.mark) { var m = document.createElement("mark"); m.textContent = part.text; p.appendChild(m); }
          else p.appendChild(document.createTextNode(part.text));
        });
        li.appendChild(p);
      }
      list.appendChild(li);
      if (!first) first = a;
    });
    shown += rows.length;
    more.hidden = shown >= result.total;
    return first;
  }

  /* after no results: the same query on the site's other languages' search pages (a reader
     typing Arabic or Chinese on the English page finds nothing there); their addresses are
     the language switch's, which on this page lead to those pages */
  var elsewhere = document.createElement("p");
  elsewhere.className = "search-elsewhere";
  elsewhere.hidden = true;
  status.parentNode.insertBefore(elsewhere, status.nextSibling);
  function offerElsewhere(query) {
    elsewhere.textContent = "";
    var links = [].slice.call(document.querySelectorAll(".lang-switch a[hreflang]:not([aria-current])"));
    elsewhere.hidden = !query || !links.length || !strings.elsewhere;
    if (elsewhere.hidden) return;
    elsewhere.appendChild(document.createTextNode(strings.elsewhere + " "));
    links.forEach(function (l, i) {
      var url = new URL(l.getAttribute("href"), window.location.href);
      url.searchParams.set("q", query);
      var a = document.createElement("a");
      a.href = url.pathname + url.search;
      a.lang = l.lang;
      a.hreflang = l.getAttribute("hreflang");
      a.dir = l.dir;
      a.textContent = l.textContent;
      if (i) elsewhere.appendChild(document.createTextNode(" · "));
      elsewhere.appendChild(a);
    });
  }

  /* a query answered for the nearest words of the site (search.js searchNear: "goverment"
     gives the results of "governments"): "Showing results for governments. Search instead for
     goverment.", the second a link to the query as typed (?exact=1: never corrected) */
  var corrected = document.createElement("p");
  corrected.className = "search-corrected";
  corrected.setAttribute("aria-live", "polite");
  corrected.hidden = true;
  status.parentNode.insertBefore(corrected, status.nextSibling);
  function sayCorrected(result, typed) {
    corrected.textContent = "";
    corrected.hidden = !result || !result.corrected || !strings.corrected || !strings.as_typed;
    if (corrected.hidden) return;
    /* a theme string with the query in its place: "Showing results for {query}." */
    function line(text, query) {
      var at = text.indexOf("{query}");
      corrected.appendChild(document.createTextNode(at < 0 ? text : text.slice(0, at)));
      if (at >= 0) corrected.appendChild(query);
      if (at >= 0) corrected.appendChild(document.createTextNode(text.slice(at + "{query}".length)));
    }
    var fixed = document.createElement("strong");
    fixed.textContent = result.corrected;
    fixed.dir = "auto";
    line(strings.corrected, fixed);
    corrected.appendChild(document.createTextNode(" "));
    var url = new URL(window.location.href), a = document.createElement("a");
    url.searchParams.set("q", typed);
    url.searchParams.set("exact", "1");
    a.href = url.pathname + url.search;
    a.textContent = typed;
    a.dir = "auto";
    line(strings.as_typed, a);
  }

  /* The results' list keeps a screenful of room (style.css) while a query is looked up, so
     that results appearing move nothing in view: the footer is below the fold. Once the answer
     is shown the list takes the room it needs ("data-sized"), so that no results or a few
     results do not sit above an empty screen. The footer is hidden (class "search-moving")
     for the two frames in which it moves: an element moving in view is a layout shift, one
     appearing is not. */
  var moves = 0;
  function room(reserve) {
    if (list.hasAttribute("data-sized") !== reserve) return;
    var html = document.documentElement, mine = ++moves;
    html.classList.add("search-moving");
    if (reserve) list.removeAttribute("data-sized"); else list.setAttribute("data-sized", "");
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { if (mine === moves) html.classList.remove("search-moving"); });
    });
  }

  function run(query, exact) {
    var mine = ++seq;
    offerElsewhere("");
    sayCorrected(null);
    if (!query.trim()) {
      list.textContent = ""; status.textContent = ""; more.hidden = true; current = null; room(false);
      return;
    }
    room(true);
    say("searching");
    ready.then(function (ix) {
      return searchNear(ix, query, exact).then(function (result) {
        return page(ix, result, 0, PAGE).then(function (rows) {
          if (mine !== seq) return;
          list.textContent = "";
          shown = 0;
          current = { ix: ix, result: result };
          if (result.common) say("stop");
          else if (!result.total) { say("none"); offerElsewhere(query); }
          else status.textContent = countText(result.total);
          sayCorrected(result, query);
          render(ix, rows, result);
          room(false);
        });
      });
    }).catch(function () { if (mine === seq) { say("error"); room(false); } });
  }

  function remember(query) {
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    url.searchParams.delete("exact");
    window.history.replaceState(null, "", url);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    remember(input.value);
    run(input.value);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(input.value); run(input.value); }, 150);
  });
  more.addEventListener("click", function () {
    if (!current) return;
    var c = current;
    page(c.ix, c.result, shown, PAGE).then(function (rows) {
      if (c !== current) return;
      var first = render(c.ix, rows, c.result);
      if (first) first.focus();
    });
  });

  /* arrow keys: from the box into the results and between them; Escape goes back */
  function links() { return Array.prototype.slice.call(list.querySelectorAll("li > a")); }
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
  });
  list.addEventListener("keydown", function (e) {
    var all = links(), i = all.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowDown" && i + 1 < all.length) { e.preventDefault(); all[i + 1].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
    else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
  });

  var address = new URL(window.location.href).searchParams, initial = address.get("q");
  if (initial) { input.value = initial; run(initial, address.has("exact")); } else room(false);
})(this);
