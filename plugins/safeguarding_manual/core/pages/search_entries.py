"""Search index entries of our own: numbered paragraphs, glossary terms and chapters' former names.

The theme's search groups every entry whose address shares a page with that page's own entry,
and ranks the page's entry far above them: a paragraph holding every word of a query sank below
pages holding one word, hidden under "N more on this page". So each paragraph, and each glossary
term, is indexed at an address of its own, ``chapter/?at=3.21`` or ``glossary/?at=term-lado``, which
the site's script turns into ``#3.21`` on arrival (search needs JavaScript anyway, so the landing page
has it too).

Every entry's title and text are HTML, as the theme's own entries are: our plain text is escaped here,
once. :func:`index_record` turns a page's entries into the plain-text record the site's word index takes.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from ..safe_html.escape import escape
from ..glossary.entries import Glossary, definition_text
from ..manual.model import Chapter
from .word_index import IndexRecord


#: A numbered paragraph's anchor (``3.21``), as the numbering makes it.
PARAGRAPH_NUMBER = re.compile(r"\d+(?:\.\d+)+")
#: Where a search result's own address names its place on the page.
AT = "?at="
#: The end of an element that a browser shows apart from the text after it (a block, a table's cell) and a
#: line break: the theme's search reads text without looking at how it is shown, so "needs</th><th>Level"
#: came out as one word, "needsLevel", that no search finds.
SEPARATE_ELEMENT_END = re.compile(
    r"(</(?:address|article|aside|blockquote|caption|dd|details|div|dl|dt|fieldset|figcaption|figure|footer"
    r"|h[1-6]|header|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)\s*>|<br\s*/?>)",
    re.IGNORECASE)


def words_kept_apart(html: str) -> str:
    """``html`` with a space after each element shown apart from what follows, for the theme's search to
    read (the page itself is not changed): the words on either side of a table cell's edge, a list item's
    or a line break stay two words in the index."""
    return SEPARATE_ELEMENT_END.sub(r"\1 ", html)


def at(page_url: str, anchor: str) -> str:
    """A search result's own address for a place on a page (see the module's docstring)."""
    return f"{page_url}{AT}{anchor}"


#: A chapter's numbered paragraphs as the numbering collected them: each one's number and plain text (a list,
#: or a collection read back from where the build keeps them until its end).
Paragraphs = Collection[tuple[str, str]]


def paragraph_entries(chapter: Chapter, page_url: str, paragraphs: Paragraphs) -> list[dict[str, Any]]:
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


#: How much a word in a result's title counts against one in its text.
TITLE_WEIGHT = 6
#: A chapter's own title counts more still, so that its ID finds it before its paragraphs ("CP2(A) 1.1").
CHAPTER_TITLE_WEIGHT = 10


@dataclass
class SearchRecord:
    """One result of the site's search: a page with its sections and numbered paragraphs as parts (each
    part a heading with the part's anchor, which the search shows as a result within the page), or a
    glossary term on its own. One record per page keeps the index a phone downloads small: thirty
    thousand paragraph records at 1,000 chapters would make every common word list thirty thousand records."""

    location: str
    title: str = ""
    text: str = ""
    boost: float = 1
    parts: list[tuple[str, str, str]] = field(default_factory=list)  # (anchor, title, text), all HTML
    #: the chapter's ID and its numbered paragraphs, parts after ``parts`` made as the record's page is
    #: (held as the numbering collected them, not as 30,000 escaped copies at 1,000 chapters)
    paragraphs: tuple[str, Paragraphs] | None = None


def search_records(entries: Iterable[dict[str, Any]],
                   chapters: Mapping[str, tuple[Chapter, Paragraphs]] | None = None) -> list[SearchRecord]:
    """The theme's search entries (a page, its sections at ``#anchor``) and ours (paragraphs and terms at
    ``?at=``) gathered into records; ``chapters``: by page address, numbered paragraphs given apart from the
    entries, each a part of its page's record as if it were an entry at ``?at=``. A chapter's sections keep
    only their titles: their text is in the paragraphs, which would otherwise be indexed twice."""
    records: dict[str, SearchRecord] = {}
    paragraphs: set[str] = set()
    for entry in entries:
        location = entry.get("location", "")
        if AT in location and location.split(AT, 1)[1].startswith("term-"):
            records[location] = SearchRecord(location, entry.get("title", ""), entry.get("text", ""))
            continue
        page, anchor = _page_and_anchor(location)
        record = records.setdefault(page, SearchRecord(page))
        if not anchor:
            record.title, record.text, record.boost = entry.get("title", ""), entry.get("text", ""), entry.get("boost", 1)
            continue
        record.parts.append((anchor, entry.get("title", ""), entry.get("text", "")))
        if AT in location:
            paragraphs.add(page)
    for page, (chapter, numbered) in (chapters or {}).items():
        if numbered:
            records.setdefault(page, SearchRecord(page)).paragraphs = (chapter.id, numbered)
            paragraphs.add(page)
    for page in paragraphs:
        records[page].parts = [(anchor, title, text if _is_paragraph(anchor) else "")
                               for anchor, title, text in records[page].parts]
    return list(records.values())


def _page_and_anchor(location: str) -> tuple[str, str]:
    if AT in location:
        page, anchor = location.split(AT, 1)
        return page, anchor
    page, _, anchor = location.partition("#")
    return page, anchor


def _is_paragraph(anchor: str) -> bool:
    return bool(PARAGRAPH_NUMBER.fullmatch(anchor))


def plain_text(html: str) -> str:
    """The text a reader sees in an entry's HTML (the theme's entries are HTML, ours escaped text), in one
    line: what the search index holds and the search worker shows, escaped again by the worker."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    body = LexborHTMLParser(f"<body>{words_kept_apart(html)}</body>").body
    return " ".join((body.text(deep=True, separator="") if body is not None else "").split())


def index_record(record: SearchRecord) -> IndexRecord:
    """The record as the site's word index takes it: plain text, a chapter's title weighted above others'."""
    parts = [(anchor, plain_text(title), plain_text(text)) for anchor, title, text in record.parts]
    if record.paragraphs is not None:
        chapter_id, numbered = record.paragraphs
        parts.extend((number, f"{chapter_id} {number}", " ".join(text.split())) for number, text in numbered)
    weight = CHAPTER_TITLE_WEIGHT if record.boost > 1 else TITLE_WEIGHT
    return IndexRecord(record.location, plain_text(record.title), plain_text(record.text), weight, parts)
