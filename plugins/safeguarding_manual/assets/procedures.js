/* Progressive enhancements: the page works fully without this script. */
(function () {
  "use strict";
  // Stamp printed copies with the date printed, beside the version already in the page.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("[data-print-date]").forEach(function (el) {
      el.textContent = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    });
  });
})();
