// The day-of view's countdown for the running block. Progressive enhancement: without this file the
// page shows when the block started, and the start/finish buttons are plain forms.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function words(seconds) {
    var s = Math.abs(Math.round(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + ":" + pad(m) : m) + ":" + pad(r);
  }
  function tick(el) {
    var started = Number(el.dataset.started), planned = Number(el.dataset.seconds);
    if (!started || !planned) { return; }
    var left = started + planned - Date.now() / 1000;
    var text = el.querySelector("[data-timer-text]");
    text.textContent = left >= 0 ? words(left) + " left" : words(left) + " over time";
    el.classList.toggle("ik-over", left < 0);
    el.classList.toggle("ik-soon", left >= 0 && left < 300);
  }
  function all() { document.querySelectorAll("[data-timer]").forEach(tick); }
  document.addEventListener("DOMContentLoaded", function () { all(); window.setInterval(all, 1000); });
})();
