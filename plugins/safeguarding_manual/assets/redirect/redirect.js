// A moved chapter's old address sends the reader on, keeping a cited paragraph (#3.21).
// A file rather than an inline script: the site's Content-Security-Policy runs no inline script.
location.replace(document.currentScript.getAttribute("data-target") + location.hash);
