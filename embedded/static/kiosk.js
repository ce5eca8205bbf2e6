// Live pages of 考勤. Both work without this file (they reload themselves);
// with it they update at once:
//  - the attendance kiosk ([data-kiosk]) listens to the clock's events
//    (Server-Sent Events) and shows each for a while, then the idle screen;
//  - the enrolment job page ([data-enrol-job]) polls the job's JSON.
// Plain ES5 and no build step: the office PCs run old browsers.
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // ---- attendance kiosk ----
  function kiosk(root) {
    var stage = root.querySelector("[data-stage]");
    // Show the box's time, not the browser's: keep the offset between the
    // two clocks and the box's time zone.
    var skew = Number(root.getAttribute("data-now")) - Date.now();
    var tz = Number(root.getAttribute("data-tz")) || 0;
    var showFor = Number(root.getAttribute("data-show-ms")) || 10000;
    var idleTimer = null;
    // The sensor's state and the stream's, as last heard: the resting
    // screen is the prompt only when both are fine (one state at a time).
    var online = stage.getAttribute("data-kind") !== "offline";
    var lost = false;

    function boxTime() { return new Date(Date.now() + skew + tz * 60000); } // read with getUTC*
    var day = boxTime().getUTCDate();

    function tick() {
      var t = boxTime();
      if (t.getUTCDate() !== day && idleTimer === null) {
        window.location.reload(); // a new day: the date line is rendered by the box
        return;
      }
      var el = stage.querySelector("[data-clock]");
      if (el) { el.textContent = pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes()) + ":" + pad(t.getUTCSeconds()); }
    }

    function fromTemplate(kind) {
      var tpl = document.getElementById("kiosk-tpl-" + kind);
      if (!tpl || !tpl.content) { return null; }
      return document.importNode(tpl.content, true);
    }

    function put(kind, node) {
      while (stage.firstChild) { stage.removeChild(stage.firstChild); }
      stage.appendChild(node);
      stage.setAttribute("data-kind", kind);
    }

    // rest shows the resting screen: the prompt, or why there is none.
    function rest() {
      idleTimer = null;
      var kind = lost ? "lost" : (online ? "idle" : "offline");
      var node = fromTemplate(kind);
      if (node) { put(kind, node); tick(); }
    }
    function resting() { return idleTimer === null; }

    function field(node, name) { return node.querySelector('[data-f="' + name + '"]'); }

    function show(kind, ev) {
      var node = fromTemplate(kind);
      if (!node) { return; }
      var el = field(node, "name");
      if (el) { el.textContent = ev.name || ""; }
      el = field(node, "clock");
      if (el) { el.textContent = ev.clock || ""; }
      el = field(node, "ordinal");
      if (el) { el.textContent = ev.ordinal ? el.getAttribute("data-fmt").replace("{n}", ev.ordinal) : ""; }
      el = field(node, "unsure");
      if (el) { el.hidden = !ev.unsure; }
      put(kind, node);
      if (idleTimer !== null) { clearTimeout(idleTimer); }
      idleTimer = setTimeout(rest, showFor);
    }

    function banner(name, on) {
      var el = root.querySelector('[data-banner="' + name + '"]');
      if (el) { el.hidden = !on; }
    }

    var first = stage.getAttribute("data-kind");
    if (first !== "idle" && first !== "offline") {
      idleTimer = setTimeout(rest, Number(root.getAttribute("data-left-ms")) || showFor);
    }
    setInterval(tick, 1000);

    if (!window.EventSource) {
      setTimeout(function () { window.location.reload(); }, 5000);
      return;
    }
    var es = new window.EventSource(root.getAttribute("data-events"));
    ["punch", "duplicate", "no_match", "bad_image", "error"].forEach(function (kind) {
      es.addEventListener(kind, function (e) {
        try { show(kind, JSON.parse(e.data)); } catch (err) { /* a malformed event: ignore */ }
      });
    });
    function setState(on, gone) {
      var changed = on !== online || gone !== lost;
      online = on;
      lost = gone;
      if (changed && resting()) { rest(); }
    }
    es.addEventListener("status", function (e) {
      try {
        var s = JSON.parse(e.data);
        banner("unsure", s.unsure);
        setState(!!s.online, false);
      } catch (err) { /* ignore */ }
    });
    es.onopen = function () { setState(online, false); };
    es.onerror = function () {
      // EventSource reconnects by itself; CLOSED means the box said there
      // is no sensor (204): the rendered screen already says so; or that
      // too many screens listen (503): reload later to try again.
      if (es.readyState !== window.EventSource.CLOSED) { setState(online, true); return; }
      setTimeout(function () { window.location.reload(); }, 60000);
    };
  }

  // ---- enrolment job ----
  function enrolJob(root) {
    var url = root.getAttribute("data-enrol-job");
    var every = Number(root.getAttribute("data-poll-ms")) || 500;
    var text = root.querySelector("[data-job-text]");
    var detail = root.querySelector("[data-job-detail]");
    var steps = root.querySelectorAll("[data-step]");

    function update(j) {
      if (text.textContent !== j.text) { text.textContent = j.text; }
      if (detail.textContent !== (j.detail || "")) { detail.textContent = j.detail || ""; }
      var seen = false;
      for (var i = 0; i < steps.length; i++) {
        var li = steps[i], s = li.getAttribute("data-step");
        var state = seen ? "todo" : (s === j.step ? "current" : "done");
        if (s === j.step) { seen = true; }
        if (j.state === "done") { state = "done"; }
        li.className = "step-" + state;
        if (state === "current") { li.setAttribute("aria-current", "step"); } else { li.removeAttribute("aria-current"); }
      }
      root.setAttribute("data-state", j.state);
      if (j.state !== "running") {
        // The finished page has the next actions; the box renders them.
        window.location.reload();
        return;
      }
      setTimeout(poll, every);
    }

    function poll() {
      var xhr = new XMLHttpRequest();
      xhr.open("GET", url, true);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.onload = function () {
        if (xhr.status === 200) {
          try { update(JSON.parse(xhr.responseText)); return; } catch (err) { /* fall through */ }
        }
        window.location.reload(); // gone (404) or odd: let the page say so
      };
      xhr.onerror = function () { setTimeout(poll, 2000); };
      xhr.send();
    }

    if (root.getAttribute("data-state") === "running") { setTimeout(poll, every); }
  }

  var k = document.querySelector("[data-kiosk]");
  if (k) { kiosk(k); }
  var j = document.querySelector("[data-enrol-job]");
  if (j) { enrolJob(j); }
})();
