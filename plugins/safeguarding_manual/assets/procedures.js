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

    function ageLabel(age) {
      var chosen = ageSelect.querySelector('option[value="' + CSS.escape(age) + '"]');
      return chosen ? chosen.textContent : age;
    }

    // A cell whose indicators are all for other ages says so, rather than reading as "no concerns here".
    function markEmptyCells(age) {
      matrix.querySelectorAll("td").forEach(function (cell) {
        var items = cell.querySelectorAll("li[data-ages]");
        var note = cell.querySelector(".filtered-empty");
        var empty = Boolean(age) && items.length > 0 && Array.prototype.every.call(items, function (i) { return i.hidden; });
        if (!empty) { if (note) { note.hidden = true; } return; }
        if (!note) {
          note = document.createElement("p");
          note.className = "filtered-empty";
          var all = document.createElement("a");
          all.textContent = "See all ages";
          all.href = "#" + cell.parentElement.id;
          all.addEventListener("click", function () { ageSelect.value = ""; apply(); });
          note.appendChild(document.createElement("span"));
          note.appendChild(all);
          cell.appendChild(note);
        }
        note.firstChild.textContent = "No indicators listed for " + ageLabel(age) + " at this level. ";
        note.hidden = false;
      });
    }

    // The choice is kept in the address (?age=...&domain=...), so a filtered view can be shared.
    function remember(domain, age) {
      var params = new URLSearchParams(window.location.search);
      if (domain) { params.set("domain", domain); } else { params.delete("domain"); }
      if (age) { params.set("age", age); } else { params.delete("age"); }
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

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
      markEmptyCells(age);
      remember(domain, age);
      status.textContent = "Showing " + shown + " indicators" + (age ? " for " + ageLabel(age) + " and all ages" : "") + ".";
    }
    domainSelect.addEventListener("change", apply);
    ageSelect.addEventListener("change", apply);
    reset.addEventListener("click", function () { domainSelect.value = ""; ageSelect.value = ""; apply(); });

    var params = new URLSearchParams(window.location.search);
    function choose(select, value) {
      if (value && select.querySelector('option[value="' + CSS.escape(value) + '"]')) { select.value = value; }
    }
    choose(domainSelect, params.get("domain"));
    choose(ageSelect, params.get("age"));
    if (domainSelect.value || ageSelect.value) { apply(); }
  }

  // Glossary terms: a definition on hover or keyboard focus (one at a time, Escape closes it, it stays
  // while the pointer is over it: WCAG 1.4.13), and on touch a definition that opens in place with a
  // link on to the glossary. Without this script a term is a link to the glossary with a title.
  function enhanceGlossaryTerms() {
    var terms = document.querySelectorAll("a.glossary-term[title]");
    if (!terms.length) { return; }
    var tip = document.createElement("div");
    tip.id = "glossary-tip";
    tip.className = "glossary-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    var shownFor = null, hideTimer = null, touched = false, openPanel = null, count = 0;

    function showTip(link) {
      clearTimeout(hideTimer);
      if (shownFor && shownFor !== link) { shownFor.removeAttribute("aria-describedby"); }
      tip.textContent = link.dataset.definition;
      tip.hidden = false;
      var box = link.getBoundingClientRect();
      var width = Math.min(360, document.documentElement.clientWidth - 16);
      tip.style.width = width + "px";
      tip.style.left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8)) + "px";
      tip.style.top = (box.bottom + window.scrollY + 6) + "px";
      link.setAttribute("aria-describedby", tip.id);
      shownFor = link;
    }
    function hideTip() {
      clearTimeout(hideTimer);
      tip.hidden = true;
      if (shownFor) { shownFor.removeAttribute("aria-describedby"); }
      shownFor = null;
    }
    function hideSoon() { clearTimeout(hideTimer); hideTimer = setTimeout(hideTip, 300); }

    function closePanel() {
      if (!openPanel) { return; }
      openPanel.link.setAttribute("aria-expanded", "false");
      openPanel.panel.remove();
      openPanel = null;
    }
    function togglePanel(link) {
      var same = openPanel && openPanel.link === link;
      closePanel();
      hideTip();
      if (same) { return; }
      count += 1;
      var panel = document.createElement("span");
      panel.className = "glossary-panel";
      panel.id = "glossary-panel-" + count;
      var text = document.createElement("span");
      text.textContent = link.dataset.definition + " ";
      var more = document.createElement("a");
      more.setAttribute("href", link.getAttribute("href"));
      more.textContent = "Read “" + link.textContent + "” in the glossary";
      panel.appendChild(text);
      panel.appendChild(more);
      link.insertAdjacentElement("afterend", panel);
      link.setAttribute("aria-controls", panel.id);
      link.setAttribute("aria-expanded", "true");
      openPanel = { link: link, panel: panel };
    }

    terms.forEach(function (link) {
      link.dataset.definition = link.getAttribute("title");
      link.removeAttribute("title");  // no second, native tooltip
      link.addEventListener("pointerdown", function (event) { touched = event.pointerType === "touch"; });
      link.addEventListener("mouseenter", function () { if (!touched) { showTip(link); } });
      link.addEventListener("mouseleave", hideSoon);
      link.addEventListener("focus", function () { if (!touched) { showTip(link); } });
      link.addEventListener("blur", hideSoon);
      link.addEventListener("click", function (event) {
        if (!touched) { return; }
        event.preventDefault();
        togglePanel(link);
      });
    });
    tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("mouseleave", hideSoon);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" || event.key === "Esc") {
        if (!tip.hidden) { hideTip(); }
        if (openPanel) { var link = openPanel.link; closePanel(); link.focus(); }
      }
    });
  }

  // A search result for a paragraph or a glossary term arrives as ?at=3.21 (its own address in the search
  // index, see core/pages/search_entries.py): go to that place.
  function goToSearchedPlace() {
    var place = new URLSearchParams(window.location.search).get("at");
    if (place && !window.location.hash && document.getElementById(place)) {
      window.location.replace("#" + place);
    }
  }

  // Cite this paragraph: the citation is in a disclosure without script; with it, one tap copies it.
  function addCopyButtons() {
    document.querySelectorAll("details.paragraph-cite").forEach(function (details) {
      var citation = details.querySelector(".citation");
      if (!citation || !navigator.clipboard) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "Copy citation";
      var status = document.createElement("span");
      status.setAttribute("role", "status");
      status.className = "visually-hidden";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(citation.textContent).then(function () {
          button.textContent = "Copied";
          status.textContent = "Citation copied";
        }, function () {
          var range = document.createRange();
          range.selectNodeContents(citation);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
          status.textContent = "Citation selected: copy it with your device's copy command";
        });
      });
      details.appendChild(button);
      details.appendChild(status);
    });
  }

  // Marks on the paragraphs a chapter's latest version changed: a reader may hide them; the choice is
  // kept in this browser only (localStorage, never a cookie).
  var MARKS_KEY = "procedures.changeMarks";

  function enhanceChangeMarks() {
    var switchBox = document.querySelector(".change-marks-switch");
    if (!switchBox) { return; }
    var button = switchBox.querySelector("button");
    function apply(shown) {
      document.documentElement.classList.toggle("change-marks-off", !shown);
      button.setAttribute("aria-pressed", shown ? "true" : "false");
    }
    var stored = null;
    try { stored = window.localStorage.getItem(MARKS_KEY); } catch (e) { stored = null; }
    apply(stored !== "off");
    switchBox.hidden = false;
    button.addEventListener("click", function () {
      var shown = button.getAttribute("aria-pressed") !== "true";
      apply(shown);
      try { window.localStorage.setItem(MARKS_KEY, shown ? "on" : "off"); } catch (e) { /* private mode */ }
    });
  }

  // The manual on a date: the same table as the static release pages (core/pages/on_a_date.py), for any
  // day, from on-a-date/history.json. Every text is written as text, never as HTML.
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function longDate(iso) {
    var parts = iso.split("-");
    return parseInt(parts[2], 10) + " " + MONTHS[parseInt(parts[1], 10) - 1] + " " + parts[0];
  }

  function node(tag, text, className) {
    var element = document.createElement(tag);
    if (text) { element.textContent = text; }
    if (className) { element.className = className; }
    return element;
  }

  function timeNode(iso) {
    var time = node("time", longDate(iso));
    time.setAttribute("datetime", iso);
    return time;
  }

  function idKey(id) {
    return (id.match(/[0-9]+|[^0-9]+/g) || []).map(function (part) {
      return /^[0-9]+$/.test(part) ? [0, parseInt(part, 10), ""] : [1, 0, part];
    });
  }

  function compareKeys(a, b) {
    for (var i = 0; i < Math.min(a.length, b.length); i++) {
      for (var j = 0; j < 3; j++) {
        if (a[i][j] < b[i][j]) { return -1; }
        if (a[i][j] > b[i][j]) { return 1; }
      }
    }
    return a.length - b.length;
  }

  // As chapter_on in core/history/on_a_date.py.
  function chapterOn(chapter, day) {
    var kept = chapter.versions;
    var current = kept[kept.length - 1];
    var entry = { state: "in-force", period: null, when: null, current: current, chapter: chapter };
    if (chapter.withdrawn && day >= current.start) {
      entry.state = "withdrawn";
      entry.period = kept.length > 1 ? kept[kept.length - 2] : null;
      entry.when = current.start;
    } else if (day < kept[0].start) {
      entry.state = chapter.keptFrom > 1 ? "not-kept" : "not-yet-published";
      entry.when = kept[0].start;
    } else {
      entry.period = kept.filter(function (p) { return p.start <= day; }).pop();
    }
    entry.shown = entry.period || current;
    return entry;
  }

  function cell(label, parts) {
    var td = node("td");
    td.appendChild(node("span", label + ": ", "cell-label"));
    parts.forEach(function (part) { td.appendChild(typeof part === "string" ? document.createTextNode(part) : part); });
    return td;
  }

  function link(text, url, root) {
    var a = node("a", text);
    a.href = root + url;
    return a;
  }

  function entryRow(entry, root) {
    var tr = node("tr", null, "on-a-date-" + entry.state);
    var shown = entry.shown;
    tr.appendChild(node("td", shown.id));
    var th = node("th");
    th.scope = "row";
    var version, dates;
    if (entry.state === "in-force") {
      th.appendChild(link(shown.title, shown.url, root));
      version = ["Version " + shown.number + (shown.until ? "" : " (still current)")];
      dates = ["From ", timeNode(shown.start)].concat(shown.until ? [" to ", timeNode(shown.until)] : []);
    } else if (entry.state === "withdrawn") {
      th.textContent = shown.title;
      version = ["Withdrawn"];
      dates = ["Withdrawn on ", timeNode(entry.when)];
      if (entry.period) {
        dates = dates.concat(["; the last text in force was ", link("version " + entry.period.number, entry.period.url, root)]);
      }
    } else if (entry.state === "not-kept") {
      th.textContent = shown.title;
      version = ["Version " + (entry.chapter.keptFrom - 1) + " or earlier"];
      dates = ["Published before this manual kept the chapter; not archived here. Version " + entry.chapter.keptFrom +
        " came into force on ", timeNode(entry.when)];
    } else {
      th.textContent = shown.title;
      version = ["Not yet published"];
      dates = ["First published on ", timeNode(entry.when)];
    }
    tr.appendChild(th);
    tr.appendChild(cell("Version", version));
    tr.appendChild(cell("In force", dates));
    return tr;
  }

  function partTable(part, day, root) {
    var entries = part.chapters.map(function (chapter) { return chapterOn(chapter, day); });
    entries.sort(function (a, b) {
      var later = (a.state === "not-yet-published") - (b.state === "not-yet-published");
      return later || compareKeys(idKey(a.shown.id), idKey(b.shown.id));
    });
    var fragment = document.createDocumentFragment();
    fragment.appendChild(node("h3", part.title));
    var table = node("table", null, "reviews-table on-a-date-table");
    table.appendChild(node("caption", part.title + " on " + longDate(day)));
    var head = node("thead");
    var headRow = node("tr");
    ["ID", "Chapter", "Version", "In force"].forEach(function (label) {
      var th = node("th", label);
      th.scope = "col";
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = node("tbody");
    entries.forEach(function (entry) { body.appendChild(entryRow(entry, root)); });
    table.appendChild(body);
    fragment.appendChild(table);
    return fragment;
  }

  function validDay(text) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text || "")) { return false; }
    var date = new Date(text + "T00:00:00Z");
    return !isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
  }

  function enhanceOnADate(form) {
    var result = document.querySelector(".on-a-date-result");
    document.querySelectorAll(".on-a-date-no-script").forEach(function (p) { p.hidden = true; });
    var day = new URLSearchParams(window.location.search).get("date");
    if (!result || day === null) { return; }
    var input = form.querySelector("input[name=date]");
    var heading = node("h2", null);
    heading.id = "on-a-date-view";
    heading.tabIndex = -1;
    result.textContent = "";
    result.appendChild(heading);
    if (!validDay(day)) {
      heading.textContent = "That is not a date";
      result.appendChild(node("p", "Enter a day, month and year, for example 5 March 2025."));
      heading.focus();
      return;
    }
    input.value = day;
    heading.textContent = "The manual on " + longDate(day);
    var root = form.getAttribute("data-root") || "";
    var built = form.getAttribute("data-built");
    fetch(form.getAttribute("data-history")).then(function (response) { return response.json(); }).then(function (data) {
      if (built && day > built) {
        result.appendChild(node("p", "This date is after this site was built (" + longDate(built) + "): the " +
          "view shows the versions published by then; later amendments are not known here."));
      }
      data.parts.forEach(function (part) {
        if (part.chapters.length) { result.appendChild(partTable(part, day, root)); }
      });
      heading.focus();
    }, function () {
      result.appendChild(node("p", "The history of the manual could not be loaded. Open a release below instead."));
    });
  }

  function init() {
    goToSearchedPlace();
    addCopyButtons();
    stampPrintDate();
    enhanceGlossaryTerms();
    document.querySelectorAll("[data-threshold-filters]").forEach(enhanceThresholds);
    enhanceChangeMarks();
    document.querySelectorAll("form.on-a-date-form").forEach(enhanceOnADate);
  }

  window.addEventListener("beforeprint", stampPrintDate);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
