"""Search index entries of our own: numbered paragraphs, glossary terms and chapters' former names.

The theme's search groups every entry whose address shares a page with that page's own entry,
and ranks the page's entry far above them: a paragraph holding every word of a query sank below
pages holding one word, hidden under "N more on this page". So each paragraph, and each glossary
term, is indexed at an address of its own, ``chapter/?at=3.21`` or ``glossary/?at=term-lado``, which
the site's script turns into ``#3.21`` on arrival (search needs JavaScript anyway, so the landing page
has it too).

Every entry's title and text are HTML, as the theme's own entries are: our plain text is escaped here,
once. :func:`record_html` turns an entry into the small page Pagefind indexes.
"""

from __future__ import annotations

from typing import Any

from ..safe_html.escape import escape
from ..glossary.entries import Glossary, definition_text
from ..manual.model import Chapter


def at(page_url: str, anchor: str) -> str:
    """A search result's own address for a place on a page (see the module's docstring)."""
    return f"{page_url}?at={anchor}"


def paragraph_entries(chapter: Chapter, page_url: str, paragraphs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One search result per numbered paragraph, titled with the citation (``PA5 3.21``)."""
    return [{"location": at(page_url, number), "title": escape(f"{chapter.id} {number}"), "text": escape(text)}
            for number, text in paragraphs]


def glossary_entries(glossary: Glossary, glossary_url: str) -> list[dict[str, Any]]:
    """One search entry per term, at the term itself rather than at its letter's heading."""
    entries = []
    for term in glossary.terms:
        names = [n for n in [term.abbreviation, *term.other_names] if n]
        also = f" Also: {', '.join(names)}." if names else ""
        entries.append({"location": at(glossary_url, term.anchor), "title": escape(term.term),
                        "text": escape(definition_text(term, limit=2000) + also)})
    return entries


def former_names(chapter: Chapter, earlier: list[tuple[str, str]]) -> str:
    """ "Formerly CP5 Serious Case Reviews." for the IDs and titles a chapter had in earlier versions."""
    current = (chapter.id, chapter.title)
    names = list(dict.fromkeys(f"{chapter_id} {title}" for chapter_id, title in earlier
                               if (chapter_id, title) != current))
    return escape(f" Formerly {'; '.join(names)}.") if names else ""


#: How much a word in a result's title counts against one in its text (Pagefind's weight, at most 10; text is 1).
TITLE_WEIGHT = 6
#: A chapter's own title counts more still, so that its ID finds it before its paragraphs ("CP2(A) 1.1").
CHAPTER_TITLE_WEIGHT = 10


def record_html(entry: dict[str, Any], page_titles: dict[str, str], language: str) -> str:
    """The page Pagefind indexes for one search entry: its title weighted above its text, its address
    on the site, and the title of the page it is on (shown when only a section of that page matches)."""
    location = entry.get("location", "")
    page = location.split("#")[0]
    weight = CHAPTER_TITLE_WEIGHT if entry.get("boost", 1) > 1 else TITLE_WEIGHT
    page_title = page_titles.get(page, "") if page != location else ""
    return (f'<html lang="{escape(language)}"><head><title>{entry.get("title", "")}</title></head><body>'
            f'<h1 data-pagefind-weight="{weight}" data-pagefind-meta="title">{entry.get("title", "")}</h1>'
            f'<div data-pagefind-ignore="index"><span data-pagefind-meta="page_title">{page_title}</span>'
            f'<span data-pagefind-meta="location">{escape(location)}</span></div>'
            f'<div>{entry.get("text", "")}</div></body></html>')
