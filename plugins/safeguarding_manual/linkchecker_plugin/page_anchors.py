"""A linkchecker plugin that checks every anchor of the site, reading each page once.

linkchecker's own AnchorCheck makes every ``page#anchor`` a URL of its own: with it
enabled, linkchecker downloads and parses a page again for each anchor linked into it
(linkchecker/linkchecker#781, open). Our pages link every numbered paragraph, so a
manual of 1,000 chapters holds some 300,000 such URLs and the check never ends.

This plugin runs inside linkchecker, on the content of every page linkchecker checks
(each page once, as linkchecker does without AnchorCheck). It takes the links of that
page that carry an anchor and looks each anchor up among the anchors of the page it
points to, collected once per page from linkchecker's own parse of it (the same ``id``
and ``<a name>`` that AnchorCheck accepts). A missing anchor becomes a linkchecker
warning naming the page and line that hold the link.

linkchecker loads plugins by file from a plugin folder, not from a package, so this
file imports nothing but linkchecker and the standard library: ``check.py`` copies it
into a private plugin folder for each run.
"""

from __future__ import annotations

import atexit
import json
import sys
import threading
import urllib.parse
import urllib.request
from typing import NamedTuple

from linkcheck.htmlutil import htmlsoup, linkparse
from linkcheck.plugins import _ContentPlugin

#: Every warning of this plugin starts with this; ``check.py`` reads them back by it.
WARNING_START = "Anchor not found:"
#: At exit, one line per page whose links linkchecker read, on standard error: ``check.py`` keeps only
#: these as clean (a page kept out by robots.txt, say, was not read, so nothing is known of its links).
READ_START = "Links read:"


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

    Each page's anchors are read from the page linkchecker has just downloaded and parsed, or, when
    ``check.py`` gives them in a file (``anchors_file``), from that file. A link to a page not yet
    checked waits for that page; its warning then goes on that page's record (the
    warning names the page and line holding the link either way). A link into a page linkchecker
    never parses is judged when linkchecker exits, downloading that page from the site once.
    Nothing else is read from disk, and ``check.py`` makes that file readable to all: linkchecker
    started as root runs as 'nobody'.
    """

    def __init__(self, config: dict[str, str]) -> None:
        super().__init__(config)
        self.site_url = config["site_url"]
        self._anchors: dict[str, frozenset[str]] = _known_anchors(config.get("anchors_file", ""), self.site_url)
        self._waiting: dict[str, list[AnchorLink]] = {}
        self._read: set[str] = set()
        self._lock = threading.Lock()
        atexit.register(self._judge_the_rest)
        atexit.register(self._name_the_pages_read)

    @classmethod
    def read_config(cls, configparser) -> dict[str, str]:  # type: ignore[no-untyped-def]
        """The site's address as served to linkchecker, and the file of the site's anchors, if given."""
        return {"site_url": configparser.get(cls.__name__, "site_url"),
                "anchors_file": configparser.get(cls.__name__, "anchors_file", fallback="")}

    def applies_to(self, url_data) -> bool:  # type: ignore[no-untyped-def]
        """Pages of the site, each once; pages elsewhere are linkchecker's alone.

        An address with a query (the glossary's ``?q=`` search links) serves the same page as the
        address without it, which this plugin checks: ``check.py`` tells linkchecker not to read such
        addresses (``nofollow``), and ``check`` below sends linkchecker the page itself in their place.
        """
        url = url_data.url
        return bool(url_data.is_html() and url and url.startswith(self.site_url) and not _has_query(url))

    def check(self, url_data) -> None:  # type: ignore[no-untyped-def]
        """Judge the links waiting for this page, and this page's links when linkchecker reads them too.

        A page linkchecker only checks the presence of (one it was not given: its links are checked where
        it is given, or were found clean before) is parsed only when its anchors are not known yet.
        """
        own = self._page_of(url_data.url)
        reads_links = url_data.allows_recursion()  # linkchecker goes on to check this page's links
        if own is None or (own in self._anchors and not reads_links):
            return
        soup = url_data.get_soup()
        broken: list[AnchorLink] = []
        if own not in self._anchors:
            anchors = _anchors_in(soup)
            with self._lock:
                self._anchors[own] = anchors
                broken += self._broken(own, self._waiting.pop(own, []))
        if not reads_links:
            self._warn(url_data, broken)
            return
        self._read.add(own)
        url_data.add_url = _each_address_once(url_data.add_url)
        for url, line, base in _links_with_anchor_or_query(soup):
            address = urllib.parse.urljoin(base or url_data.url, url)
            page = self._page_of(address)
            if page is None:
                continue  # another site's page
            if _has_query(address):
                url_data.add_url(page, line=line or 0)  # the page itself; linkchecker drops repeats
            found = self._anchor_link(url_data.url, address, line, page, url_data.encoding or "utf-8")
            if found is not None:
                broken += self._judge_or_wait(found, page)
        self._warn(url_data, broken)

    @staticmethod
    def _warn(url_data, broken: list[AnchorLink]) -> None:  # type: ignore[no-untyped-def]
        for link in broken:
            url_data.add_warning(link.warning())

    def _anchor_link(self, page_url: str, address: str, line: int | None, page: str,
                     encoding: str) -> AnchorLink | None:
        """The link, when ``address`` (absolute, on ``page`` of this site) names an anchor."""
        target, _, anchor = address.partition("#")
        if not anchor:
            return None
        decoded = urllib.parse.unquote(anchor, encoding=encoding)
        return AnchorLink(self._shown(page_url), line or 0, self._shown(target), anchor, decoded)

    def _judge_or_wait(self, link: AnchorLink, target: str) -> list[AnchorLink]:
        with self._lock:
            if target in self._anchors:
                return self._broken(target, [link])
            self._waiting.setdefault(target, []).append(link)
            return []

    def _broken(self, page: str, links: list[AnchorLink]) -> list[AnchorLink]:
        return [link for link in links if link.decoded not in self._anchors[page]]

    def _judge_the_rest(self) -> None:
        """Links into pages linkchecker never parsed (kept out by robots.txt, say): each page downloaded once
        and judged here, reported on standard error. A page that is not there, or is not HTML, is left to
        linkchecker's own report of the link."""
        for page, links in sorted(self._waiting.items()):
            try:
                with urllib.request.urlopen(page, timeout=60) as response:
                    if response.headers.get_content_type() != "text/html":
                        continue
                    self._anchors[page] = _anchors_in(htmlsoup.make_soup(response.read()))
            except (OSError, ValueError):
                continue
            for link in self._broken(page, links):
                print(link.warning(), file=sys.stderr)

    def _name_the_pages_read(self) -> None:
        for page in sorted(self._read):
            print(f"{READ_START} {self._shown(page)}", file=sys.stderr)

    def _shown(self, url: str) -> str:
        """The address from the site's root, as a reader would cite it."""
        return "/" + url[len(self.site_url):].partition("#")[0]

    def _page_of(self, url: str) -> str | None:
        """The page ``url`` names on this site (``/x/`` and ``/x/index.html`` are one page), or None."""
        if not url.startswith(self.site_url):
            return None
        page = url.partition("#")[0].partition("?")[0]
        return page.removesuffix("index.html") if page.endswith("/index.html") else page


def _each_address_once(add_url):  # type: ignore[no-untyped-def]
    """``add_url`` of one page's record, passing on each address of the page once, whatever its anchors.

    linkchecker makes a record of every link it finds, then drops it unchecked when the address without
    its anchor is already queued or checked (its cache key, as AnchorCheck is off). A chapter links its
    own numbered paragraphs and the glossary's terms hundreds of times: at 1,000 chapters, 420,000 records
    for 100,000 addresses, a quarter of linkchecker's time. A repeat (the same address before ``#``, from
    the same page and ``<base>``) would be dropped, so it is never made; every anchor is still judged,
    by ``PageAnchorCheck`` from the page's own links. A broken address is reported at its first link on
    the page, as linkchecker reports it at its first link on the site.
    """
    seen: set[tuple[str, str]] = set()

    def add_once(url, line=0, column=0, page=0, name="", base=None, parent=None):  # type: ignore[no-untyped-def]
        if not isinstance(url, str) or parent is not None:
            return add_url(url, line=line, column=column, page=page, name=name, base=base, parent=parent)
        key = (base or "", url.partition("#")[0])
        if key not in seen:  # one page's links are read by one thread
            seen.add(key)
            add_url(url, line=line, column=column, page=page, name=name, base=base)

    return add_once


def _known_anchors(file: str, site_url: str) -> dict[str, frozenset[str]]:
    """The anchors of the site's pages, by address, from ``file`` (JSON: served path -> names), if given.

    ``check.py`` reads them from the built folder when it splits the site between several linkchecker
    processes: each then parses only the pages given to it, not every page its links lead to.
    """
    if not file:
        return {}
    with open(file, encoding="utf-8") as stream:
        pages = json.load(stream)
    return {site_url + path.lstrip("/"): frozenset(names) for path, names in pages.items()}


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


#: Attributes holding one plain address, by tag, from linkchecker's LinkTags (``None``: any tag). Styles,
#: srcset and archive lists hold several and never a page's anchor.
_UNIVERSAL = frozenset(linkparse.LinkTags.get(None, [])) - {"style", "srcset", "archive"}
_ADDRESS_ATTRIBUTES = {tag: frozenset(attributes) - {"style", "srcset", "archive"} | _UNIVERSAL
                       for tag, attributes in linkparse.LinkTags.items() if tag is not None}


def _has_query(url: str) -> bool:
    return "?" in url.partition("#")[0]


def _links_with_anchor_or_query(soup) -> list[tuple[str, int | None, str]]:  # type: ignore[no-untyped-def]
    """(address, line, base) of every link of the page, in linkchecker's LinkTags, that carries an anchor
    or a query."""
    links: list[tuple[str, int | None, str]] = []
    base = ""
    for element in soup.find_all(True):
        if element.name == "base" and not base:
            base = element.attrs.get("href", "")
        for attribute in _ADDRESS_ATTRIBUTES.get(element.name, _UNIVERSAL).intersection(element.attrs):
            value = element.attrs[attribute]
            if isinstance(value, str) and ("#" in value or "?" in value):
                links.append((value, element.sourceline, base))
    return links
