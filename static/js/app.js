// closeknit: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Quick exit: the button, or pressing Escape three times, leaves at once and replaces this page
  // in the history so "back" does not return here.
  function leave(url) {
    try { document.body.style.display = "none"; } catch (e) {}
    window.location.replace(url);
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("[data-quick-exit]");
    if (a) { ev.preventDefault(); leave(a.getAttribute("data-quick-exit")); }
    var c = ev.target.closest && ev.target.closest("[data-copy]");
    if (c) {
      var field = document.getElementById(c.getAttribute("data-copy"));
      if (field && navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(function () {
          var was = c.textContent; c.textContent = "Copied"; setTimeout(function () { c.textContent = was; }, 1500);
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
    var exit = document.querySelector("[data-quick-exit]");
    if (escapes.length >= 3 && exit) leave(exit.getAttribute("data-quick-exit"));
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
