// The check-up's progress bar fills by questions answered (the page renders the saved count; this
// keeps it honest as you answer on this page). Without JavaScript the bar still shows the saved count.
(function () {
  "use strict";
  var bar = document.getElementById("checkup-progress");
  if (!bar) return;
  var fill = bar.querySelector(".stepbar-fill");
  var words = document.getElementById("answered-words");
  var total = parseInt(bar.dataset.total, 10) || 0;
  var elsewhere = parseInt(bar.dataset.elsewhere, 10) || 0;
  var questions = Array.prototype.slice.call(document.querySelectorAll("[data-question]"));
  function update() {
    var here = questions.filter(function (q) {
      return q.hasAttribute("data-answered") || q.querySelector("input[type=radio]:checked");
    }).length;
    var done = Math.min(total, elsewhere + here);
    var text = (bar.dataset.words || "{done} of {total} answered").replace("{done}", String(done)).replace("{total}", String(total));
    fill.style.width = (total ? Math.round((100 * done) / total) : 0) + "%";
    bar.setAttribute("aria-valuenow", String(done));
    bar.setAttribute("aria-valuetext", text);
    if (words) words.textContent = text;
  }
  questions.forEach(function (q) {
    q.addEventListener("change", update);
    // A slider counts once it has been moved: its starting point is not an answer.
    q.querySelectorAll("input[type=range]").forEach(function (r) {
      r.addEventListener("input", function () { q.setAttribute("data-answered", ""); update(); });
    });
  });
  update();
})();
