"""Search index entries of our own: numbered paragraphs, glossary terms and chapters' former names.

The theme's search groups every entry whose address shares a page with that page's own entry,
and ranks the page's entry far above them: a paragraph holding every word of a query sank below
pages holding one word, hidden under "N more on this page". So each paragraph, and each glossary
term, is indexed at an address of its own, ``chapter/?at=3.21`` or ``glossary/?at=term-lado``, which
the site's script turns into ``#3.21`` on arrival (search needs JavaScript anyway, so the landing page
has it too).
"""

from __future__ import annotations

from typing import Any

from ..glossary.entries import Glossary, definition_text
from ..manual.model import Chapter


def at(page_url: str, anchor: str) -> str:
    """A search result's own address for a place on a page (see the module's docstring)."""
    return f"{page_url}?at={anchor}"


def paragraph_entries(chapter: Chapter, page_url: str, paragraphs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One search result per numbered paragraph, titled with the citation (``PA5 3.21``)."""
    return [{"location": at(page_url, number), "title": f"{chapter.id} {number}", "text": text}
            for number, text in paragraphs]


def glossary_entries(glossary: Glossary, glossary_url: str) -> list[dict[str, Any]]:
    """One search entry per term, at the term itself rather than at its letter's heading."""
    entries = []
    for term in glossary.terms:
        names = [n for n in [term.abbreviation, *term.other_names] if n]
        also = f" Also: {', '.join(names)}." if names else ""
        entries.append({"location": at(glossary_url, term.anchor), "title": term.term,
                        "text": definition_text(term, limit=2000) + also})
    return entries


def former_names(chapter: Chapter, earlier: list[tuple[str, str]]) -> str:
    """ "Formerly CP5 Serious Case Reviews." for the IDs and titles a chapter had in earlier versions."""
    current = (chapter.id, chapter.title)
    names = list(dict.fromkeys(f"{chapter_id} {title}" for chapter_id, title in earlier
                               if (chapter_id, title) != current))
    return f" Formerly {'; '.join(names)}." if names else ""
