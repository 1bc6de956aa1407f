// Portal06 police console: a new watchlist alert arrives as a server-sent
// event and refreshes the alert box without a reload.
(function () {
  "use strict";
  if (window.__p06alerts) { return; }
  var box = document.getElementById("alerts");
  if (!box || !window.EventSource) { return; }
  window.__p06alerts = true;
  var es = new EventSource(box.getAttribute("data-events"));
  es.addEventListener("alert", function () {
    if (window.htmx) { window.htmx.trigger(document.body, "portal:alert"); }
  });
  es.onopen = function () { box.setAttribute("data-live", "1"); };
  window.addEventListener("pagehide", function () { es.close(); });
})();
