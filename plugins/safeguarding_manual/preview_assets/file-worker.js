// Search in a preview opened from disk (file://), where browsers refuse to start a Web Worker.
// Only the downloaded preview loads this file; the published site never does.
//
// A stand-in for Worker runs the worker's script in a hidden frame of this page (a srcdoc frame has the
// page's own origin) and passes messages both ways, so the theme's search works unchanged.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function FileWorker(url) {
    var worker = this, listeners = [], waiting = [], ready = false;
    var frame = document.createElement("iframe");

    function deliver(data) {
      var event = new MessageEvent("message", { data: data });
      listeners.forEach(function (listener) { listener.call(worker, event); });
      if (typeof worker.onmessage === "function") worker.onmessage(event);
    }
    function send(data) {
      frame.contentWindow.dispatchEvent(new MessageEvent("message", { data: data }));
    }

    worker.onmessage = null;
    worker.onerror = null;
    worker.addEventListener = function (type, listener) { if (type === "message") listeners.push(listener); };
    worker.removeEventListener = function (type, listener) {
      listeners = listeners.filter(function (other) { return other !== listener; });
    };
    worker.postMessage = function (data) { if (ready) send(data); else waiting.push(data); };
    worker.terminate = function () { frame.remove(); };

    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.title = "Search";
    frame.addEventListener("load", function () {
      var scope = frame.contentWindow, document_ = scope.document;
      scope.postMessage = deliver;  // the worker's replies come back to the page
      scope.importScripts = function () {
        Array.prototype.forEach.call(arguments, function (script) {
          document_.write('<script src="' + new URL(script, url).href + '"><\/script>');
        });
      };
      var script = document_.createElement("script");
      script.src = url;
      script.onload = function () {
        ready = true;
        waiting.splice(0).forEach(send);
      };
      document_.head.appendChild(script);
    }, { once: true });
    frame.srcdoc = "<!doctype html><html><head><title>Search</title></head><body></body></html>";
    document.body.appendChild(frame);
  }

  window.Worker = function (url) {
    return new FileWorker(new URL(url, location.href).href);
  };
})();
