"""Pages linkchecker found clean, remembered so that the next ``procedures check`` gives it only what changed.

Whether a page's links pass depends on the page's own HTML and on what its links point to: whether each
target is there (a page, another file, a folder, nothing) and, for a link with an anchor, which anchors the
target page has. A page that linkchecker read and found clean is kept under a key made of exactly those
things, plus the code, linkchecker's version, robots.txt and the names of the site's files (so a file added
or removed anywhere has every page checked again; the search index's files are left out of that list, since
their names change with every edit and no page links them). A later check hands linkchecker only the pages
whose key is new: a page that changed, or whose link targets changed in a way that matters to its links.

A page with a problem is never kept, so its problems are found and reported again on every check. Nothing
is kept when other websites are checked (``--check-extern``): they change without us. The keys live in the
build cache (``$PROCEDURES_CACHE_DIR``, outside the project, where a pull request cannot plant an entry).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser

from .mkdocs_plugins.disk_cache import DiskStore, cache_folder, code_signature, entry_key

#: Attributes holding one address (linkchecker's LinkTags, less ``content``, ``srcset`` and ``style``, read apart).
ADDRESS_ATTRIBUTES = ("action", "archive", "background", "cite", "classid", "codebase", "data", "formaction",
                      "href", "itemtype", "longdesc", "lowsrc", "manifest", "pluginspage", "profile", "src",
                      "usemap")
#: An address inside a style attribute.
STYLE_ADDRESS = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.IGNORECASE)
#: The address of a ``<meta http-equiv="refresh" content="0; url=...">`` (our redirect pages).
REFRESH_ADDRESS = re.compile(r"""url\s*=\s*['"]?([^'"\s]+)""", re.IGNORECASE)
#: Folders of the site no page links to, whose file names change with every build of new content.
UNLINKED_FOLDERS = ("search-index/",)
#: The host that stands for the site while addresses are resolved (any host the site never names).
_SITE = "http://site.invalid/"


class PageFacts(NamedTuple):
    """What a page's key is made of, read in one parse of the page."""

    digest: str  # of its bytes
    names: frozenset[str]  # the ids and <a name>s a link's anchor can name
    anchors: str  # a digest of them
    #: each page of the site it links to (served path), and whether a link to it carries an anchor;
    #: None for a page with a <base>, whose addresses this module does not resolve
    targets: tuple[tuple[str, bool], ...] | None


class CheckedPages:
    """The keys of the built site's pages, and which of them linkchecker already found clean."""

    def __init__(self, site: Path, store: DiskStore | None = None) -> None:
        self.site = site
        self.store = store or DiskStore(cache_folder("clean-links"))
        self.files = _files_of(site)
        self.facts = self._read_pages()
        self.keys = self._page_keys()

    def unchecked(self) -> list[str]:
        """Served paths ("/core/alpha/") of the pages not known clean in exactly their present state."""
        return sorted(path for path, key in self.keys.items() if key is None or not self.store.has(key))

    def anchors(self) -> dict[str, list[str]]:
        """What a link's anchor can name on each page, by served path (for the anchor plugin: ``check.py``)."""
        return {path: sorted(page.names) for path, page in self.facts.items()}

    def keep_clean(self, paths: Iterable[str]) -> None:
        """Remember these pages (just read by linkchecker, with no problem) as clean."""
        for path in paths:
            if (key := self.keys.get(path)) is not None:
                self.store.put(key, {"page": path})
        self.store.remove_unused()

    def _read_pages(self) -> dict[str, PageFacts]:
        """Every page's facts by served path; a page whose bytes were read at the last check is not parsed again.

        Parsing every page (and resolving its links) took 3 to 5 s of a check at 1,000 chapters, whatever
        changed; hashing them takes a tenth of a second. What a page's bytes hold at its served path never
        changes, so the facts of the last check's pages are kept under their path and digest.
        """
        facts_key = entry_key(code_signature(), "page-facts")
        known = (self.store.get(facts_key) or {}).get("pages")
        known = known if isinstance(known, dict) else {}
        facts: dict[str, PageFacts] = {}
        for name in sorted(name for name in self.files if name.endswith(".html")):
            served = served_path(name)
            html = (self.site / name).read_bytes()
            digest = hashlib.sha256(html).hexdigest()
            facts[served] = _facts_from_entry(digest, known.get(f"{served} {digest}")) or page_facts(served, html)
        read = {f"{served} {page.digest}": page for served, page in facts.items()}
        if read.keys() != known.keys():  # kept: this site's pages only, so the entry never grows past one site
            self.store.put(facts_key, {"pages": {key: _facts_entry(page) for key, page in read.items()}})
        return facts

    def _page_keys(self) -> dict[str, str | None]:
        """Every page's key (None: a page this module cannot judge, checked every time)."""
        robots = self.site / "robots.txt"
        signature = entry_key(code_signature(), f"linkchecker={_linkchecker_version()}",
                              hashlib.sha256(robots.read_bytes() if robots.is_file() else b"-").hexdigest(),
                              *sorted(name for name in self.files if not name.startswith(UNLINKED_FOLDERS)))
        keys: dict[str, str | None] = {}
        states: dict[tuple[str, bool], str] = {}  # by target, and whether a link to it has an anchor
        for served, page in self.facts.items():
            if page.targets is None:
                keys[served] = None
                continue
            for target in page.targets:
                if target not in states:
                    states[target] = f"{target[0]}={self._state_of(*target)}"
            keys[served] = entry_key(signature, served, page.digest, *(states[target] for target in page.targets))
        return keys

    def _state_of(self, served: str, anchored: bool) -> str:
        """What stands at ``served``: nothing, a file, a page, or (for a link with an anchor) the page's anchors."""
        name = self._file_of(served)
        if name is None:
            return "missing"
        page = self.facts.get(served_path(name))
        if page is None:
            return "file"
        return page.anchors if anchored else "page"

    def _file_of(self, served: str) -> str | None:
        """The site's file (its name in the folder) that the server answers ``served`` with, or None.

        As ``serving.serve_folder`` serves it: a folder by its index.html, and nothing outside the site.
        """
        name = posixpath.normpath(urllib.parse.unquote(served).lstrip("/"))
        if name == ".":
            name = ""
        elif name == ".." or name.startswith(("../", "/")):
            return None
        for candidate in (f"{name}/index.html" if name else "index.html", name):
            if candidate in self.files:
                return candidate
        return None


def _files_of(site: Path) -> frozenset[str]:
    """The names of every file of the site ("core/alpha/index.html"), as the server can answer with them."""
    names = set()
    for folder, _, files in os.walk(site):
        prefix = Path(folder).relative_to(site).as_posix()
        names.update(name if prefix == "." else f"{prefix}/{name}" for name in files
                     if os.path.isfile(os.path.join(folder, name)))
    return frozenset(names)


def _facts_entry(page: PageFacts) -> list[object]:
    return [sorted(page.names), page.anchors, None if page.targets is None else [list(t) for t in page.targets]]


def _facts_from_entry(digest: str, entry: object) -> PageFacts | None:
    """Facts kept by an earlier check, or None for an entry that is missing or not in the shape written."""
    try:
        names, anchors, targets = entry  # type: ignore[misc]
        facts = PageFacts(digest, frozenset(names), anchors, None if targets is None else
                          tuple((target, anchored) for target, anchored in targets))
    except (TypeError, ValueError):
        return None
    shaped = isinstance(anchors, str) and all(isinstance(name, str) for name in facts.names) and (
        facts.targets is None or all(isinstance(target, str) and isinstance(anchored, bool)
                                     for target, anchored in facts.targets))
    return facts if shaped else None


def served_path(name: str) -> str:
    """The address a file of the site is served at, from the root: "core/alpha/index.html" -> "/core/alpha/"."""
    return "/" + (name.removesuffix("index.html") if name == "index.html" or name.endswith("/index.html") else name)


def page_facts(served: str, html: bytes) -> PageFacts:
    """The facts of the page served at ``served`` whose bytes are ``html``."""
    tree = LexborHTMLParser(html)
    names = frozenset({node.attrs.get("id") or "" for node in tree.css("[id]")}
                      | {node.attrs.get("name") or "" for node in tree.css("a[name]")}) - {""}
    anchors = hashlib.sha256("\0".join(sorted(names)).encode()).hexdigest()
    digest = hashlib.sha256(html).hexdigest()
    if tree.css_first("base[href]") is not None:  # addresses this module does not resolve
        return PageFacts(digest, names, anchors, None)
    linked, anchored = set(), set()
    for address in _addresses(tree):
        target, anchor, _ = address.partition("#")
        linked.add(target)
        if anchor:
            anchored.add(target)
    targets = {(target, address in anchored) for address in linked
               if (target := _target_of(served, address)) is not None}
    return PageFacts(digest, names, anchors, tuple(sorted(targets)))


def _addresses(tree: LexborHTMLParser) -> Iterator[str]:
    """Every address the page links to, as linkchecker finds them (its LinkTags), each as written."""
    for attribute in ADDRESS_ATTRIBUTES:
        for node in tree.css(f"[{attribute}]"):
            yield node.attrs.get(attribute) or ""
    for node in tree.css("[srcset]"):
        yield from (candidate.split()[0] for candidate in (node.attrs.get("srcset") or "").split(",")
                    if candidate.strip())
    for node in tree.css("[style]"):
        yield from STYLE_ADDRESS.findall(node.attrs.get("style") or "")
    for node in tree.css("meta[content]"):
        if (node.attrs.get("http-equiv") or "").lower() == "refresh":
            yield from REFRESH_ADDRESS.findall(node.attrs.get("content") or "")


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

