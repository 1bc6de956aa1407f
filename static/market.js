// Portal06 markets: the print button of posters and bills (no inline
// script under the content security policy).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var b = document.getElementById("poster-print");
    if (b) { b.addEventListener("click", function () { window.print(); }); }
  });
})();
