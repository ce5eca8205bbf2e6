// Small comforts only: every page works without this file.
(function () {
  "use strict";
  // Mobile menu toggle.
  var toggle = document.querySelector("[data-menu-toggle]");
  var nav = document.getElementById("nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Print buttons exist only where JS can print.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
  // Table headers follow the page's scroll. A table sits in a .table-wrap
  // that scrolls sideways when the table is wider than the page, which
  // makes CSS position: sticky stick to the wrapper instead of the page;
  // so the header cells are moved down by hand while the table's top is
  // above the window. Without this file the header simply scrolls away.
  var wraps = document.querySelectorAll(".table-wrap");
  function stickHeads() {
    wraps = document.querySelectorAll(".table-wrap"); // a live page swaps its tables
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i], head = w.querySelector("thead");
      if (!head) { continue; }
      var top = w.getBoundingClientRect().top;
      var room = w.offsetHeight - head.offsetHeight * 2;
      var y = top < 0 && room > 0 ? Math.min(-top, room) : 0;
      var t = y ? "translateY(" + Math.round(y) + "px)" : "";
      if (head.style.transform !== t) {
        head.style.transform = t;
        head.classList.toggle("stuck", y > 0);
      }
    }
  }
  if (wraps.length) {
    window.addEventListener("scroll", stickHeads, { passive: true });
    window.addEventListener("resize", stickHeads);
    stickHeads();
  }
  // Live pages (the window console, the printer page; ui/live.go): the
  // element with data-live names an event stream; on each "change" the
  // page is fetched afresh and every data-live-part is swapped for its
  // new version — except one where a form field has the focus, which
  // waits for the next change. Without this file the page is as fresh as
  // its last load.
  var live = document.querySelector("[data-live]");
  if (live && window.EventSource && window.fetch && window.DOMParser) {
    var busy = false, again = false, opened = 0;
    var refresh = function () {
      if (busy) { again = true; return; }
      busy = true;
      fetch(location.href, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (!html) { return; }
          var doc = new DOMParser().parseFromString(html, "text/html");
          document.querySelectorAll("[data-live-part]").forEach(function (el) {
            var name = el.getAttribute("data-live-part");
            var next = doc.querySelector('[data-live-part="' + name + '"]');
            var f = document.activeElement;
            if (!next || next.outerHTML === el.outerHTML) { return; }
            if (f && el.contains(f) && /^(INPUT|SELECT|TEXTAREA)$/.test(f.tagName)) { return; }
            el.replaceWith(document.importNode(next, true));
          });
          document.documentElement.setAttribute("data-live-at", String(Date.now()));
        })
        .catch(function () {})
        .then(function () {
          busy = false;
          if (again) { again = false; refresh(); }
        });
    };
    var es = new window.EventSource(live.getAttribute("data-live"));
    es.addEventListener("change", refresh);
    // A reconnect may have missed changes: read the page once more.
    es.addEventListener("open", function () { if (opened++ > 0) { refresh(); } });
  }
  // Destructive actions ask once, naming what will happen.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
})();
