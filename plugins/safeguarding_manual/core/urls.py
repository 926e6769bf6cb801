"""Relative URLs between site pages, so the site works from any folder or file://."""

from __future__ import annotations

import posixpath

AMENDMENTS_URL = "amendments/"
GLOSSARY_URL = "glossary/"
THRESHOLDS_URL = "thresholds/"
FEED_URL = "feed.xml"


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
