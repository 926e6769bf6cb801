"""The Atom feed of amendments, so partners can follow changes without visiting the site."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from ..manual.model import Manual
from .archive import changes_url
from .versions import History

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(manual: Manual, history: History, site_url: str, limit: int = 50) -> str:
    """An Atom feed of amendments, newest first; each entry links to its changes."""
    etree.register_namespace("", ATOM)
    feed = etree.Element(f"{{{ATOM}}}feed")
    base = site_url.rstrip("/") + "/" if site_url else ""
    entries = sorted(
        ((a, c) for c in manual.published_chapters for a in c.record),
        key=lambda pair: (pair[0].date, pair[1].id), reverse=True,
    )[:limit]
    _text(feed, "title", f"{manual.title}: amendments")
    _text(feed, "id", f"{base}feed.xml" if base else f"tag:procedures,{manual.title}")
    updated = entries[0][0].date if entries else manual.last_updated
    _text(feed, "updated", f"{updated.isoformat()}T00:00:00Z" if updated else "1970-01-01T00:00:00Z")
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", manual.publisher)
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base}feed.xml")
    for amendment, chapter in entries:
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


def _text(parent: etree.Element, tag: str, text: str) -> None:
    etree.SubElement(parent, f"{{{ATOM}}}{tag}").text = text
