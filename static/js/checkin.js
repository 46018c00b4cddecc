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
  function label() {
    var n = form.querySelectorAll("input[name=shared]:checked").length;
    if (n === 0) return "Save, just for me";
    return "Save \u2014 share " + n + " answer" + (n === 1 ? "" : "s") + " with " + partner;
  }
  form.addEventListener("change", function (ev) {
    if (!ev.target || ev.target.name !== "shared") return;
    var text = label();
    button.textContent = text;
    if (status) status.textContent = text;
  });
})();
