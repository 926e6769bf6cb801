"""A linkchecker plugin that checks every anchor of the site, reading each page once.

linkchecker's own AnchorCheck makes every ``page#anchor`` a URL of its own: with it
enabled, linkchecker downloads and parses a page again for each anchor linked into it
(linkchecker/linkchecker#781, open). Our pages link every numbered paragraph, so a
manual of 1,000 chapters holds some 300,000 such URLs and the check never ends.

This plugin runs inside linkchecker, on the content of every page linkchecker checks
(each page once, as linkchecker does without AnchorCheck). It takes the links of that
page that carry an anchor, finds the page each one points to in the built folder, and
looks the anchor up among that page's anchors, which it collects once per page with
linkchecker's own parser and tags (the same ``id`` and ``<a name>`` that AnchorCheck
accepts). A missing anchor becomes a linkchecker warning on the page that holds the
link, naming the line of the link.

linkchecker loads plugins by file from a plugin folder, not from a package, so this
file imports nothing but linkchecker and the standard library: ``check.py`` copies it
into a private plugin folder for each run.
"""

from __future__ import annotations

import atexit
import sys
import threading
import urllib.parse
from typing import NamedTuple
from pathlib import Path

from linkcheck.htmlutil import htmlsoup, linkparse
from linkcheck.plugins import _ContentPlugin

#: Every warning of this plugin starts with this; ``check.py`` reads them back by it.
WARNING_START = "Anchor not found:"


class AnchorLink(NamedTuple):
    """A link to an anchor of a page of the site, where it was found.

    (A named tuple, not a dataclass: linkchecker loads this file without entering it in sys.modules,
    which dataclasses need.)
    """

    page: str  # the address of the page holding the link, from the site's root ("/core/alpha/")
    line: int
    target: str  # the address linked to, without the anchor
    anchor: str  # as written
    decoded: str  # as an ``id`` would spell it

    def warning(self) -> str:
        return (f"{WARNING_START} {self.page} line {self.line} links to {self.target}#{self.anchor}: "
                f"Anchor '{self.decoded}' is not on that page.")


class PageAnchorCheck(_ContentPlugin):
    """Checks that every anchor a page links to exists in the built site.

    Each page's anchors are read from the page linkchecker has just parsed. A link to a page
    not yet checked waits for that page; its warning then goes on that page's record (the
    warning names the page and line holding the link either way). A link whose page
    linkchecker never checks is judged when linkchecker exits, reading that page from disk.
    """

    def __init__(self, config: dict[str, str]) -> None:
        super().__init__(config)
        self.site_url = config["site_url"]
        self.site_folder = Path(config["site_folder"]).resolve()
        self._anchors: dict[Path, frozenset[str]] = {}
        self._waiting: dict[Path, list[AnchorLink]] = {}
        self._files: dict[str, Path | None] = {}
        self._lock = threading.Lock()
        atexit.register(self._judge_the_rest)

    @classmethod
    def read_config(cls, configparser) -> dict[str, str]:  # type: ignore[no-untyped-def]
        """The site's address as served to linkchecker, and the folder it is served from."""
        section = cls.__name__
        return {option: configparser.get(section, option) for option in ("site_url", "site_folder")}

    def applies_to(self, url_data) -> bool:  # type: ignore[no-untyped-def]
        """Pages of the site; pages elsewhere are linkchecker's alone."""
        return bool(url_data.is_html() and url_data.url and url_data.url.startswith(self.site_url))

    def check(self, url_data) -> None:  # type: ignore[no-untyped-def]
        """Judge the links waiting for this page, and this page's links to pages already read."""
        soup = url_data.get_soup()
        own_file = self._file_of(url_data.url)
        page = self._shown(url_data.url)
        broken: list[AnchorLink] = []
        with self._lock:
            if own_file is not None and own_file not in self._anchors:
                self._anchors[own_file] = _anchors_in(soup)
                broken += self._broken(own_file, self._waiting.pop(own_file, []))
        for url, line, base in _links_with_anchors(soup):
            found = self._anchor_link(page, url, line, base or url_data.url, url_data.encoding or "utf-8")
            if found is not None:
                broken += self._judge_or_wait(*found)
        for link in broken:
            url_data.add_warning(link.warning())

    def _anchor_link(self, page: str, url: str, line: int | None, base: str,
                     encoding: str) -> tuple[AnchorLink, Path] | None:
        """The link and the built file it points into, when it points to an anchor of a page of this site."""
        target, _, anchor = urllib.parse.urljoin(base, url).partition("#")
        target_file = self._file_of(target) if anchor else None
        if target_file is None:
            return None  # no anchor; another site's page; or a page that is not there, which linkchecker reports
        decoded = urllib.parse.unquote(anchor, encoding=encoding)
        return AnchorLink(page, line or 0, self._shown(target), anchor, decoded), target_file

    def _judge_or_wait(self, link: AnchorLink, target_file: Path) -> list[AnchorLink]:
        with self._lock:
            if target_file in self._anchors:
                return self._broken(target_file, [link])
            self._waiting.setdefault(target_file, []).append(link)
            return []

    def _broken(self, page: Path, links: list[AnchorLink]) -> list[AnchorLink]:
        return [link for link in links if link.decoded not in self._anchors[page]]

    def _judge_the_rest(self) -> None:
        """Links to pages linkchecker never read: judged from the built files, reported on standard error."""
        for page, links in sorted(self._waiting.items()):
            self._anchors[page] = _anchors_in(htmlsoup.make_soup(page.read_bytes()))
            for link in self._broken(page, links):
                print(link.warning(), file=sys.stderr)

    def _shown(self, url: str) -> str:
        """The address from the site's root, as a reader would cite it."""
        return "/" + url[len(self.site_url):].partition("#")[0]

    def _file_of(self, url: str) -> Path | None:
        """The built file served at ``url``, or None when it is not a page of this site."""
        if url not in self._files:
            self._files[url] = self._find_file(url)
        return self._files[url]

    def _find_file(self, url: str) -> Path | None:
        if not url.startswith(self.site_url):
            return None
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path[len(urllib.parse.urlsplit(self.site_url).path):])
        candidate = (self.site_folder / path).resolve()
        if not candidate.is_relative_to(self.site_folder):
            return None  # an address that climbs out of the site (content is untrusted)
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if candidate.suffix not in (".html", ".htm") or not candidate.is_file():
            return None
        return candidate


# linkchecker's own ``linkparse.find_links`` also works out every element's whole text (its link name),
# which is most of its time on our long pages; these walks read the same tags and attributes without it.

def _anchors_in(soup) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """What a link's anchor can name: any element's ``id`` and ``<a name>`` (linkchecker's AnchorTags)."""
    found: set[str] = set()
    for element in soup.find_all(True):
        for attribute in ("id", "name") if element.name == "a" else ("id",):
            value = element.attrs.get(attribute)
            if value:
                found.add(value)
    return frozenset(found)


def _links_with_anchors(soup) -> list[tuple[str, int | None, str]]:  # type: ignore[no-untyped-def]
    """(address, line, base) of every link of the page that carries an anchor, in linkchecker's LinkTags."""
    universal = set(linkparse.LinkTags.get(None, []))
    links: list[tuple[str, int | None, str]] = []
    base = ""
    for element in soup.find_all(True):
        if element.name == "base" and not base:
            base = element.attrs.get("href", "")
        for attribute in universal.union(linkparse.LinkTags.get(element.name, ())).intersection(element.attrs):
            value = element.attrs[attribute]
            if isinstance(value, str) and "#" in value and attribute not in ("style", "srcset", "archive"):
                links.append((value, element.sourceline, base))
    return links
