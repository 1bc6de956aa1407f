// Portal06: on every page. htmx swaps the server's error messages into
// #flash; when the server cannot be reached at all, say so there too.
document.addEventListener("htmx:sendError", function () {
  var f = document.getElementById("flash");
  if (!f) return;
  var d = document.createElement("div");
  d.className = "alert error";
  d.textContent = f.getAttribute("data-offline");
  f.replaceChildren(d);
});
// A successful swap clears an old error.
document.addEventListener("htmx:beforeRequest", function () {
  var f = document.getElementById("flash");
  if (f) f.replaceChildren();
});
