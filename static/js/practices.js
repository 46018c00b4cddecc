// closeknit practices: countdowns, a gentle chime, the gentle start-up preview. Pages work without it.
(function () {
  "use strict";
  var CIRC = 326.7;

  function fmt(s) {
    s = Math.max(0, Math.ceil(s));
    var m = Math.floor(s / 60), r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }

  // A soft two-note chime made on the phone itself (Web Audio), so no sound file is ever fetched.
  function chime() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return false;
    try {
      var ctx = new Ctx();
      [523.25, 783.99].forEach(function (freq, i) {
        var osc = ctx.createOscillator(), gain = ctx.createGain();
        var t = ctx.currentTime + i * 0.35;
        osc.type = "sine";
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, t);
        gain.gain.exponentialRampToValueAtTime(0.18, t + 0.05);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + 1.6);
        osc.connect(gain); gain.connect(ctx.destination);
        osc.start(t); osc.stop(t + 1.7);
      });
      return true;
    } catch (e) { return false; }
  }

  // Each timer counts down from what the server said was left when the page was made.
  function bind(timer) {
    if (timer.dataset.bound) return;
    timer.dataset.bound = "1";
    var remaining = parseInt(timer.dataset.remaining, 10);
    var total = parseInt(timer.dataset.total, 10) || remaining;
    if (isNaN(remaining)) return;
    var clock = timer.querySelector(".pr-clock");
    var ring = timer.querySelector(".pr-ring-fg");
    var note = timer.querySelector(".pr-timer-note");
    var endsAt = Date.now() + remaining * 1000;
    var finished = remaining <= 0;
    function tick() {
      if (!document.body.contains(timer)) { clearInterval(handle); return; }
      var left = (endsAt - Date.now()) / 1000;
      if (clock) clock.textContent = fmt(left);
      if (ring) ring.style.strokeDashoffset = String(CIRC * (1 - Math.max(0, left) / total));
      if (left <= 0 && !finished) {
        finished = true;
        timer.classList.add("done");
        timer.dataset.done = "1";
        if (note) note.textContent = note.getAttribute("data-said-done") || "Time's up. Move on when you're ready.";
        if (timer.dataset.chime) timer.dataset.chimed = chime() ? "1" : "unavailable";
        var form = timer.parentNode && timer.parentNode.querySelector("[data-enable-at-zero]");
        if (form) form.disabled = false;
      }
      if (left <= 0) clearInterval(handle);
    }
    var handle = setInterval(tick, 250);
    tick();
  }

  function scan(root) { (root || document).querySelectorAll(".pr-timer").forEach(bind); }
  scan();
  document.body.addEventListener("htmx:afterSwap", function (ev) { scan(ev.target.parentNode || document); });
  document.body.addEventListener("htmx:load", function (ev) { scan(ev.target.parentNode || document); });

  // Filters apply as soon as one is tapped; the Show button stays for pages without script.
  document.querySelectorAll("form.pr-filter, form.pr-idea-filter").forEach(function (filter) {
    filter.classList.add("js-filter");
    filter.addEventListener("change", function () { filter.submit(); });
  });

  // Gentle start-up: show the sentence as the parts are picked.
  var form = document.getElementById("opener-form");
  var preview = document.getElementById("opener-preview");
  if (form && preview) {
    var update = function () {
      var pick = function (n) { var el = form.querySelector("input[name=" + n + "]:checked"); return el ? el.dataset.part : "…"; };
      // The sentence's frame comes from the page, in the reader's language, as the server builds it.
      var frame = preview.dataset.frame || "I feel %(feel)s about %(about)s. I need %(need)s.";
      preview.textContent = frame.replace(/%\((feel|about|need)\)s/g, function (_, n) { return pick(n); });
      preview.hidden = false;
    };
    // Only the picked parts change it: a textarea's "change" fires on blur, and the preview appearing
    // then would move the Begin button away from under the finger that is tapping it.
    form.addEventListener("change", function (ev) { if (ev.target.type === "radio") update(); });
    if (form.querySelector("input:checked")) update();
  }
})();
