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
  // Destructive actions ask once, naming what will happen.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
})();
