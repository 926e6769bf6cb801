/* Progressive enhancements: every page works fully without this script. */
(function () {
  "use strict";

  function stampPrintDate() {
    var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll("[data-print-date]").forEach(function (el) { el.textContent = today; });
  }

  function option(value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    return o;
  }

  function field(id, label, select) {
    var wrap = document.createElement("div");
    var l = document.createElement("label");
    l.htmlFor = id;
    l.textContent = label;
    select.id = id;
    wrap.appendChild(l);
    wrap.appendChild(select);
    return wrap;
  }

  // Filter the threshold matrix by domain and age group. Without JavaScript every row shows.
  function enhanceThresholds(matrix) {
    var table = matrix.querySelector("table");
    var domainSelect = document.createElement("select");
    domainSelect.appendChild(option("", "All domains"));
    matrix.querySelectorAll("tbody[data-domain]").forEach(function (body) {
      domainSelect.appendChild(option(body.dataset.domain, body.querySelector(".domain-row th").textContent));
    });
    var ageSelect = document.createElement("select");
    ageSelect.appendChild(option("", "All ages"));
    (matrix.dataset.ageGroups || "").split(";").filter(Boolean).forEach(function (pair) {
      var parts = pair.split("=");
      ageSelect.appendChild(option(parts[0], parts.slice(1).join("=")));
    });
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "threshold-filter-status";
    var reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = "Show all";
    var form = document.createElement("div");
    form.className = "threshold-filters";
    form.setAttribute("role", "group");
    form.setAttribute("aria-label", "Filter indicators");
    form.appendChild(field("filter-domain", "Domain", domainSelect));
    form.appendChild(field("filter-age", "Age group", ageSelect));
    form.appendChild(reset);
    matrix.insertBefore(form, table);
    matrix.insertBefore(status, table);

    function apply() {
      var domain = domainSelect.value, age = ageSelect.value, shown = 0;
      matrix.querySelectorAll("tbody[data-domain]").forEach(function (body) {
        body.hidden = Boolean(domain) && body.dataset.domain !== domain;
      });
      matrix.querySelectorAll("li[data-ages]").forEach(function (item) {
        var ages = item.dataset.ages.split(" ").filter(Boolean);
        item.hidden = Boolean(age) && ages.length > 0 && ages.indexOf(age) === -1;
        if (!item.hidden && !item.closest("tbody").hidden) { shown += 1; }
      });
      status.textContent = "Showing " + shown + " indicators.";
    }
    domainSelect.addEventListener("change", apply);
    ageSelect.addEventListener("change", apply);
    reset.addEventListener("click", function () { domainSelect.value = ""; ageSelect.value = ""; apply(); });
  }

  function init() {
    stampPrintDate();
    document.querySelectorAll("[data-threshold-filters]").forEach(enhanceThresholds);
  }

  window.addEventListener("beforeprint", stampPrintDate);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
