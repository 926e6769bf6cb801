"""The default navigation: home, the parts with their chapters, then the reference pages."""

from __future__ import annotations

from typing import Any

from ...core.manual.model import Manual
from ...core.pages.amendments import AMENDMENTS_SRC_URI
from ...core.pages.local_content import LOCAL_CONTACTS_SRC_URI, LOCAL_NOTES_SRC_URI
from ...core.pages.on_a_date import ON_A_DATE_SRC_URI
from ...core.pages.reviews import REVIEWS_SRC_URI
from ...core.safe_html.escape import html_ready

REFERENCE_PAGES = ("thresholds/index.md", "glossary/index.md", AMENDMENTS_SRC_URI, REVIEWS_SRC_URI, ON_A_DATE_SRC_URI,
                   LOCAL_CONTACTS_SRC_URI, LOCAL_NOTES_SRC_URI)


def default_nav(manual: Manual, docs_pages: set[str], chapter_limit: int = 60, local: bool = False) -> list[Any]:
    """Home, parts, reference pages, then the other ``docs/`` pages (titles escaped: the theme prints them as they are).

    Parts with more than ``chapter_limit`` chapters link only to their contents page, keeping each
    page's navigation (and so the site) from growing with the square of the number of chapters.
    """
    nav: list[Any] = []
    if "index.md" in docs_pages:
        nav.append({"Home": "index.md"})
    for part in manual.parts:
        chapters = [{html_ready(chapter.display_title): chapter.src_uri} for chapter in manual.chapters_in(part)
                    if chapter.kind != "thresholds"]
        if len(chapters) > chapter_limit:
            nav.append({html_ready(part.title): part.contents_src_uri})
        else:
            nav.append({html_ready(part.title): [part.contents_src_uri, *chapters]})
    if manual.thresholds is not None:
        nav.append({"Thresholds": manual.thresholds.src_uri})
    if local:  # an area's site: its contacts and its notes on the regional chapters
        nav.append({"Local contacts": LOCAL_CONTACTS_SRC_URI})
        nav.append({"Local notes": LOCAL_NOTES_SRC_URI})
    nav.append({"Glossary": "glossary/index.md"})
    nav.append({"Amendments & Archives": AMENDMENTS_SRC_URI})
    nav.append({"The manual on a date": ON_A_DATE_SRC_URI})
    nav.append({"Reviews due": REVIEWS_SRC_URI})
    about = sorted(p for p in docs_pages if p != "index.md" and p not in REFERENCE_PAGES)
    if about:
        nav.append({"About this manual": about})
    return nav

