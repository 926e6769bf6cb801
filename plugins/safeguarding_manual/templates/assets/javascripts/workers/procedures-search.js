/* The search worker the theme talks to, answering from the site's word index (search-index/).

   The theme's own worker builds a Lunr index in the browser from one file holding every page's text
   (21 MB at 1,000 chapters): a phone cannot afford to download it or the seconds and hundreds of MB
   that building it takes. The word index (core/pages/word_index.py) is in small parts: a query downloads
   the parts of the word list holding its words (each word's records and scores, a few KB), then the text
   of the results it shows, where this worker finds the sections and numbered paragraphs that match.

   This worker speaks the theme's own message protocol (SETUP, READY, QUERY, RESULT), so the theme's
   search box, result list, keyboard use and screen-reader announcements stay exactly as they are.
   It lives beside the theme's worker, whose name it is given (`?theme=search.<hash>.min.js`): when the
   site was built without a word index (a preview opened from disk), the index file says so and the
   theme's worker is loaded in this one and answers instead.

   Everything shown is built here from plain text and escaped: nothing from the index reaches the page
   as markup except the <mark> and <p> elements this file writes. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var FORMAT = 1;            // the index's layout this worker reads (word_index.FORMAT)
var SHOWN = 10;            // records whose text is downloaded and shown for a query (the theme shows ten)
var EXCERPT_WORDS = 36;    // words of text shown under each result
/* The last word of a query, while it is being typed, also finds the words it begins ("assess" finds
   "assessment"), counting this much of an exact match; words shorter than this are not read as beginnings,
   and no more than this many parts of the word list are downloaded for one. */
var BEGINNING_SCORE = 0.5, BEGINNING_LETTERS = 3, BEGINNING_PARTS = 3;
/* A word of a part's heading counts this many times one of its text, when ordering a page's parts. */
var HEADING_WEIGHT = 3;
/* The theme sends a query at every keystroke. Each search downloads the word list's parts for the words
   typed so far and the text of their results: a pause this long after the last keystroke spares a phone
   the parts and texts of "r", "re", "ref", ... on the way to "referral". */
var TYPING_PAUSE_MS = 150;
var index = null;          // index.json: the folder of the parts, and each part's first word
var folder = null;         // the URL of that folder
var handedOver = false;
var latest = 0;
var pending = null;
var early = null;          // a query typed before the index file arrived, answered when it does
var parts = {};            // part number -> promise of the part (each downloaded once)
var records = {};          // record number -> promise of the record

/* --- words, exactly as core/pages/word_index.py makes them ---------------------------------------- */

var WORD = /[0-9]+(?:\.[0-9]+)+|[\p{L}\p{N}]+/gu;

function folded(text) {
  return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

function wordsOf(text) {
  return folded(text).match(WORD) || [];
}

function stem(word) {
  if (word.length <= 3 || word.charAt(word.length - 1) !== "s" || !/^\p{L}+$/u.test(word)) { return word; }
  if (/ies$/.test(word) && word.length > 4) { return word.slice(0, -3) + "y"; }
  if (/(?:sses|ches|shes|xes|zes)$/.test(word)) { return word.slice(0, -2); }
  if (/(?:ss|us|is)$/.test(word)) { return word; }
  return word.slice(0, -1);
}

/* --- the index ------------------------------------------------------------------------------------ */

function fetchJson(url, options) {
  return fetch(url, options).then(function (response) {
    if (!response.ok) { throw new Error("Search index: " + url + " answered " + response.status); }
    return response.json();
  });
}

/* The number of the part that holds ``word`` (or would): the last whose first word is not after it. */
function partOf(word) {
  var first = index.parts, low = 0, high = first.length - 1;
  while (low < high) {
    var middle = (low + high + 1) >> 1;
    if (first[middle] <= word) { low = middle; } else { high = middle - 1; }
  }
  return low;
}

function part(number) {
  if (!parts[number]) { parts[number] = fetchJson(folder + "w/" + number + ".json"); }
  return parts[number];
}

function record(number) {
  if (!records[number]) { records[number] = fetchJson(folder + "r/" + number + ".json"); }
  return records[number];
}

/* The words of the query: each as the index holds it, and for the last, while it is being typed, the
   beginning of longer words. */
function queryWords(query) {
  var seen = Object.create(null), words = [];  // no inherited keys: "constructor" is a word too
  var typing = !/\s$/.test(query);
  wordsOf(query).forEach(function (word, at, all) {
    var held = stem(word);
    if (seen[held]) { return; }
    seen[held] = true;
    var beginning = typing && at === all.length - 1 && word.length >= BEGINNING_LETTERS && /^\p{L}/u.test(word);
    words.push({ stem: held, beginning: beginning ? word : null });
  });
  return words;
}

/* Record number -> score, for the records holding one query word. */
function recordsOf(word) {
  var numbers = [partOf(word.stem)];
  if (word.beginning) {
    var first = partOf(word.beginning), last = Math.min(partOf(word.beginning + "\uffff"), first + BEGINNING_PARTS - 1);
    for (var n = first; n <= last; n++) {
      if (numbers.indexOf(n) < 0) { numbers.push(n); }
    }
  }
  return Promise.all(numbers.map(part)).then(function (loaded) {
    var found = {};
    loaded.forEach(function (words) {
      Object.keys(words).forEach(function (held) {
        var weight = held === word.stem ? 1 : (word.beginning && held.indexOf(word.beginning) === 0 ? BEGINNING_SCORE : 0);
        if (!weight) { return; }
        var gaps = words[held][0], scores = words[held][1], number = 0;
        for (var i = 0; i < gaps.length; i++) {
          number += gaps[i];
          found[number] = Math.max(found[number] || 0, scores[i] * weight);
        }
      });
    });
    return found;
  });
}

/* The records holding every word of the query, best first; where none holds them all, those holding most. */
function ranked(perWord) {
  var totals = {};
  perWord.forEach(function (found) {
    Object.keys(found).forEach(function (number) {
      var total = totals[number] || (totals[number] = { number: Number(number), words: 0, score: 0 });
      total.words += 1;
      total.score += found[number];
    });
  });
  var all = Object.keys(totals).map(function (number) { return totals[number]; });
  var most = all.reduce(function (best, total) { return Math.max(best, total.words); }, 0);
  return all.filter(function (total) { return total.words === most; })
            .sort(function (a, b) { return b.score - a.score || a.number - b.number; });
}

/* --- what is shown -------------------------------------------------------------------------------- */

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* The words of the query as the reader typed them, for the theme's highlighting on the result page. */
function queryTerms(query) {
  var terms = Object.create(null);
  query.toLowerCase().split(/[\s,;:!?()"]+/).filter(Boolean).forEach(function (term) { terms[term] = true; });
  return terms;
}

/* Which query word (its position in ``words``) a word of the text is, or -1. */
function matcher(words) {
  return function (shown) {
    var inside = wordsOf(shown);
    for (var i = 0; i < inside.length; i++) {
      for (var w = 0; w < words.length; w++) {
        var word = words[w];
        if (stem(inside[i]) === word.stem || (word.beginning && inside[i].indexOf(word.beginning) === 0)) { return w; }
      }
    }
    return -1;
  };
}

/* A text's words as shown, with the positions of those that match and which query words they are. */
function matched(text, match) {
  var words = String(text || "").split(/\s+/).filter(Boolean), at = [], which = {};
  words.forEach(function (word, position) {
    var w = match(word);
    if (w >= 0) { at.push(position); which[w] = true; }
  });
  return { words: words, at: at, which: which };
}

/* A window of the words around the first that matched, each matched word in <mark>. */
function excerpt(found) {
  var words = found.words;
  if (!words.length) { return ""; }
  var marked = {};
  found.at.forEach(function (at) { marked[at] = true; });
  var first = found.at.length ? found.at[0] : 0;
  var start = Math.max(0, Math.min(first - 6, words.length - EXCERPT_WORDS));
  var end = Math.min(words.length, start + EXCERPT_WORDS);
  var shown = words.slice(start, end).map(function (word, offset) {
    var text = escapeHtml(word);
    return marked[start + offset] ? "<mark>" + text + "</mark>" : text;
  });
  return "<p>" + (start > 0 ? "… " : "") + shown.join(" ") + (end < words.length ? " …" : "") + "</p>";
}

var PARAGRAPH = /^\d+(?:\.\d+)+$/;

/* One record found: the groups the theme shows for it. A numbered paragraph holding every word of the
   query comes first as a result of its own (at ?at=N.M, which the site turns into #N.M), so it is not
   buried under its page; the page follows with its other matching parts under it. */
function pageGroups(data, score, terms, words) {
  var match = matcher(words);
  var page = String(data.u || "");
  var own = [], children = [];
  (data.p || []).forEach(function (item) {
    var anchor = String(item[0]), heading = matched(item[1], match), text = matched(item[2], match);
    var weight = HEADING_WEIGHT * heading.at.length + text.at.length;
    if (!weight) { return; }
    var which = Object.assign({}, heading.which, text.which);
    var found = { anchor: anchor, title: escapeHtml(item[1] || anchor), text: excerpt(text), weight: weight,
                  complete: Object.keys(which).length >= words.length };
    if (PARAGRAPH.test(anchor) && found.complete) { own.push(found); } else { children.push(found); }
  });
  own.sort(function (a, b) { return b.weight - a.weight; });
  children.sort(function (a, b) { return b.weight - a.weight; });
  var groups = own.slice(0, 1).map(function (found) {
    return [{ location: page + "?at=" + encodeURIComponent(found.anchor), title: found.title, text: found.text,
              score: score, terms: terms }];
  });
  var rest = own.slice(1).concat(children);
  var head = { location: page, title: escapeHtml(data.t || page), score: score, terms: terms,
               text: excerpt(matched(data.x, match)) };
  groups.push([head].concat(rest.map(function (found, position) {
    return { location: page + "#" + encodeURIComponent(found.anchor), title: found.title, text: found.text,
             score: position === 0 ? score : score / 2, terms: terms };
  })));
  return groups;
}

function answer(id, query, again) {
  var words = queryWords(query);
  if (!words.length) {
    self.postMessage({ type: RESULT, data: { items: [] } });
    return Promise.resolve();
  }
  var terms = queryTerms(query);
  return Promise.all(words.map(recordsOf)).then(function (perWord) {
    if (id !== latest) { return null; }
    var top = ranked(perWord).slice(0, SHOWN);
    return Promise.all(top.map(function (found) { return record(found.number); })).then(function (datas) {
      if (id !== latest) { return; }
      var items = [];
      datas.forEach(function (data, position) {
        items = items.concat(pageGroups(data, top[position].score, terms, words));
      });
      self.postMessage({ type: RESULT, data: { items: items } });
    });
  }).catch(function (error) {
    parts = {};
    records = {};
    if (!again) {
      // A new version of the site replaced the folder this page read (its index.json names the new one):
      // read it again, from the site and not from the browser's cache, and search once more.
      return openIndex(true).then(function () { return answer(id, query, true); });
    }
    throw error;
  }).catch(function (error) {
    // Still no part (the connection dropped): no results rather than a search that never ends; the next
    // keystroke tries again.
    if (id === latest) { self.postMessage({ type: RESULT, data: { items: [] } }); }
    console.error(error);
  });
}

function start(setup) {
  var config = (setup.data && setup.data.config) || {};
  if (config.engine !== "word-index") {
    // No word index in this build: the theme's own worker takes over, from this message on.
    handedOver = true;
    var theme = new URL(self.location.href).searchParams.get("theme") || "";
    if (!/^search\.[0-9a-f]+\.min\.js$/.test(theme)) { throw new Error("Unexpected theme worker: " + theme); }
    importScripts(theme);
    self.dispatchEvent(new MessageEvent("message", { data: setup }));
    return;
  }
  openIndex().then(function () {
    self.postMessage({ type: READY });
    if (early !== null) { ask(early); }
  });
}

/* Read index.json, asked again at each visit and after a failed download (a new build names a new
   folder); the folder's own files never change, so a browser may keep them. After a failed download
   (``fresh``) the browser's copy is known to be out of date and is not even revalidated: a host that dates
   files to the second answers "not modified" for an index.json replaced within the second it was read. */
function openIndex(fresh) {
  var root = new URL("../../../search-index/", self.location.href);
  return fetchJson(new URL("index.json", root).href, { cache: fresh ? "reload" : "no-cache" }).then(function (loaded) {
    if (loaded.format !== FORMAT || !/^[0-9a-f]+$/.test(String(loaded.folder))) {
      throw new Error("Search index: a layout this page does not know (" + loaded.format + ")");
    }
    index = loaded;
    folder = new URL(loaded.folder + "/", root).href;
  });
}

self.addEventListener("message", function (event) {
  if (handedOver) { return; }
  var message = event.data || {};
  if (message.type === SETUP) {
    start(message);
  } else if (message.type === QUERY) {
    if (index) { ask(String(message.data || "")); } else { early = String(message.data || ""); }
  }
});

function ask(query) {
  var id = (latest += 1);
  clearTimeout(pending);
  if (query.trim()) {
    pending = setTimeout(function () { answer(id, query); }, TYPING_PAUSE_MS);
  } else {
    answer(id, query);  // an emptied box clears the results at once
  }
}
