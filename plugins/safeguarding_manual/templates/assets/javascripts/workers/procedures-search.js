/* The search worker the theme talks to, answering from Pagefind's index.

   The theme's own worker builds a Lunr index in the browser from one file holding every page's text
   (21 MB at 1,000 chapters): a phone cannot afford to download it or the seconds and hundreds of MB
   that building it takes. Pagefind splits its index by word, so a query downloads only the parts for
   its words and the text of the results it shows.

   This worker speaks the theme's own message protocol (SETUP, READY, QUERY, RESULT), so the theme's
   search box, result list, keyboard use and screen-reader announcements stay exactly as they are.
   It lives beside the theme's worker, whose name it is given (`?theme=search.<hash>.min.js`): when the
   site was built without a Pagefind index (a preview opened from disk), the index file says so and the
   theme's worker is loaded in this one and answers instead.

   Everything shown is built here from plain text and escaped: nothing from the index reaches the page
   as markup except the <mark> and <p> elements this file writes. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var SHOWN = 20;            // results whose text is downloaded and shown for a query
var EXCERPT_WORDS = 36;    // words of text shown under each result
var pagefind = null;
var handedOver = false;
var latest = 0;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* The words of the query as the reader typed them, for the theme's highlighting on the result page. */
function queryTerms(query) {
  var terms = {};
  query.toLowerCase().split(/[\s,;:!?()"]+/).filter(Boolean).forEach(function (term) { terms[term] = true; });
  return terms;
}

/* A window of the record's text around the words that matched, each matched word in <mark>. */
function excerpt(words, locations) {
  var marked = {};
  (locations || []).forEach(function (at) { marked[at] = true; });
  var first = locations && locations.length ? Math.min.apply(null, locations) : 0;
  var start = Math.max(0, Math.min(first - 6, words.length - EXCERPT_WORDS));
  var shown = words.slice(start, start + EXCERPT_WORDS).map(function (word, offset) {
    var text = escapeHtml(word);
    return marked[start + offset] ? "<mark>" + text + "</mark>" : text;
  });
  var before = start > 0 ? "… " : "";
  var after = start + EXCERPT_WORDS < words.length ? " …" : "";
  return shown.length ? "<p>" + before + shown.join(" ") + after + "</p>" : "";
}

/* The record's address on the site, relative to its root (the index's own file names mean nothing). */
function addressOf(data) {
  return String((data.meta && data.meta.location) || "");
}

function item(data, score, terms) {
  var title = (data.meta && data.meta.title) || addressOf(data);
  var words = String(data.content || "").split(/\s+/).filter(Boolean);
  var locations = data.locations || [];
  // The record's text starts with its title (Pagefind indexes the heading): show only what follows.
  var titleWords = title.split(/\s+/).filter(Boolean);
  var lead = 0;
  while (lead < titleWords.length && lead < words.length &&
         words[lead].replace(/\.$/, "") === titleWords[lead].replace(/\.$/, "")) { lead += 1; }
  if (lead < titleWords.length) { lead = 0; }
  while (lead < words.length && /^[.:;,]$/.test(words[lead])) { lead += 1; }
  words = words.slice(lead);
  locations = locations.map(function (at) { return at - lead; }).filter(function (at) { return at >= 0; });
  return { location: addressOf(data), title: escapeHtml(title), text: excerpt(words, locations), score: score,
           terms: terms };
}

/* The theme shows a page's sections under the page: results on one page (before any #) form a group,
   the page itself first. A section whose page did not match is shown under its page's title. */
function groups(items) {
  var byPage = {}, order = [];
  items.forEach(function (found) {
    var page = found.location.split("#")[0];
    if (!byPage[page]) { byPage[page] = []; order.push(page); }
    byPage[page].push(found);
  });
  return order.map(function (page) {
    var group = byPage[page];
    if (!group.some(function (found) { return found.location === page; })) {
      var first = group[0];
      group.unshift({ location: page, title: first.pageTitle || first.title, text: "", score: first.score,
                      terms: first.terms });
    }
    return group.sort(function (a, b) { return (a.location === page ? -1 : 0) - (b.location === page ? -1 : 0); });
  });
}

function answer(id, query) {
  var terms = queryTerms(query);
  if (!query.trim()) {
    self.postMessage({ type: RESULT, data: { items: [] } });
    return Promise.resolve();
  }
  return pagefind.search(query).then(function (search) {
    if (id !== latest || !search) { return null; }
    var top = search.results.slice(0, SHOWN);
    return Promise.all(top.map(function (result) { return result.data(); })).then(function (datas) {
      if (id !== latest) { return; }
      var items = datas.map(function (data, index) {
        var found = item(data, top[index].score, terms);
        found.pageTitle = data.meta && data.meta.page_title ? escapeHtml(data.meta.page_title) : "";
        return found;
      });
      self.postMessage({ type: RESULT, data: { items: groups(items), total: search.results.length } });
    });
  });
}

function start(setup) {
  var config = (setup.data && setup.data.config) || {};
  if (config.engine !== "pagefind") {
    // No Pagefind index in this build: the theme's own worker takes over, from this message on.
    handedOver = true;
    var theme = new URL(self.location.href).searchParams.get("theme") || "";
    if (!/^search\.[0-9a-f]+\.min\.js$/.test(theme)) { throw new Error("Unexpected theme worker: " + theme); }
    importScripts(theme);
    self.dispatchEvent(new MessageEvent("message", { data: setup }));
    return;
  }
  import(new URL("../../../pagefind/pagefind.js", self.location.href).href).then(function (module) {
    pagefind = module;
    return pagefind.options({ excerptLength: EXCERPT_WORDS });
  }).then(function () {
    return pagefind.init();
  }).then(function () {
    self.postMessage({ type: READY });
  });
}

self.addEventListener("message", function (event) {
  if (handedOver) { return; }
  var message = event.data || {};
  if (message.type === SETUP) {
    start(message);
  } else if (message.type === QUERY && pagefind) {
    latest += 1;
    answer(latest, String(message.data || ""));
  }
});
