// Material for MkDocs' storage helpers, loaded from a file: the site's Content-Security-Policy runs no
// inline script. The scope (the site's root) comes from the data-md-scope attribute of this script tag.
var __md_scope = new URL(document.currentScript.getAttribute("data-md-scope"), location),
  __md_hash = function (value) {
    return Array.prototype.reduce.call(value, function (hash, character) {
      return (hash << 5) - hash + character.charCodeAt(0);
    }, 0);
  },
  __md_get = function (key, storage, scope) {
    storage = storage || localStorage;
    scope = scope || __md_scope;
    return JSON.parse(storage.getItem(scope.pathname + "." + key));
  },
  __md_set = function (key, value, storage, scope) {
    storage = storage || localStorage;
    scope = scope || __md_scope;
    try {
      storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
    } catch (error) {}
  };
