"""The default navigation: home, the parts with their chapters, then the reference pages."""

from __future__ import annotations

from typing import Any

from ...core.amendments import AMENDMENTS_SRC_URI
from ...core.model import Manual

REFERENCE_PAGES = ("thresholds/index.md", "glossary/index.md", AMENDMENTS_SRC_URI)


def default_nav(manual: Manual, docs_pages: set[str]) -> list[Any]:
    nav: list[Any] = []
    if "index.md" in docs_pages:
        nav.append({"Home": "index.md"})
    for part in manual.parts:
        chapters = [{chapter.display_title: chapter.src_uri} for chapter in manual.chapters_in(part)
                    if chapter.kind != "thresholds"]
        nav.append({part.title: [part.contents_src_uri, *chapters]})
    if manual.thresholds is not None:
        nav.append({"Thresholds": manual.thresholds.src_uri})
    nav.append({"Glossary": "glossary/index.md"})
    nav.append({"Amendments & Archives": AMENDMENTS_SRC_URI})
    about = sorted(p for p in docs_pages if p != "index.md" and p not in REFERENCE_PAGES)
    if about:
        nav.append({"About this manual": about})
    return nav

