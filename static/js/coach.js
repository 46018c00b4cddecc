// closeknit gentle start-up coach: "Use this rewrite" copies the suggestion into the person's own box.
// Without script the same button posts the form, and the page comes back with the rewrite in place.
(function () {
  "use strict";
  if (window.ckCoachBound) return;
  window.ckCoachBound = true;
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("[data-coach-use]") : null;
    if (!btn) return;
    var field = btn.getAttribute("data-coach-use");
    var form = btn.form;
    var rewrite = document.getElementById("rewrite-" + field);
    var box = form && form.elements[field];
    if (!rewrite || !box) return;
    ev.preventDefault();
    box.value = rewrite.value;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    var panel = document.getElementById("coach-" + field);
    if (panel) {
      panel.textContent = "";
      var note = document.createElement("p");
      note.className = "coach-ok small";
      note.id = "coach-used-" + field;
      note.textContent = btn.getAttribute("data-said-used") || "The rewrite is in your box. Change anything you like, then check again or send it.";
      panel.appendChild(note);
    }
    box.focus();
  });
  // A save the coach held: the note already has the focus (autofocus); bring it clear of the sticky top
  // bar too, which the browser's own focus scroll ignores. scrollIntoView honours scroll-margin-top.
  function land() {
    var held = document.getElementById("coach-held");
    var card = held && held.nextElementSibling;
    if (!card) return;
    card.scrollIntoView({ block: "start" });
    if (document.activeElement !== card) card.focus({ preventScroll: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", land);
  else land();
})();
