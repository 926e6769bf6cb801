"""A chapter body cut into comparable units: section headings, numbered paragraphs, other text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.extensions.toc import slugify

from ..manual.outline import ANY_HEADING, PARAGRAPH_NUMBER, SECTION_HEADING
from ..reading.markdown_text import blank_code

#: No nested brackets or parentheses, so that a line of unclosed ones is read in linear time.
MARKDOWN_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


@dataclass
class Unit:
    """A comparable piece of a chapter: a section heading, a numbered paragraph or other text."""

    key: str
    label: str
    text: str


def plain(text: str) -> str:
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def split_units(body: str) -> list[Unit]:
    units: list[Unit] = [Unit("intro", "Introduction", "")]
    for line in blank_code(body):
        section = SECTION_HEADING.match(line)
        paragraph = PARAGRAPH_NUMBER.match(line)
        heading = ANY_HEADING.match(line)
        if section:
            units.append(Unit(f"section-{section.group('number')}", f"Section {section.group('number')} heading",
                              section.group("title")))
        elif heading:
            units.append(Unit(f"heading-{slugify(heading.group('text'), '-')}", "Sub-heading", heading.group("text")))
        elif paragraph:
            number = f"{paragraph.group('section')}.{paragraph.group('number')}"
            units.append(Unit(number, f"Paragraph {number}", line[paragraph.end():]))
        else:
            units[-1].text += "\n" + line
    return [Unit(u.key, u.label, plain(u.text)) for u in units if u.text.strip() or u.key != "intro"]
