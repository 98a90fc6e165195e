// plenary serve: live reload and the build-error overlay. Injected by the dev server only.
(function () {
  "use strict";
  var base = "/__plenary/";
  var box = null;

  function showError(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "plenary-error-overlay";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-label", "Build error");
      box.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.93);" +
        "color:#fff;padding:2rem;font:14px/1.5 ui-monospace,monospace;direction:ltr;text-align:left";
      var h = document.createElement("p");
      h.style.cssText = "font:bold 16px sans-serif;margin:0 0 1rem;color:#ff8a80";
      h.textContent = "plenary: the site has an error — the last good version is shown underneath.";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      box.appendChild(h);
      box.appendChild(pre);
    }
    box.lastChild.textContent = text;
    if (!box.parentNode) document.documentElement.appendChild(box);
  }

  function hideError() {
    if (box && box.parentNode) box.parentNode.removeChild(box);
  }

  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("plenary", Date.now());
      links[i].href = url.toString();
    }
  }

  // reload, or go to the nearest parent page when this one no longer exists
  function reload() {
    function tryPath(path) {
      fetch(path, { method: "HEAD", cache: "no-store" }).then(function (r) {
        if (r.ok || path === "/") {
          if (path === location.pathname) location.reload();
          else location.href = path;
        } else {
          tryPath(path.replace(/[^\/]+\/?$/, ""));
        }
      }, function () { location.reload(); });
    }
    tryPath(location.pathname);
  }

  // the address of this page as the server names pages ("/forums/x/", "/404.html")
  function here() {
    var path = location.pathname.replace(/\/index\.html$/, "/");
    try { return decodeURIComponent(path); } catch (e) { return path; }
  }

  function handle(m) {
    if (m.type === "error") return showError(m.text);
    if (m.type === "hello") return;
    hideError();
    if (m.type === "css") swapCss();
    // a reload names the pages that changed; other pages stay as they are
    else if (m.type === "reload" && (!m.pages || m.pages.indexOf(here()) >= 0)) reload();
  }

  function poll(since) {
    fetch(base + "poll?since=" + since, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (m) {
        if (since !== 0 || m.type === "error") handle(m);
        poll(m.gen);
      }, function () { setTimeout(function () { poll(since); }, 1000); });
  }

  if (window.EventSource) {
    var es = new EventSource(base + "events");
    es.onmessage = function (e) { handle(JSON.parse(e.data)); };
  } else {
    poll(0);
  }
})();
