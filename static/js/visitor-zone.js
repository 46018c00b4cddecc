// closeknit: tell the server this browser's time zone, so public pages show times on the visitor's own
// clock. Without this script the pages use the therapist's zone and say so.
(function () {
  "use strict";
  var tz;
  try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!tz || !/^[A-Za-z0-9_+\-\/]+$/.test(tz)) return;  // zone names are cookie-safe as they are
  var value = tz;
  var had = document.cookie.split("; ").indexOf("ck_tz=" + value) !== -1;
  document.cookie = "ck_tz=" + value + "; path=/; max-age=31536000; SameSite=Lax";
  var shown = document.querySelector("[data-shown-zone]");
  // Shown on another clock and the server did not know ours yet: show this page again, once, on ours.
  if (!had && shown && shown.getAttribute("data-shown-zone") !== tz) {
    try {
      if (window.sessionStorage.getItem("ck_tz_reloaded") === tz) return;
      window.sessionStorage.setItem("ck_tz_reloaded", tz);
    } catch (e) { return; }
    window.location.reload();
  }
})();
