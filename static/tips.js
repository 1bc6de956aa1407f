// Portal06 tip inbox: a new tip arrives as a server-sent event and
// refreshes the list without a reload.
(function () {
  "use strict";
  if (window.__p06tips) { return; }
  var box = document.getElementById("tip-inbox");
  if (!box || !window.EventSource) { return; }
  window.__p06tips = true;
  var es = new EventSource(box.getAttribute("data-events"));
  es.addEventListener("tip", function () {
    if (window.htmx) { window.htmx.trigger(document.body, "portal:tip"); }
  });
  es.onopen = function () { box.setAttribute("data-live", "1"); };
  window.addEventListener("pagehide", function () { es.close(); });
})();
