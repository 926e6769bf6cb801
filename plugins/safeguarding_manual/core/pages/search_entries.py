"""Search index entries for numbered paragraphs, so a citation such as ``PA5 3.21`` finds its paragraph."""

from __future__ import annotations

from typing import Any

from ..manual.model import Chapter


def paragraph_entries(chapter: Chapter, page_url: str, paragraphs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One search document per numbered paragraph, titled with the citation (``PA5 3.21``)."""
    return [{"location": f"{page_url}#{number}", "title": f"{chapter.id} {number}", "text": text}
            for number, text in paragraphs]
