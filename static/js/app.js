// closeknit: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Quick exit: the button, or Escape three times, leaves at once. The page hides itself, forgets what it
  // kept in this browser, ends the session on the server in the background (the exit answers without a
  // CSRF token, so it cannot be refused) and replaces itself in the history with the neutral page, so
  // Back does not return here. Without this script the same button is a plain link to the exit.
  var CHANNEL = "closeknit-exit";
  // Words a person sees come from the page, in their language (data-say-* on this script's tag in
  // templates/base.html); English if one is missing.
  var self = document.currentScript;
  function words(name, english) { return (self && self.getAttribute("data-say-" + name)) || english; }
  // The exit mark the server also sets (closeknit/safety/middleware.py), set here first: while it lasts,
  // any page of ours asked for in this browser sends it on to the neutral page and ends a session it finds,
  // even when Back is pressed before the background sign-out has been answered.
  function markExit() {
    var a = document.querySelector("[data-quick-exit-hold]");
    var hold = a ? parseInt(a.getAttribute("data-quick-exit-hold"), 10) : 0;
    if (!(hold > 0)) return;
    try {
      document.cookie = "ck_exit=1; max-age=" + hold + "; path=/; samesite=lax" +
        (window.location.protocol === "https:" ? "; secure" : "");
    } catch (e) {}
  }
  function leave(url, endpoint, fromOtherTab) {
    markExit();
    try { document.documentElement.style.visibility = "hidden"; document.body.style.display = "none"; } catch (e) {}
    try { window.sessionStorage.clear(); } catch (e) {}
    try { window.localStorage.clear(); } catch (e) {}
    try { window.indexedDB.deleteDatabase("closeknit-outbox"); } catch (e) {}  // a check-in kept offline
    if (!fromOtherTab) {
      try { var bc = new BroadcastChannel(CHANNEL); bc.postMessage("exit"); bc.close(); } catch (e) {}
    }
    var go = function () { window.location.replace(url); };
    if (!endpoint || url === endpoint || fromOtherTab) { go(); return; }
    var gone = false;
    var once = function () { if (!gone) { gone = true; go(); } };
    // Wait for the sign-out only briefly (it takes some 20 ms; the page is blank meanwhile): leaving matters
    // more, and a keepalive request still reaches the server after the page is gone.
    setTimeout(once, 800);
    try {
      fetch(endpoint, { method: "POST", credentials: "same-origin", keepalive: true, cache: "no-store" })
        .then(once, function () { try { navigator.sendBeacon(endpoint); } catch (e) {} once(); });
    } catch (e) {
      try { navigator.sendBeacon(endpoint); } catch (e2) {}
      once();
    }
  }
  function exitTarget() {
    var a = document.querySelector("[data-quick-exit]");
    return a ? { url: a.getAttribute("data-quick-exit"), endpoint: a.getAttribute("href") } : null;
  }
  // Another tab of ours left: this one goes too, so nothing of ours stays open on the device.
  try {
    new BroadcastChannel(CHANNEL).onmessage = function () {
      var t = exitTarget();
      if (t) leave(t.url, t.endpoint, true);
    };
  } catch (e) {}
  // A page brought back from the browser's memory after an exit (the server sets ck_exit) leaves again.
  window.addEventListener("pageshow", function (ev) {
    if (ev.persisted && /(^|;\s*)ck_exit=/.test(document.cookie)) {
      var t = exitTarget();
      if (t) leave(t.url, null, true);
    }
  });
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("[data-quick-exit]");
    if (a) { ev.preventDefault(); leave(a.getAttribute("data-quick-exit"), a.getAttribute("href")); }
    var c = ev.target.closest && ev.target.closest("[data-copy]");
    if (c) {
      var field = document.getElementById(c.getAttribute("data-copy"));
      if (field && navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(function () {
          var was = c.textContent; c.textContent = words("copied", "Copied"); setTimeout(function () { c.textContent = was; }, 1500);
        });
      } else if (field) { field.select(); }
    }
  });
  var escapes = [];
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    var now = Date.now();
    escapes = escapes.filter(function (t) { return now - t < 1500; });
    escapes.push(now);
    var t = exitTarget();
    if (escapes.length >= 3 && t) leave(t.url, t.endpoint);
  });
  // Show each 0–10 slider's value next to it.
  function bindRange(input) {
    var out = document.getElementById(input.id + "-value");
    if (!out) return;
    var show = function () { out.textContent = input.value; };
    input.addEventListener("input", show); show();
  }
  document.querySelectorAll("input[type=range]").forEach(bindRange);
  // Fill the time zone on sign-up and settings from the browser, when the field is still at its default.
  document.querySelectorAll("[data-detect-timezone]").forEach(function (tz) {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone || tz.value !== "UTC") return;
    if (tz.tagName === "SELECT") {
      if (Array.from(tz.options).some(function (o) { return o.value === zone; })) tz.value = zone;
    } else { tz.value = zone; }
  });
})();
