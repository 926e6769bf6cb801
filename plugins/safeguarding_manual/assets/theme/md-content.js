// Material for MkDocs: open the content tab named in the address, loaded from a file (no inline script).
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
