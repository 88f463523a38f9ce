// The re-index page follows a running rebuild without reloading: a progressive enhancement
// (without scripts the page refreshes itself).
(function () {
  "use strict";
  var box = document.getElementById("rebuild-status");
  if (!box || !window.fetch || box.getAttribute("data-running") !== "yes") return;
  var url = box.getAttribute("data-status-url");

  function show(status) {
    var bar = document.getElementById("rebuild-progress");
    if (bar && status.total) bar.max = status.total;
    if (bar) bar.value = status.done || 0;
    var done = document.getElementById("rebuild-done"), total = document.getElementById("rebuild-total");
    if (done) done.textContent = String(status.done || 0);
    if (total && status.total != null) total.textContent = String(status.total);
  }
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (status) {
        if (!status.running) { window.location.reload(); return; }  // the page then shows the outcome
        show(status);
        setTimeout(tick, 1000);
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 1000);
})();
