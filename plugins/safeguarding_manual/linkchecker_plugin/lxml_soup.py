"""The tree linkchecker reads each page into, made by lxml instead of BeautifulSoup on ``html.parser``.

linkchecker parses every page it checks with BeautifulSoup on Python's own ``html.parser``
(``linkcheck.htmlutil.htmlsoup.make_soup``): at 1,000 chapters, 146 MB of HTML in 4,018 pages, about 20 ms
a chapter page and over 40% of a first check. libxml2, through lxml, parses the same page in under 1 ms.
``check.py`` starts linkchecker with ``make_soup`` replaced by :func:`make_soup` here, before linkchecker
reads a page; everything else (finding the links, checking each, our anchor plugin) is linkchecker's own.

What linkchecker asks of the tree is small, and this class gives exactly that: ``find_all(True)`` (every
element, in document order, with ``name``, ``attrs``, ``text``, ``sourceline`` and ``sourcepos``),
``find("meta", attrs=...)`` for its robots check, ``find_all("form", action=True)`` for its login form, and
``original_encoding``. The encoding is decided by BeautifulSoup's own detector, as before.

libxml2 is not a browser: it drops what follows ``</html>`` and what lies deeper than 2,048 elements, without
an error. So each page is also read by Lexbor (WHATWG's parsing rules, as browsers parse; a fraction of a
millisecond), and the tree is used only if it holds exactly the addresses Lexbor finds, and libxml2 logged no
error. Any other page, and one holding a NUL character, is read by BeautifulSoup as before: nothing on a page
goes unchecked. ``tests/test_linkchecker_pages.py`` compares what linkchecker reads both ways on every page
of two built manuals and on broken markup.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import lxml.etree
import lxml.html
from bs4.dammit import EncodingDetector
from linkcheck.htmlutil.linkparse import LinkTags
from selectolax.lexbor import LexborHTMLParser

#: libxml2 stops at 10 MB text nodes and deep trees unless told otherwise; a page must be read whole.
_PARSER_OPTIONS = {"huge_tree": True, "remove_blank_text": False, "remove_comments": False}


#: The attributes linkchecker reads addresses from, by tag (``None`` in its LinkTags: any tag).
_ANY_TAG_ATTRIBUTES = frozenset(LinkTags.get(None, ()))
_LINK_ATTRIBUTES = {tag: frozenset(attributes) | _ANY_TAG_ATTRIBUTES for tag, attributes in LinkTags.items() if tag}


class Element:
    """One element, as linkchecker's ``find_links`` and our anchor plugin read a BeautifulSoup ``Tag``."""

    __slots__ = ("_node", "name", "attrs", "sourceline")

    def __init__(self, node: Any) -> None:
        self._node = node
        self.name: str = node.tag
        self.attrs: dict[str, str] = dict(node.attrib)
        self.sourceline: int | None = node.sourceline

    #: linkchecker adds one to this for a column; libxml2 does not give one, and a column is never reported.
    sourcepos = None

    @property
    def text(self) -> str:
        """All the text inside, as a link's name: linkchecker asks every element, and uses it for ``<a>`` only
        (only in its own output; blank text between tags may differ from BeautifulSoup's)."""
        return self._node.text_content() if self.name == "a" else ""


class Soup:
    """A parsed page, answering the questions linkchecker asks of a ``BeautifulSoup``."""

    def __init__(self, root: Any, original_encoding: str | None) -> None:
        self.elements = [Element(node) for node in root.iter() if isinstance(node.tag, str)] \
            if root is not None else []
        self.original_encoding = original_encoding

    def find_all(self, name: str | bool = True, attrs: dict[str, Any] | None = None, **more: Any) -> list[Element]:
        wanted = _attribute_tests({**(attrs or {}), **more})
        return [element for element in self.elements
                if (name is True or element.name == name) and all(test(element.attrs) for test in wanted)]

    def find(self, name: str | bool = True, attrs: dict[str, Any] | None = None, **more: Any) -> Element | None:
        return next(iter(self.find_all(name, attrs, **more)), None)


def _attribute_tests(wanted: dict[str, Any]) -> list[Callable[[dict[str, str]], bool]]:
    """BeautifulSoup's attribute filters: True (present), a string (equal) or a compiled pattern (found in)."""
    def test(attribute: str, value: Any) -> Callable[[dict[str, str]], bool]:
        if value is True:
            return lambda attrs: attribute in attrs
        if isinstance(value, re.Pattern):
            return lambda attrs: attrs.get(attribute) is not None and value.search(attrs[attribute]) is not None
        return lambda attrs: attrs.get(attribute) == value
    return [test(attribute, value) for attribute, value in wanted.items()]


def install() -> None:
    """Have linkchecker (in this process) read pages with :func:`make_soup`, its own ``make_soup`` kept for
    the pages lxml may not read whole."""
    from linkcheck.htmlutil import htmlsoup

    global _FALLBACK
    if _FALLBACK is None:
        _FALLBACK = htmlsoup.make_soup
        htmlsoup.make_soup = make_soup


_FALLBACK: Callable[..., Any] | None = None


def make_soup(markup: bytes | str, from_encoding: str | None = None) -> Any:
    """The page parsed by lxml, or by linkchecker's own ``make_soup`` where lxml may not read it whole."""
    encoding, text = _decoded(markup, from_encoding) if isinstance(markup, bytes) else (None, markup)
    if text is None or "\x00" in text:
        return _fallback(markup, from_encoding)
    parser = lxml.html.HTMLParser(encoding="utf-8", **_PARSER_OPTIONS)
    try:
        root = lxml.etree.fromstring(text.encode("utf-8"), parser)
    except (lxml.etree.LxmlError, ValueError):
        return _fallback(markup, from_encoding)
    soup = Soup(root, encoding)
    own = ((element.name, element.attrs) for element in soup.elements)
    if len(parser.error_log) or _addresses(own) != _addresses(_browser_elements(text)):
        return _fallback(markup, from_encoding)
    return soup


def _addresses(elements: Iterable[tuple[str, dict[str, str | None]]]) -> Counter[tuple[str, str, str]]:
    """(tag, attribute, value) of every attribute linkchecker reads an address from (its LinkTags)."""
    found: Counter[tuple[str, str, str]] = Counter()
    for tag, attrs in elements:
        for attribute in _LINK_ATTRIBUTES.get(tag, _ANY_TAG_ATTRIBUTES).intersection(attrs):
            found[(tag, attribute, attrs[attribute] or "")] += 1
    return found


def _browser_elements(text: str) -> Iterator[tuple[str, dict[str, str | None]]]:
    """(tag, attributes) of the page's elements as a browser builds them (Lexbor, WHATWG's parsing rules), to
    tell whether libxml2 kept every address: it drops, without a word, what follows ``</html>`` and what
    lies deeper than 2,048 elements, where a browser keeps both."""
    tree = LexborHTMLParser(text)
    for node in tree.root.traverse() if tree.root is not None else ():
        if node.tag and not node.tag.startswith(("-", "#")):
            yield node.tag, node.attributes


def _decoded(markup: bytes, from_encoding: str | None) -> tuple[str | None, str | None]:
    """(encoding, text) as BeautifulSoup's ``UnicodeDammit`` decides them: the first of the encodings its
    detector proposes (the one given, a byte-order mark, the page's declared one, UTF-8, Windows-1252) that
    decodes the whole page; (None, None) when none does."""
    detector = EncodingDetector(markup, [from_encoding] if from_encoding else None, is_html=True)
    for encoding in detector.encodings:
        try:
            return encoding, markup.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return None, None


def _fallback(markup: bytes | str, from_encoding: str | None) -> Any:
    if _FALLBACK is not None:
        return _FALLBACK(markup, from_encoding)
    from linkcheck.htmlutil import htmlsoup

    return htmlsoup.make_soup(markup, from_encoding)
