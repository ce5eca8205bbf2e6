// The queue's public screens, live: the hall display ([data-hall=display])
// and a window's display ([data-hall=window]) listen to /hall/events
// (Server-Sent Events; EventSource reconnects by itself). Every message is
// the whole board; a call carries its announcement, which the hall display
// plays: a chime, then the call — spoken by the browser's speech synthesis
// when it has a voice for the page's language (zh-CN), else assembled
// from the clips shipped in the binary (/static/voice/*.ogg).
//
// Browsers keep sound off until someone touches the page: the display
// shows "点击开启语音" until then (deploy/ starts the hall's browser with
// autoplay allowed, and the button never shows).
//
// For tests, window.bianminHall.plans lists the announcements the page
// meant to play ({mode, steps}), .played the steps it played and .callAt
// when (Date.now()) the last call arrived.
// Plain ES5 and no build step.
(function () {
  "use strict";

  var root = document.querySelector("[data-hall]");
  if (!root || root.getAttribute("data-hall") === "pick") { return; }
  var kind = root.getAttribute("data-hall");
  var state = { plans: [], played: [], unlocked: false, board: null, callAt: 0 };
  window.bianminHall = state;

  function attr(name) { return root.getAttribute(name) || ""; }
  function fmt(s, m) {
    return s.replace(/\{(\w+)\}/g, function (_, k) { return m[k] === undefined || m[k] === null ? "" : String(m[k]); });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function field(node, name) { return node.querySelector('[data-f="' + name + '"]'); }
  function setText(node, name, text) {
    var el = field(node, name);
    if (el && el.textContent !== text) { el.textContent = text; }
  }
  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }
  function fromTemplate(id) {
    var tpl = document.getElementById(id);
    return tpl && tpl.content ? document.importNode(tpl.content, true) : null;
  }
  function flash(el) {
    if (!el) { return; }
    el.classList.remove("h-flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("h-flash");
  }

  // ---- the box's clock (not the browser's) ----
  var skew = Number(attr("data-now")) - Date.now();
  var tz = Number(attr("data-tz")) || 0;
  function tick() {
    var t = new Date(Date.now() + skew + tz * 60000);
    var el = root.querySelector("[data-clock]");
    if (el) { el.textContent = pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes()); }
  }
  setInterval(tick, 10000);

  // ---- the hall display's board ----
  function windowCard(w) {
    var node = fromTemplate("h-tpl-window");
    var li = node.querySelector("li");
    li.setAttribute("data-window-no", w.number);
    li.className = "h-win" + (w.ticket ? " h-win-busy" : (w.paused ? " h-win-paused" : ""));
    setText(li, "no", fmt(attr("data-window-fmt"), { n: w.number }));
    setText(li, "ticket", w.ticket || "—");
    setText(li, "service", w.service || "");
    field(li, "paused").hidden = !w.paused;
    return li;
  }

  function listItem(cls, left, right, leftCls, rightCls) {
    var li = document.createElement("li");
    if (cls) { li.className = cls; }
    var a = document.createElement("span"), b = document.createElement("span");
    a.className = leftCls;
    b.className = rightCls;
    if (typeof left === "string") { a.textContent = left; } else { a.appendChild(left); }
    b.textContent = right;
    li.appendChild(a);
    li.appendChild(b);
    return li;
  }

  function renderDisplay(m) {
    var b = m.board, i;
    var latest = root.querySelector("[data-latest]");
    if (latest) {
      clear(latest);
      if (b.recent && b.recent.length) {
        var t = document.createElement("p"), to = document.createElement("p");
        t.className = "h-latest-ticket";
        t.setAttribute("data-f", "ticket");
        t.textContent = b.recent[0].ticket;
        to.className = "h-latest-to";
        to.setAttribute("data-f", "to");
        to.textContent = fmt(attr("data-to-fmt"), { n: b.recent[0].window });
        latest.appendChild(t);
        latest.appendChild(to);
      } else {
        latest.appendChild(fromTemplate("h-tpl-latest-none"));
      }
    }
    var wins = root.querySelector("[data-windows]");
    if (wins) {
      clear(wins);
      var n = (b.windows || []).length;
      wins.className = "h-windows" + (n > 15 ? " h-windows-l" : (n > 8 ? " h-windows-m" : ""));
      for (i = 0; i < (b.windows || []).length; i++) { wins.appendChild(windowCard(b.windows[i])); }
    }
    var recent = root.querySelector("[data-recent]");
    if (recent) {
      clear(recent);
      for (i = 0; i < (b.recent || []).length; i++) {
        recent.appendChild(listItem("", b.recent[i].ticket, fmt(attr("data-window-fmt"), { n: b.recent[i].window }), "h-r-ticket", "h-r-to"));
      }
      if (!recent.firstChild) { recent.appendChild(fromTemplate("h-tpl-recent-none")); }
    }
    var waiting = root.querySelector("[data-waiting]");
    if (waiting) {
      clear(waiting);
      for (i = 0; i < (b.waiting || []).length; i++) {
        var s = b.waiting[i];
        var name = document.createElement("span");
        var prefix = document.createElement("b");
        prefix.textContent = s.prefix;
        name.appendChild(prefix);
        name.appendChild(document.createTextNode(" " + s.service));
        waiting.appendChild(listItem("", name, fmt(attr("data-people-fmt"), { n: s.waiting }), "h-w-service", "h-w-n"));
      }
    }
    renderNotices(m.notices || []);
    if (m.call) {
      flash(latest);
      flash(root.querySelector('[data-windows] [data-window-no="' + m.call.window + '"]'));
    }
  }

  // The notices show one at a time, each for noticeEvery.
  var noticeEvery = 8000, noticeTimer = null, noticeKey = null;
  function renderNotices(list) {
    var box = root.querySelector("[data-notices]");
    if (!box) { return; }
    var key = list.join("\n");
    if (key === noticeKey) { return; }
    noticeKey = key;
    var ul = box.querySelector("ul");
    clear(ul);
    for (var i = 0; i < list.length; i++) {
      var li = document.createElement("li");
      li.textContent = list[i];
      ul.appendChild(li);
    }
    box.hidden = list.length === 0;
    if (noticeTimer !== null) { clearInterval(noticeTimer); noticeTimer = null; }
    box.removeAttribute("data-rotating");
    if (list.length > 1) {
      var at = 0;
      box.setAttribute("data-rotating", "");
      ul.children[0].className = "h-on";
      noticeTimer = setInterval(function () {
        ul.children[at].className = "";
        at = (at + 1) % ul.children.length;
        ul.children[at].className = "h-on";
      }, noticeEvery);
    }
  }

  // ---- a window's own display ----
  function renderWindow(m) {
    var no = Number(attr("data-window"));
    var main = root.querySelector("[data-state]");
    var w = null;
    for (var i = 0; i < (m.board.windows || []).length; i++) {
      if (m.board.windows[i].number === no) { w = m.board.windows[i]; }
    }
    var st = "closed";
    if (w) { st = w.ticket ? "serving" : (w.paused ? "paused" : (w.open ? "idle" : "closed")); }
    main.setAttribute("data-state", st);
    setText(main, "ticket", w && w.ticket ? w.ticket : "");
    setText(main, "service", w && w.service ? w.service : "");
    field(main, "rate").hidden = !(w && w.rate_prompt);
  }

  // ---- the announcement ----
  var voice = { mode: attr("data-voice"), volume: Number(attr("data-volume")), repeat: Number(attr("data-repeat")) };
  var speechLang = attr("data-speech-lang").toLowerCase();
  var clipURL = attr("data-clip-url");

  // speechVoice is the browser's voice for the page's language, or null.
  function speechVoice() {
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) { return null; }
    var vs = window.speechSynthesis.getVoices() || [];
    for (var i = 0; i < vs.length; i++) {
      if (String(vs[i].lang).replace("_", "-").toLowerCase() === speechLang) { return vs[i]; }
    }
    return null;
  }

  // plan is what an announcement plays: steps "clip:NAME", "pause" and
  // "say:TEXT", in order.
  function plan(call, v, haveSpeech) {
    if (!call || v.mode === "off") { return { mode: "off", steps: [] }; }
    var steps = [], i;
    if (v.mode === "auto" && haveSpeech) {
      var text = fmt(attr("data-say"), { ticket: call.spoken, window: call.window });
      steps.push("clip:chime");
      for (i = 0; i < call.repeat; i++) { steps.push("say:" + text); }
      return { mode: "speech", steps: steps };
    }
    for (i = 0; i < call.clips.length; i++) {
      steps.push(call.clips[i] === "pause" ? "pause" : "clip:" + call.clips[i]);
    }
    return { mode: "clips", steps: steps };
  }
  state.plan = plan;

  var ctx = null;
  function audio() {
    if (ctx === null) {
      var AC = window.AudioContext || window.webkitAudioContext;
      ctx = AC ? new AC() : false;
    }
    return ctx || null;
  }

  // Clips are fetched and decoded once, then kept.
  var buffers = {};
  function clip(name, done) {
    var c = audio();
    if (!c) { done(null); return; }
    if (buffers[name]) { done(buffers[name]); return; }
    var xhr = new XMLHttpRequest();
    xhr.open("GET", clipURL + name + ".ogg");
    xhr.responseType = "arraybuffer";
    xhr.onload = function () {
      if (xhr.status !== 200) { done(null); return; }
      c.decodeAudioData(xhr.response, function (buf) { buffers[name] = buf; done(buf); }, function () { done(null); });
    };
    xhr.onerror = function () { done(null); };
    xhr.send();
  }

  var queue = [], playing = false;
  var pauseMS = 450, sayLimitMS = 15000;

  function playStep(step, next) {
    if (step === "pause") { state.played.push(step); setTimeout(next, pauseMS); return; }
    if (step.indexOf("say:") === 0) {
      var u = new window.SpeechSynthesisUtterance(step.slice(4));
      var v = speechVoice(), finished = false;
      if (v) { u.voice = v; }
      u.lang = attr("data-speech-lang");
      u.volume = voice.volume / 100;
      u.rate = 0.9;
      var end = function () { if (!finished) { finished = true; next(); } };
      u.onend = end;
      u.onerror = end;
      setTimeout(end, sayLimitMS); // some browsers never say onend
      state.played.push(step);
      window.speechSynthesis.speak(u);
      return;
    }
    clip(step.slice(5), function (buf) {
      var c = audio();
      if (!buf || !c) { next(); return; } // a clip that would not load is skipped, not waited for
      var src = c.createBufferSource(), gain = c.createGain();
      gain.gain.value = voice.volume / 100;
      src.buffer = buf;
      src.connect(gain);
      gain.connect(c.destination);
      src.onended = next;
      state.played.push(step);
      src.start(0);
    });
  }

  function playNext() {
    if (playing || !queue.length) { return; }
    playing = true;
    var steps = queue.shift().steps, at = 0;
    var step = function () {
      if (at >= steps.length) { playing = false; playNext(); return; }
      playStep(steps[at++], step);
    };
    step();
  }

  function announce(call) {
    var p = plan(call, voice, speechVoice() !== null);
    state.plans.push(p);
    if (state.plans.length > 20) { state.plans.shift(); }
    if (p.mode === "off" || !state.unlocked) { return; }
    queue.push(p);
    playNext();
  }

  // Sound is allowed when the audio context runs without a touch (the
  // hall's browser is started with autoplay allowed); otherwise the
  // button asks for one.
  function unlockButton() {
    var btn = root.querySelector("[data-voice-unlock]");
    if (!btn) { return; }
    btn.hidden = state.unlocked || voice.mode === "off";
  }
  function unlock() {
    var c = audio();
    if (c && c.resume) { c.resume(); }
    if (window.speechSynthesis && window.SpeechSynthesisUtterance) {
      var u = new window.SpeechSynthesisUtterance(" ");
      u.volume = 0;
      window.speechSynthesis.speak(u);
    }
    state.unlocked = true;
    unlockButton();
    clip("chime", function () {});
  }
  if (kind === "display") {
    var c0 = audio();
    state.unlocked = !!(c0 && c0.state === "running");
    if (state.unlocked) { clip("chime", function () {}); }
    var btn = root.querySelector("[data-voice-unlock]");
    if (btn) { btn.addEventListener("click", unlock); }
    unlockButton();
    if (window.speechSynthesis && window.speechSynthesis.getVoices) { window.speechSynthesis.getVoices(); } // start loading
  }

  // ---- the stream ----
  function onState(e) {
    var m;
    try { m = JSON.parse(e.data); } catch (err) { return; }
    state.board = m.board;
    voice = m.voice || voice;
    if (kind === "display") {
      renderDisplay(m);
      unlockButton();
      if (m.call) { state.callAt = Date.now(); announce(m.call); }
    } else {
      renderWindow(m);
    }
  }

  function banner(on) {
    var el = root.querySelector('[data-banner="lost"]');
    if (el) { el.hidden = !on; }
  }

  if (attr("data-ready") !== "true") { return; }
  if (!window.EventSource) {
    setTimeout(function () { window.location.reload(); }, 10000);
    return;
  }
  var es = new window.EventSource(attr("data-events"));
  es.addEventListener("state", onState);
  es.onopen = function () { banner(false); };
  es.onerror = function () {
    // EventSource reconnects by itself; CLOSED means the box refused the
    // stream (too many screens, or no queue): try again later.
    banner(true);
    if (es.readyState === window.EventSource.CLOSED) {
      setTimeout(function () { window.location.reload(); }, Number(attr("data-lost-reload-ms")) || 30000);
    }
  };
}());
