"""Small pages that keep old chapter URLs working after a file is renamed or moved."""

from __future__ import annotations

from typing import Iterable, Protocol

from ..manual.model import Manual
from ..safe_html.csp import policy_meta
from ..safe_html.escape import escape
from ..urls import page_url, relative_url

REDIRECT_SCRIPT = "assets/procedures/redirect/redirect.js"



class _GeneratedPage(Protocol):
    """A page generated for a chapter (an archived version or a comparison)."""

    @property
    def chapter(self): ...  # type: ignore[no-untyped-def]  # noqa: E704

    @property
    def src_uri(self) -> str: ...  # noqa: E704


def redirects(manual: Manual, chapter_pages: Iterable[_GeneratedPage]) -> dict[str, tuple[str, str]]:
    """Old URL -> (new URL, title) for every moved chapter and for each of its archived pages.

    A bookmark to ``old/versions/2/`` matters as much as one to ``old/``: both keep working.
    """
    pages_of: dict[str, list[str]] = {}
    for page in chapter_pages:
        pages_of.setdefault(page.chapter.src_uri, []).append(page_url(page.src_uri))
    result: dict[str, tuple[str, str]] = {}
    for chapter in manual.published_chapters:
        for old_url in chapter.redirect_from:
            result[old_url] = (chapter.url, chapter.display_title)
            for url in pages_of.get(chapter.src_uri, []):
                result[old_url + url[len(chapter.url):]] = (url, chapter.display_title)
    return result


def redirect_page(from_url: str, to_url: str, title: str) -> str:
    """A page at ``from_url`` that sends the reader on to ``to_url``, keeping a cited paragraph (``#3.21``).

    Carries the site's Content-Security-Policy like every page; the sending-on is done by the site's
    own ``redirect.js`` (the policy runs no inline script), with a meta refresh for when scripts are off.
    """
    target = escape(relative_url(from_url, to_url))
    script = escape(relative_url(from_url, REDIRECT_SCRIPT))
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"{policy_meta()}"
        f"<title>Moved: {escape(title)}</title>"
        f'<script src="{script}" data-target="{target}"></script>'
        f'<meta http-equiv="refresh" content="0; url={target}">'
        f'<link rel="canonical" href="{target}"><meta name="robots" content="noindex">'
        f'</head><body><main><h1>This chapter has moved</h1><p><a href="{target}">Go to {escape(title)}</a>.</p>'
        "</main></body></html>\n"
    )
