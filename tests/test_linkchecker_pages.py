"""linkchecker reads pages with lxml (``linkchecker_plugin/lxml_soup.py``): it must find exactly the links,
lines, anchors and encoding that its own BeautifulSoup parse finds, on real built pages and on broken markup."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest
from linkcheck.htmlutil import htmlsoup, linkparse

from conftest import Build
from safeguarding_manual.linkchecker_plugin import lxml_soup

PLUGIN_FILE = Path(lxml_soup.__file__).with_name("page_anchors.py")
NOFOLLOW = re.compile(r"\bnofollow\b", re.IGNORECASE)


def _anchor_plugin() -> Any:
    """page_anchors.py as linkchecker loads it: by file, outside any package."""
    spec = importlib.util.spec_from_file_location("page_anchors_under_test", PLUGIN_FILE)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


PAGE_ANCHORS = _anchor_plugin()


def what_linkchecker_reads(soup: Any) -> dict[str, Any]:
    """Everything linkchecker and our anchor plugin take from a parsed page (a link's name, shown only in
    linkchecker's own output, with its runs of spaces as one: the two parsers keep different blank text)."""
    links: list[tuple[str | None, int, str | None, str]] = []
    linkparse.find_links(soup, lambda url, line=0, column=0, name="", base=None:
                         links.append((url, line, base, " ".join(name.split()))), linkparse.LinkTags)
    return {"links": links, "encoding": soup.original_encoding, "anchors": PAGE_ANCHORS._anchors_in(soup),
            "anchor links": PAGE_ANCHORS._links_with_anchor_or_query(soup),
            "robots nofollow": soup.find("meta", attrs={"name": "robots", "content": NOFOLLOW}) is not None,
            "forms": [form.attrs.get("action") for form in soup.find_all("form", action=True)]}


def _assert_same_reading(html: bytes, label: str) -> None:
    assert what_linkchecker_reads(lxml_soup.make_soup(html)) == what_linkchecker_reads(htmlsoup.make_soup(html)), label


@pytest.mark.parametrize("which", ["example_build", "hostile_build"])
def test_every_built_page_reads_the_same_as_with_beautifulsoup(which: str, request: pytest.FixtureRequest) -> None:
    build: Build = request.getfixturevalue(which)
    pages = sorted(build.site.rglob("*.html"))
    assert len(pages) > 15
    found = 0
    for page in pages:
        html = page.read_bytes()
        _assert_same_reading(html, str(page.relative_to(build.site)))
        found += len(what_linkchecker_reads(lxml_soup.make_soup(html))["links"])
    assert found > 20 * len(pages)  # the pages' links were read, not an empty tree twice


BROKEN_MARKUP = {
    "unclosed elements": b'<p><a href="a/">one<p><a href="b/#x">two<div><a href="c/">three</div>',
    "links after the end of the document": b'<html><body><a href="a/">a</a></body></html>\n<a href="late/">late</a>',
    "upper-case tags and attributes": b'<A HREF="a/">a</A>\n<IMG SRC="i.png" ALT="pic">\n<Div ID="Here"></Div>',
    "entities in addresses": b'<a href="a/?x=1&amp;y=2#p&#49;">a</a>\n<a href="b/&#x23;c">b</a>',
    "comments, scripts and templates": (b'<!-- <a href="in-comment/">no</a> -->\n<script>var a = "<a href=\'s/\'>";'
                                        b'</script>\n<template><a href="t/">t</a></template>\n<a href="after/">x</a>'),
    "a base, a meta refresh, srcset and styles": (
        b'<head><base href="/root/"><meta http-equiv="refresh" content="0; url=next/"></head>\n'
        b'<img srcset="a.png 1x, b.png 2x">\n<p style="background: url(\'bg.png\')">x</p>'),
    "robots nofollow": b'<head><meta name="robots" content="noindex, NOFOLLOW"></head><a href="a/">a</a>',
    "a login form": b'<form action="/login" method="post"><input name="user"></form><form></form>',
    "inline svg": b'<svg><a href="in-svg/"><text>t</text></a><use href="#icon"></use></svg>\n<a href="out/">o</a>',
    "an empty page": b"",
    "only spaces": b"   \n  ",
    "a declared windows-1252 page": ('<meta charset="windows-1252"><a href="caf\u00e9/">caf\u00e9</a>'
                                     .encode("windows-1252")),
    "a byte-order mark": "\ufeff<a href=\"bom/\">x</a>".encode("utf-8"),
    "bytes that are not UTF-8": b'<a href="a/">\xff\xfe\xfa</a>\n<a href="b/">b</a>',
    "an unclosed comment": b'<a href="a/">a</a>\n<!-- never closed <a href="b/">b</a>',
    "a second document after the first": (b'<html><body><a href="a/">a</a></body></html>'
                                          b'<html><body><a href="b/">b</a></body></html>'),
    "elements 3,000 deep": b"<div>" * 3000 + b'<a href="deep/">deep</a>' + b"</div>" * 3000,
    "a long text": b"<p>" + b"x" * 3_000_000 + b'</p><a href="after/">after</a>',
}


@pytest.mark.parametrize("case", sorted(BROKEN_MARKUP))
def test_broken_markup_reads_the_same_as_with_beautifulsoup(case: str) -> None:
    _assert_same_reading(BROKEN_MARKUP[case], case)


def test_where_browsers_and_beautifulsoup_differ_the_browser_is_followed() -> None:
    """A repeated attribute: browsers (and Lexbor, and libxml2) keep the first, BeautifulSoup the last. Text
    that only looks like a link (inside a textarea or a title) is no link to a browser: it is not checked."""
    read = what_linkchecker_reads(lxml_soup.make_soup(b'<a href="first/" href="second/">x</a>'))
    assert [link[0] for link in read["links"]] == ["first/"]
    read = what_linkchecker_reads(lxml_soup.make_soup(
        b'<title><a href="t/">t</a></title><textarea><a href="ta/">x</a></textarea><a href="real/">r</a>'))
    assert [link[0] for link in read["links"]] == ["real/"]


def test_a_page_lxml_may_not_read_whole_is_read_by_beautifulsoup() -> None:
    """libxml2 is given no page holding a NUL character: BeautifulSoup reads it, links after the NUL included."""
    html = b'<a href="a/">a</a>\x00<a href="after-nul/">b</a>'
    soup = lxml_soup.make_soup(html)
    assert not isinstance(soup, lxml_soup.Soup)
    assert [link[0] for link in what_linkchecker_reads(soup)["links"]] == ["a/", "after-nul/"]


def test_installed_in_linkchecker_it_replaces_the_parse_and_keeps_the_old_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(htmlsoup, "make_soup", htmlsoup.make_soup)  # put back after the test
    monkeypatch.setattr(lxml_soup, "_FALLBACK", None)
    original = htmlsoup.make_soup
    lxml_soup.install()
    lxml_soup.install()  # twice: still one layer
    assert htmlsoup.make_soup is lxml_soup.make_soup and lxml_soup._FALLBACK is original
    assert isinstance(htmlsoup.make_soup(b'<a href="x/">x</a>'), lxml_soup.Soup)
    assert not isinstance(htmlsoup.make_soup(b'<a href="x/">\x00</a>'), lxml_soup.Soup)
