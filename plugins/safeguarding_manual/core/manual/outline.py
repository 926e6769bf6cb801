"""Reading a chapter body's structure from its Markdown source, with line numbers.

Authoring syntax (chosen because it reads naturally in GitHub's preview, where
editors review pull requests):

    ## 3. Serious Case Reviews          <- a numbered section
    **3.1** The partnership must ...    <- numbered paragraph 3.1
    A second paragraph still in 3.1.
    ### Chair                           <- a sub-heading; numbering goes on
    **3.2** ...

Numbers are validated here, on the source, so every message has a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..reading.commonmark import indentation_problems
from ..reading.markdown_text import blank_code
from ..reading.problems import ProblemList
from .anchors import explicit_ids, heading_slug, heading_text_and_id, unique
from .labels import SourceLists

SECTION_HEADING = re.compile(r"^##\s+(?P<number>[0-9]+)\.\s+(?P<title>\S.*?)\s*#*\s*$")
ANY_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
PARAGRAPH_NUMBER = re.compile(r"^\*\*(?P<section>[0-9]+)\.(?P<number>[0-9]+)\*\*(?=\s|$)")
LOOKS_LIKE_NUMBER = re.compile(r"^\*\*[0-9]+(\.[0-9]*)*\.?\*\*")
#: Link text may not hold another '[' here, so that a line of unclosed brackets costs linear time.
LINK = re.compile(r"(?<!!)\[(?:[^\[\]\\]|\\.)*\]\(\s*<?(?P<target>[^)\s>]{0,2048}+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
IMAGE = re.compile(r"!\[(?:[^\[\]\\]|\\.)*\]\(\s*<?(?P<target>[^)\s>]{0,2048}+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(\s|$)")


def section_anchor(number: int) -> str:
    """The fragment of a numbered section: stable when its title changes."""
    return f"section-{number}"


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    line: int


@dataclass(frozen=True)
class Link:
    target: str
    line: int


@dataclass
class Outline:
    """What a chapter body contains that other checks need to know."""

    sections: list[Section] = field(default_factory=list)
    #: paragraph number ("3.21") -> line
    paragraphs: dict[str, int] = field(default_factory=dict)
    heading_anchors: set[str] = field(default_factory=set)
    #: ids given with ``{#id}`` or ``id="..."``
    explicit_anchors: set[str] = field(default_factory=set)
    #: anchors of labelled list items of numbered paragraphs ("1.5-a-iii")
    item_anchors: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    #: images (``![alt](src)``): their files must be the site's own
    images: list[Link] = field(default_factory=list)

    @cached_property
    def anchors(self) -> frozenset[str]:
        """Every fragment a link may point at in this chapter.

        Made once: every link into the chapter, from every chapter and archived version, asks on every build
        (made anew for each link, it took 1.4% of a warm build at 3,000 chapters). An outline is complete when
        :func:`read_outline` returns it and is not changed after.
        """
        return frozenset(
            set(self.paragraphs)
            | {section_anchor(s.number) for s in self.sections}
            | self.heading_anchors
            | self.explicit_anchors
            | self.item_anchors
        )


def read_outline(path: Path, body: str, body_line: int, problems: ProblemList) -> Outline:
    """Scan headings, numbered paragraphs and links, reporting numbering mistakes."""
    outline = Outline()
    current_section: int | None = None
    last_paragraph = 0
    lists = SourceLists()
    slugs: list[str] = []  # heading slugs in page order, made unique once every id is known
    lines = blank_code(body)
    for index, message in indentation_problems(lines):
        problems.add(path, body_line + index, message)
    for index, line in enumerate(lines):
        line_no = body_line + index
        heading = ANY_HEADING.match(line)
        if heading:
            current_section, last_paragraph = _read_heading(
                path, line, line_no, heading, outline, current_section, last_paragraph, problems, slugs
            )
            lists.restart(None)
        elif LOOKS_LIKE_NUMBER.match(line):
            last_paragraph = _read_paragraph_number(
                path, line, line_no, outline, current_section, last_paragraph, problems
            )
            number = PARAGRAPH_NUMBER.match(line)
            lists.restart(f"{number.group('section')}.{number.group('number')}" if number else None)
        lists.line(line, line_no)
        if not heading:
            outline.explicit_anchors.update(explicit_ids(line))
        for match in LINK.finditer(line):
            outline.links.append(Link(match.group("target"), line_no))
        for match in IMAGE.finditer(line):
            outline.images.append(Link(match.group("target"), line_no))
        definition = REFERENCE_DEFINITION.match(line)
        if definition:
            outline.links.append(Link(definition.group("target"), line_no))
    lists.close()
    outline.item_anchors = lists.anchors
    for line_no, message in lists.mixed:
        problems.add(path, line_no, message)
    used = set(outline.paragraphs) | outline.explicit_anchors | outline.item_anchors
    used |= {section_anchor(s.number) for s in outline.sections}
    outline.heading_anchors = {unique(slug, used) for slug in slugs}
    return outline


def _read_heading(path: Path, line: str, line_no: int, heading: re.Match[str], outline: Outline,
                  current_section: int | None, last_paragraph: int, problems: ProblemList,
                  slugs: list[str]) -> tuple[int | None, int]:
    level = len(heading.group("hashes"))
    text, explicit = heading_text_and_id(heading.group("text"))
    section = SECTION_HEADING.match(f"## {text}") if level == 2 else None
    if explicit:
        outline.explicit_anchors.add(explicit)
    elif level != 2 or not section:
        slugs.append(heading_slug(text))
    if level == 1:
        problems.add(path, line_no, "a chapter must not contain a level-1 heading ('# ...'); "
                                    "the title comes from the 'title' field. Use '## 1. Section title' for sections.")
        return current_section, last_paragraph
    if level != 2:
        return current_section, last_paragraph
    if not section:
        return None, 0
    number = int(section.group("number"))
    expected = (outline.sections[-1].number + 1) if outline.sections else 1
    previous = next((s for s in outline.sections if s.number == number), None)
    if previous:
        problems.add(path, line_no, f"section number {number} is used twice (first on line {previous.line}). "
                                    f"Number sections 1, 2, 3 ... in order.")
    elif number != expected:
        problems.add(path, line_no, f"section {number} should be section {expected}: sections are numbered 1, 2, 3 ... "
                                    "with none skipped or out of order.")
    outline.sections.append(Section(number, section.group("title"), line_no))
    return number, 0


def _read_paragraph_number(path: Path, line: str, line_no: int, outline: Outline,
                           current_section: int | None, last_paragraph: int, problems: ProblemList) -> int:
    match = PARAGRAPH_NUMBER.match(line)
    if not match:
        problems.add(path, line_no, "a paragraph number must be written '**N.M**' (for example '**3.21**') "
                                    "followed by a space and the text.")
        return last_paragraph
    citation = f"{match.group('section')}.{match.group('number')}"
    section, number = int(match.group("section")), int(match.group("number"))
    if citation in outline.paragraphs:
        problems.add(path, line_no, f"paragraph number {citation} is used twice (first on line "
                                    f"{outline.paragraphs[citation]}).")
        return last_paragraph
    outline.paragraphs[citation] = line_no
    if current_section is None:
        problems.add(path, line_no, f"paragraph {citation} is not inside a numbered section; "
                                    "put a '## N. Section title' heading above it.")
        return last_paragraph
    if section != current_section:
        problems.add(path, line_no, f"paragraph {citation} is in section {current_section}; "
                                    f"number it {current_section}.{last_paragraph + 1}.")
        return last_paragraph
    if number <= last_paragraph:
        problems.add(path, line_no, f"paragraph {citation} is out of order: it comes after "
                                    f"{current_section}.{last_paragraph}.")
        return last_paragraph
    if number != last_paragraph + 1:
        problems.add(path, line_no, f"paragraph {citation} skips {current_section}.{last_paragraph + 1}; "
                                    "number paragraphs one after another.")
    return number
