"""Relative URLs between site pages, so the site works from any folder or file://."""

from __future__ import annotations

import posixpath

AMENDMENTS_URL = "amendments/"
GLOSSARY_URL = "glossary/"
THRESHOLDS_URL = "thresholds/"
FEED_URL = "feed.xml"


def page_url(src_uri: str) -> str:
    """The site path MkDocs gives a Markdown source with directory URLs (``core/alpha.md`` -> ``core/alpha/``)."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def source_of(url: str) -> str:
    """The Markdown source a chapter at ``url`` comes from (the inverse of :func:`page_url` for chapters)."""
    return url.rstrip("/") + ".md"


def relative_url(from_page: str, to: str) -> str:
    """URL of site path ``to`` as seen from page URL ``from_page`` (both site-relative)."""
    to_path, hash_, fragment = to.partition("#")
    base = from_page if from_page.endswith("/") or from_page == "" else posixpath.dirname(from_page) + "/"
    target = posixpath.relpath("/" + to_path, "/" + base) if to_path else ""
    if to_path.endswith("/") and target not in ("", "."):
        target += "/"
    if target == ".":
        target = "./"
    return f"{target}{hash_}{fragment}"
