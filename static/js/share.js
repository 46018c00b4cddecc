// The invitation's "Send" button: the phone's own share sheet where there is one (Web Share API),
// otherwise the link goes to the clipboard. Without script the link stays visible to copy by hand.
(function () {
  "use strict";
  function ready() {
    var btn = document.getElementById("share-invite");
    if (!btn) return;
    var status = document.getElementById("share-status");
    var say = function (words) { status.textContent = words; status.hidden = false; };
    // The page hands over its words in the person's language (data-*); English if one is missing.
    var words = function (name, english) { return btn.getAttribute("data-" + name) || english; };
    var url = btn.getAttribute("data-share-url");
    var textEl = document.getElementById(btn.getAttribute("data-share-text"));
    var text = textEl ? textEl.textContent.trim() : "";
    btn.hidden = false;
    if (!navigator.share) btn.textContent = words("copy-label", "Copy the invitation");
    btn.addEventListener("click", function () {
      if (navigator.share) {
        navigator.share({ title: "closeknit", text: text, url: url }).then(function () {
          say(words("said-sent", "Sent. We'll show your space as shared once they join."));
        }).catch(function (err) {
          if (err && err.name === "AbortError") return; // they closed the sheet; nothing to say
          copy();
        });
      } else {
        copy();
      }
    });
    function copy() {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text + "\n" + url).then(function () {
          say(words("said-copied", "Copied. Paste it into a message to your partner."));
        }, function () { select(); });
      } else { select(); }
    }
    function select() {
      var field = document.getElementById("invite-link");
      field.focus(); field.select();
      say(words("said-select", "Copy the selected link and paste it into a message."));
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();
