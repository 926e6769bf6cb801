"""Pages linkchecker found clean, remembered so that the next ``procedures check`` gives it only what changed.

Whether a page's links pass depends on the page's own HTML and on what the pages it links to offer: that
they are there, and which anchors they have. A page that linkchecker read and found clean is kept under a
key made of exactly those things (plus the code, linkchecker's version and the list of every file of the
site), so a later check hands linkchecker only the pages whose key is new: a page that changed, a page
whose link target lost or gained an anchor, or every page when a file was added or removed anywhere.

A page with a problem is never kept, so its problems are found and reported again on every check. Nothing
is kept when other websites are checked (``--check-extern``): they change without us. The keys live in the
build cache (``$PROCEDURES_CACHE_DIR``, outside the project, where a pull request cannot plant an entry).
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser

from .mkdocs_plugins.disk_cache import DiskStore, cache_folder, code_signature, entry_key

#: Attributes that can hold an address with an anchor (linkchecker's LinkTags, less the lists of several).
ADDRESS_ATTRIBUTES = ("action", "background", "cite", "classid", "codebase", "content", "data", "formaction",
                      "href", "itemtype", "longdesc", "lowsrc", "manifest", "pluginspage", "profile", "src",
                      "usemap")
_ADDRESS_SET = frozenset(ADDRESS_ATTRIBUTES)
_ANCHORED = ", ".join(f'[{attribute}*="#"]' for attribute in ADDRESS_ATTRIBUTES)
#: The host that stands for the site while addresses are resolved (any host the site never names).
_SITE = "http://site.invalid/"


class PageFacts(NamedTuple):
    """What a page's key is made of, read in one parse of the page."""

    digest: str  # of its bytes
    anchors: str  # a digest of the ids and <a name>s a link's anchor can name
    targets: frozenset[str] | None  # addresses its anchored links point into, without the anchor (None: <base>)


class CheckedPages:
    """The keys of the built site's pages, and which of them linkchecker already found clean."""

    def __init__(self, site: Path, store: DiskStore | None = None) -> None:
        self.site = site
        self.store = store or DiskStore(cache_folder("clean-links"))
        self.keys = self._page_keys()

    def unchecked(self) -> list[str]:
        """Served paths ("/core/alpha/") of the pages not known clean in exactly their present state."""
        return sorted(path for path, key in self.keys.items() if key is None or not self.store.has(key))

    def keep_clean(self, paths: Iterable[str]) -> None:
        """Remember these pages (just read by linkchecker, with no problem) as clean."""
        for path in paths:
            if (key := self.keys.get(path)) is not None:
                self.store.put(key, {"page": path})
        self.store.remove_unused()

    def _page_keys(self) -> dict[str, str | None]:
        """Every page's key: its bytes, the anchors of every page its anchored links point into, and what every
        page shares: the code, linkchecker, the names of all the site's files (whether a link's target is
        there, a folder or a file) and robots.txt (which pages linkchecker reads)."""
        files = sorted(path.relative_to(self.site).as_posix() for path in self.site.rglob("*") if path.is_file())
        robots = self.site / "robots.txt"
        signature = entry_key(code_signature(), f"linkchecker={_linkchecker_version()}",
                              hashlib.sha256(robots.read_bytes() if robots.is_file() else b"-").hexdigest(), *files)
        facts = {name: page_facts((self.site / name).read_bytes()) for name in files if name.endswith(".html")}
        keys: dict[str, str | None] = {}
        states: dict[str, str] = {}  # by target
        for name, page in facts.items():
            served = served_path(name)
            if page.targets is None:
                keys[served] = None
                continue
            targets = {target for address in page.targets if (target := _target_of(served, address)) is not None}
            for target in targets - states.keys():
                states[target] = f"{target}={self._anchors_of(target, facts)}"
            keys[served] = entry_key(signature, served, page.digest, *(states[target] for target in sorted(targets)))
        return keys

    def _anchors_of(self, served: str, facts: dict[str, PageFacts]) -> str:
        """The anchors of the page served at ``served``, or what stands there instead."""
        file = self._file_of(served)
        if file is None:
            return "missing"
        page = facts.get(file.relative_to(self.site).as_posix())
        return page.anchors if page is not None else "not a page"

    def _file_of(self, served: str) -> Path | None:
        path = self.site / urllib.parse.unquote(served).lstrip("/")
        if not path.resolve().is_relative_to(self.site.resolve()):
            return None
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None


def served_path(name: str) -> str:
    """The address a file of the site is served at, from the root: "core/alpha/index.html" -> "/core/alpha/"."""
    return "/" + (name.removesuffix("index.html") if name == "index.html" or name.endswith("/index.html") else name)


def page_facts(html: bytes) -> PageFacts:
    tree = LexborHTMLParser(html)
    names = {node.attributes.get("id") or "" for node in tree.css("[id]")}
    names |= {node.attributes.get("name") or "" for node in tree.css("a[name]")}
    anchors = hashlib.sha256("\0".join(sorted(names)).encode()).hexdigest()
    targets = None if tree.css_first("base[href]") is not None else frozenset(_anchored_addresses(tree))
    return PageFacts(hashlib.sha256(html).hexdigest(), anchors, targets)


def _anchored_addresses(tree: LexborHTMLParser) -> set[str]:
    """Every address with an anchor in the page, without the anchor (each once). (A page with a ``<base>``
    address has none worked out: this module does not resolve them, and the page is checked every time.)"""
    addresses = set()
    for node in tree.css(_ANCHORED):
        for attribute, value in node.attributes.items():
            if value and "#" in value and attribute in _ADDRESS_SET:
                addresses.add(value.partition("#")[0])
    return addresses


def _target_of(served: str, address: str) -> str | None:
    """The served path of the page ``address`` (written on the page at ``served``) points into, if on the site."""
    parts = urllib.parse.urlsplit(urllib.parse.urljoin(_SITE + served.lstrip("/"), address.strip()))
    if f"{parts.scheme}://{parts.netloc}/" != _SITE:
        return None
    return parts.path or "/"


def _linkchecker_version() -> str:
    try:
        return metadata.version("linkchecker")
    except metadata.PackageNotFoundError:
        return "-"

