"""Relative URLs between site pages, so the site works from any folder or file://."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

AMENDMENTS_URL = "amendments/"
GLOSSARY_URL = "glossary/"
REVIEWS_URL = "reviews/"
ON_A_DATE_URL = "on-a-date/"
THRESHOLDS_URL = "thresholds/"
FEED_URL = "feed.xml"
#: Folders and files of the site that no chapter address or redirect may take.
SITE_FOLDERS = ("assets/", "search/")
SITE_FILES = ("feed.xml", "sitemap.xml", "sitemap.xml.gz", "404.html", "robots.txt")
SEGMENT = re.compile(r"[a-z0-9][a-z0-9_.-]*")


def page_url(src_uri: str) -> str:
    """The site path MkDocs gives a Markdown source with directory URLs (``core/alpha.md`` -> ``core/alpha/``)."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def source_of(url: str) -> str:
    """The Markdown source a chapter at ``url`` comes from (the inverse of :func:`page_url` for chapters)."""
    return url.rstrip("/") + ".md"


@lru_cache(maxsize=65536)  # the glossary page links each chapter once per term it uses: the same pairs again
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


def redirect_url_problem(url: str) -> str | None:
    """Why ``url`` (as written in ``redirect_from``) cannot be an old address of a page, or None.

    A redirect is a file written at that address inside the site folder, so the address must be a
    plain relative path: no ``..``, no leading ``/``, no scheme, only the characters of page addresses.
    """
    path = url.strip("/")
    if not path:
        return "is empty; write the old address of the page, for example core-procedures/old-name/."
    if "\\" in url or url.startswith("/") or "://" in url or ":" in url:
        return "must be an address inside this site relative to its root, for example core-procedures/old-name/."
    segments = path.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        return "may not contain '.', '..' or '//'; write the old address from the site's root."
    if not all(SEGMENT.fullmatch(segment) for segment in segments):
        return ("may contain only lower-case letters, digits, '-', '_' and '/' (the characters of page "
                "addresses).")
    if len(segments) > 8 or len(path) > 200:
        return "is too long for a page address."
    return None


#: A UK telephone number as written in prose: 01234 567 890, 020 7946 0000, +44 20 7946 0000, 0800 123 4567.
UK_PHONE = r"(?<![\w+/.\-])(?:\+44[ ]?(?:\(0\)[ ]?)?|0)(?=\d)(?:\d[ \-]?){8,9}\d(?![\w/\-])"


def tel_url(number: str) -> str:
    """``tel:+441234567890`` for a number written ``01234 567 890`` (or with +44), for one tap on a phone."""
    digits = re.sub(r"\D", "", number.replace("(0)", ""))
    if number.lstrip().startswith("+"):
        return f"tel:+{digits}"
    return f"tel:+44{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"
