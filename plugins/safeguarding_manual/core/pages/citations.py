"""Cite this paragraph: a citation a practitioner can paste into case notes, for every numbered paragraph.

The form (documented in the editor guide):

    Example Safeguarding Children Procedures, PA1 Local Safeguarding Children Partnerships, para 2.4
    (version 3, in force from 2 June 2025), https://procedures.example.org/.../versions/3/#2.4

The address is the version's permanent one, so the citation shows the same words for ever. It sits in a
``<details>`` disclosure under the paragraph, so it works without JavaScript; the site's script adds a
one-tap "Copy" button.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from ..dates import long_date
from ..safe_html.escape import escape

#: What the numbered-paragraphs extension leaves at the end of each numbered paragraph.
PLACEHOLDER = '<div class="paragraph-cite"></div>'


def citation_text(manual_title: str, chapter_id: str, chapter_title: str, number: str, version: int,
                  in_force: dt.date, address: str) -> str:
    return (f"{manual_title}, {chapter_id} {chapter_title}, para {number} (version {version}, in force from "
            f"{long_date(in_force)}), {address}#{number}")


def citation_html(number: str, text: str) -> str:
    return (f'<details class="paragraph-cite" data-search-exclude><summary>Cite<span class="visually-hidden"> paragraph {escape(number)}'
            f'</span></summary><p class="citation">{escape(text)}</p></details>')


#: What it leaves after each paragraph number, for a mark that the paragraph changed.
STATUS_PLACEHOLDER = '<span class="paragraph-status"></span>'


def fill_paragraph_placeholders(html: str, numbers: list[str], citation: Callable[[str], str] | None,
                                marks: dict[str, str] | None = None, after: dict[str, str] | None = None) -> str:
    """Each citation placeholder becomes the citation of its paragraph, or nothing without ``citation``; each
    status placeholder becomes the paragraph's change mark, or nothing. Both are matched to the numbers in
    page order (content cannot add placeholders: their classes are refused in chapters' raw HTML). ``after``
    holds HTML to put at the end of a paragraph, by number: an area's local notes."""
    cited, marked = iter(numbers), iter(numbers)

    def cite(_: re.Match[str]) -> str:
        number = next(cited, None)
        cite_html = citation_html(number, citation(number)) if citation is not None and number is not None else ""
        return cite_html + (after or {}).get(number or "", "")

    def mark(_: re.Match[str]) -> str:
        number = next(marked, None)
        return (marks or {}).get(number, "") if number is not None else ""

    html = re.sub(re.escape(STATUS_PLACEHOLDER), mark, html)
    return re.sub(re.escape(PLACEHOLDER), cite, html)
