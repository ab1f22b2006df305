// The index's filter box: hide the rows of the targets table that do not contain every word
// typed (in the row's data-search text). ?q=WORDS in the address fills the box.
(function () {
  "use strict";
  var box = document.getElementById("filter");
  var shown = document.getElementById("shown");
  if (!box || !shown) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("#targets tbody tr"));
  function apply() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search") || "";
      var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !hit;
      if (hit) count += 1;
    });
    shown.textContent = shown.getAttribute("data-template")
      .replace("{shown}", String(count)).replace("{total}", String(rows.length));
  }
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) box.value = q;
  box.addEventListener("input", apply);
  apply();
})();
