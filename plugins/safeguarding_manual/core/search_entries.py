"""Search index entries for numbered paragraphs, so a citation such as ``PA5 3.21`` finds its paragraph."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from .model import Chapter


class _NumberedParagraphText(HTMLParser):
    """Collects the text of each ``div.numbered-paragraph`` in rendered chapter HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[str, list[str]]] = []
        self._depth = 0  # div nesting inside the current numbered paragraph
        self._in_number = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "div" and self._depth == 0 and "numbered-paragraph" in (attributes.get("class") or "").split():
            self.paragraphs.append((attributes.get("id") or "", []))
            self._depth = 1
        elif tag == "div" and self._depth:
            self._depth += 1
        elif tag == "a" and self._depth and "paragraph-number" in (attributes.get("class") or ""):
            self._in_number = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._depth:
            self._depth -= 1
        elif tag == "a":
            self._in_number = False

    def handle_data(self, data: str) -> None:
        if self._depth and not self._in_number:
            self.paragraphs[-1][1].append(data)


def paragraph_entries(chapter: Chapter, page_url: str, html: str) -> list[dict[str, Any]]:
    """One search document per numbered paragraph, titled with the citation."""
    parser = _NumberedParagraphText()
    parser.feed(html)
    entries = []
    for number, chunks in parser.paragraphs:
        text = " ".join(" ".join(chunks).split())
        entries.append({
            "location": f"{page_url}#{number}",
            "title": f"{chapter.id} {number}",
            "text": text,
        })
    return entries
