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


@dataclass(frozen=True)
class Unit:
    """A comparable piece of a chapter: a section heading, a numbered paragraph or other text."""

    key: str
    label: str
    text: str


def plain(text: str) -> str:
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


_SPLIT: dict[str, tuple[Unit, ...]] = {}
_SPLIT_KEPT = 20_000


def split_units(body: str) -> tuple[Unit, ...]:
    """The units of a body, in order; remembered by text (each version is compared more than once)."""
    found = _SPLIT.get(body)
    if found is None:
        if len(_SPLIT) >= _SPLIT_KEPT:
            del _SPLIT[next(iter(_SPLIT))]
        found = _SPLIT[body] = _split_units(body)
    return found


def _split_units(body: str) -> tuple[Unit, ...]:
    units: list[tuple[str, str, list[str]]] = [("intro", "Introduction", [])]
    for line in blank_code(body):
        section = SECTION_HEADING.match(line)
        paragraph = PARAGRAPH_NUMBER.match(line)
        heading = ANY_HEADING.match(line)
        if section:
            units.append((f"section-{section.group('number')}", f"Section {section.group('number')} heading",
                          [section.group("title")]))
        elif heading:
            units.append((f"heading-{slugify(heading.group('text'), '-')}", "Sub-heading", [heading.group("text")]))
        elif paragraph:
            number = f"{paragraph.group('section')}.{paragraph.group('number')}"
            units.append((number, f"Paragraph {number}", [line[paragraph.end():]]))
        else:
            units[-1][2].append(line)
    return tuple(Unit(key, label, plain("\n".join(lines))) for key, label, lines in units
                 if key != "intro" or "".join(lines).strip())
