/* Search on demand: the theme starts its search worker and downloads the whole search index on every page,
   though most visits never search. This file runs before the theme's bundle and holds both back until the
   reader shows they want to search (focuses or clicks the search box, or presses a search shortcut); then
   they start at once and the theme shows "Initializing search" as usual. Nothing else changes. */
(function () {
  "use strict";
  var wanted = false;
  var waiting = [];

  function want() {
    if (wanted) { return; }
    wanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }
  function whenWanted(go) { if (wanted) { go(); } else { waiting.push(go); } }
  window.__searchOnDemand = { start: want, started: function () { return wanted; } };

  // The index request (the theme uses XMLHttpRequest) waits.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__searchIndex = /\/search\/search_index\.json(?:[?#]|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (request.__searchIndex && !wanted) {
      whenWanted(function () { send.apply(request, args); });
      return undefined;
    }
    return send.apply(request, args);
  };

  // The search worker starts when wanted; messages sent to it before then are kept in order.
  var RealWorker = window.Worker;
  if (RealWorker && window.EventTarget) {
    var LazyWorker = function (url, options) {
      var target = new EventTarget(), queue = [], real = null;
      target.postMessage = function (message) { if (real) { real.postMessage(message); } else { queue.push(message); } };
      target.terminate = function () { if (real) { real.terminate(); } };
      whenWanted(function () {
        real = new RealWorker(url, options);
        real.addEventListener("message", function (event) {
          target.dispatchEvent(new MessageEvent("message", { data: event.data }));
        });
        real.addEventListener("error", function () { target.dispatchEvent(new Event("error")); });
        queue.splice(0).forEach(function (message) { real.postMessage(message); });
      });
      return target;
    };
    // The theme's worker is replaced by ours beside it (workers/procedures-search.js), which answers from
    // the site's word index and hands over to the theme's worker when the build made none.
    var THEME_WORKER = /\/workers\/(search\.[0-9a-f]+\.min\.js)(?:[?#].*)?$/;
    window.Worker = function (url, options) {
      var theme = THEME_WORKER.exec(String(url));
      if (!theme) { return new RealWorker(url, options); }
      var ours = String(url).replace(THEME_WORKER, "/workers/procedures-search.js?theme=" + theme[1]);
      return LazyWorker(ours, options);
    };
  }

  function isSearchControl(element) {
    return Boolean(element && element.closest &&
      element.closest("[data-md-component=search], label[for=__search], #__search, .md-search"));
  }
  document.addEventListener("focusin", function (event) { if (isSearchControl(event.target)) { want(); } }, true);
  document.addEventListener("pointerdown", function (event) { if (isSearchControl(event.target)) { want(); } }, true);
  document.addEventListener("change", function (event) { if (event.target && event.target.id === "__search") { want(); } }, true);
  document.addEventListener("keydown", function (event) {
    var typing = event.target && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && /^[/sfSF]$/.test(event.key)) { want(); }
  }, true);
  // Arriving from a search result (?h=...), or with the search open, searches at once.
  if (/[?&]q=/.test(window.location.search)) { want(); }
})();
