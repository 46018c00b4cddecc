// closeknit check-in: the save button says what will be shared as the "Share with ..." boxes change.
// Without this script the server writes the same words when the page loads, and the boxes still work.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var button = document.getElementById("save-checkin");
  if (!form || !button) return;
  var partner = form.getAttribute("data-partner");
  if (!partner) return;
  var status = document.getElementById("share-status");
  // The words come from the page, already in the person's language (data-save-*); English if absent.
  var alone = form.getAttribute("data-save-alone") || "Save, just for me";
  var one = form.getAttribute("data-save-one") || "Save \u2014 share 1 answer with " + partner;
  var many = form.getAttribute("data-save-many") || "Save \u2014 share {n} answers with " + partner;
  function label() {
    var n = form.querySelectorAll("input[name=shared]:checked").length;
    if (n === 0) return alone;
    return n === 1 ? one : many.replace("{n}", String(n));
  }
  form.addEventListener("change", function (ev) {
    if (!ev.target || ev.target.name !== "shared") return;
    var text = label();
    button.textContent = text;
    if (status) status.textContent = text;
  });
})();
