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
var SHOWN = 10;            // pages whose text is downloaded and shown for a query (the theme shows ten)
var EXCERPT_WORDS = 36;    // words of text shown under each result
/* The theme sends a query at every keystroke. Each search downloads the index parts of the words typed so
   far and the text of their results: a pause this long after the last keystroke spares a phone the parts and
   texts of "r", "re", "ref", ... on the way to "referral" (Pagefind's own interface waits 300 ms). */
var TYPING_PAUSE_MS = 150;
var pagefind = null;
var handedOver = false;
var latest = 0;
var pending = null;

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

/* A window of the words from ``from`` to ``to`` (one part of a page) around the first that matched, each
   matched word in <mark>; the part's first words when only its heading matched. */
function excerpt(words, locations, from, to) {
  from = from || 0;
  to = Math.min(to === undefined ? words.length : to, words.length);
  var inside = (locations || []).filter(function (at) { return at >= from && at < to; });
  if (to <= from) { return ""; }
  var marked = {};
  inside.forEach(function (at) { marked[at] = true; });
  var first = inside.length ? Math.min.apply(null, inside) : from;
  var start = Math.max(from, Math.min(first - 6, to - EXCERPT_WORDS));
  var end = Math.min(to, start + EXCERPT_WORDS);
  var shown = words.slice(start, end).map(function (word, offset) {
    var text = escapeHtml(word);
    return marked[start + offset] ? "<mark>" + text + "</mark>" : text;
  });
  return "<p>" + (start > from ? "… " : "") + shown.join(" ") + (end < to ? " …" : "") + "</p>";
}

/* The record's address on the site, relative to its root (the index's own file names mean nothing). */
function addressOf(data) {
  return String((data.meta && data.meta.location) || "");
}

/* The record's words with its title's words taken off the front (Pagefind indexes the heading as text),
   and the matched positions moved to match. */
function bodyOf(data, title) {
  var words = String(data.content || "").split(/\s+/).filter(Boolean);
  var titleWords = title.split(/\s+/).filter(Boolean);
  var lead = 0;
  while (lead < titleWords.length && lead < words.length &&
         words[lead].replace(/\.$/, "") === titleWords[lead].replace(/\.$/, "")) { lead += 1; }
  if (lead < titleWords.length) { lead = 0; }
  while (lead < words.length && /^[.:;,]$/.test(words[lead])) { lead += 1; }
  return { words: words.slice(lead), shift: lead };
}

function shifted(locations, shift) {
  return (locations || []).map(function (at) { return at - shift; }).filter(function (at) { return at >= 0; });
}

var PARAGRAPH = /^\d+(?:\.\d+)+$/;

/* How many different words of the query a part holds, from the words at its matched positions. */
function wordsMatched(words, locations) {
  var seen = {};
  (locations || []).forEach(function (at) {
    if (words[at]) { seen[words[at].toLowerCase().replace(/[^\p{L}\p{N}]/gu, "")] = true; }
  });
  return Object.keys(seen).length;
}

/* One page found: the groups the theme shows for it. A numbered paragraph holding every word of the
   query comes first as a result of its own (at ?at=N.M, which the site turns into #N.M), so it is not
   buried under its page; the page follows with its other matching parts under it. */
function pageGroups(data, score, terms, termCount) {
  var page = addressOf(data);
  var title = (data.meta && data.meta.title) || page;
  var body = bodyOf(data, title);
  var own = [], children = [];
  // Each part runs from the end of its heading to the next heading; the page's own text comes before them.
  var anchors = (data.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
  var ranges = {};
  anchors.forEach(function (anchor, index) {
    var next = anchors[index + 1], heading = anchor.location - body.shift;
    ranges[anchor.id] = [heading, heading + String(anchor.text || "").split(/\s+/).filter(Boolean).length,
                         next ? next.location - body.shift : body.words.length];
  });
  var intro = anchors.length ? anchors[0].location - body.shift : body.words.length;
  (data.sub_results || []).forEach(function (sub) {
    var anchor = String(sub.url || "").split("#")[1];
    if (!anchor) { return; }
    try { anchor = decodeURIComponent(anchor); } catch (malformed) { return; }
    var range = ranges[anchor] || [0, 0, body.words.length];  // heading, text, end
    var locations = shifted(sub.locations, body.shift).filter(function (at) { return at >= range[0] && at < range[2]; });
    var weight = (sub.weighted_locations || []).reduce(function (sum, at) { return sum + (at.balanced_score || 0); }, 0);
    var found = { anchor: anchor, title: escapeHtml(sub.title || anchor),
                  text: excerpt(body.words, locations, range[1], range[2]),
                  weight: weight, complete: wordsMatched(body.words, locations) >= termCount };
    if (PARAGRAPH.test(anchor) && found.complete) { own.push(found); } else { children.push(found); }
  });
  own.sort(function (a, b) { return b.weight - a.weight; });
  children.sort(function (a, b) { return b.weight - a.weight; });
  var groups = own.slice(0, 1).map(function (found) {
    return [{ location: page + "?at=" + encodeURIComponent(found.anchor), title: found.title, text: found.text,
              score: score, terms: terms }];
  });
  var rest = own.slice(1).concat(children);
  var head = { location: page, title: escapeHtml(title), score: score, terms: terms,
               text: excerpt(body.words, shifted(data.locations, body.shift), 0, intro) };
  groups.push([head].concat(rest.map(function (found, index) {
    return { location: page + "#" + encodeURIComponent(found.anchor), title: found.title, text: found.text,
             score: index === 0 ? score : score / 2, terms: terms };
  })));
  return groups;
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
      var items = [];
      datas.forEach(function (data, index) {
        items = items.concat(pageGroups(data, top[index].score, terms, Object.keys(terms).length));
      });
      self.postMessage({ type: RESULT, data: { items: items } });
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
    // A chapter is one long record and a glossary term a short one: Pagefind's default penalty for length
    // (0.75) put terms such as "Independent Chair" above the chapter of that name. The twenty recorded
    // queries (bench/search_queries.yml) all answer first at 0.25.
    return pagefind.options({ excerptLength: EXCERPT_WORDS, ranking: { pageLength: 0.25 } });
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
    var id = (latest += 1), query = String(message.data || "");
    clearTimeout(pending);
    if (query.trim()) {
      pending = setTimeout(function () { answer(id, query); }, TYPING_PAUSE_MS);
    } else {
      answer(id, query);  // an emptied box clears the results at once
    }
  }
});
