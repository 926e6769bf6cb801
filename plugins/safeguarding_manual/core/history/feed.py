"""The Atom feed of amendments, so partners can follow changes without visiting the site."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from typing import Sequence

from ..manual.model import Amendment, Chapter, Manual, NoteAmendment
from .archive import changes_url
from .versions import History

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(manual: Manual, history: History, site_url: str, limit: int = 50,
              notes: Sequence[NoteAmendment] = ()) -> str:
    """An Atom feed of amendments (an area's notes too), newest first; each entry links to its changes."""
    etree.register_namespace("", ATOM)
    feed = etree.Element(f"{{{ATOM}}}feed")
    base = site_url.rstrip("/") + "/" if site_url else ""
    entries: list[tuple[Amendment, Chapter | NoteAmendment]] = sorted(
        [*((a, c) for c in manual.published_chapters for a in c.record), *((n.amendment, n) for n in notes)],
        key=lambda pair: (pair[0].date, _sort_name(pair[1])), reverse=True,
    )[:limit]
    _text(feed, "title", f"{manual.title}: amendments")
    _text(feed, "id", f"{base}feed.xml" if base else f"tag:procedures,{manual.title}")
    updated = entries[0][0].date if entries else manual.last_updated
    _text(feed, "updated", f"{updated.isoformat()}T00:00:00Z" if updated else "1970-01-01T00:00:00Z")
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", manual.publisher)
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base}feed.xml")
    for amendment, chapter in entries:
        if isinstance(chapter, NoteAmendment):
            _note_entry(feed, base, chapter)
            continue
        number = amendment.version
        has_changes = number and number >= 2 and history.body_of(chapter, number - 1) is not None
        target = changes_url(chapter, number) if has_changes else chapter.url
        entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
        version = f" (version {number})" if number else ""
        _text(entry, "title", f"{chapter.display_title}{version}")
        _text(entry, "id", f"{base}{chapter.url}#amendment-{amendment.date.isoformat()}-{number or 0}")
        _text(entry, "updated", f"{amendment.date.isoformat()}T00:00:00Z")
        etree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=f"{base}{target}")
        _text(entry, "summary", amendment.summary)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(feed, encoding="unicode") + "\n"


def _sort_name(item: "Chapter | NoteAmendment") -> str:
    return item.title if isinstance(item, NoteAmendment) else item.id


def _note_entry(feed: etree.Element, base: str, note: NoteAmendment) -> None:
    amendment = note.amendment
    entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "title", f"{note.title} (version {amendment.version or 1})")
    _text(entry, "id", f"{base}{note.record_url}-{amendment.date.isoformat()}-{amendment.version or 0}")
    _text(entry, "updated", f"{amendment.date.isoformat()}T00:00:00Z")
    etree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=f"{base}{note.url}")
    _text(entry, "summary", amendment.summary)


def _text(parent: etree.Element, tag: str, text: str) -> None:
    etree.SubElement(parent, f"{{{ATOM}}}{tag}").text = text
