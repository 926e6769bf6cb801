"""Where GitHub's preview (CommonMark with GitHub's tables) and Python-Markdown part ways.

Editors review chapters in GitHub's preview, so the site must not show something else. For
each difference found, we either read the source the way CommonMark does, before
Python-Markdown sees it (:func:`as_commonmark`), or, where a rewrite could guess wrong, report
the line with the fix (:func:`indentation_problems`):

- a list straight after a paragraph line (no blank line): CommonMark starts a list, Python-Markdown
  ran it into the paragraph as "- " text. We insert the blank line.
- a table straight after a paragraph line: GitHub starts a table; Python-Markdown showed the pipes.
  We insert the blank line.
- ``#Heading`` with no space: CommonMark shows the text, Python-Markdown made a heading. We escape
  the ``#`` (our checks of sections already need the space).
- a line ending in a backslash: CommonMark breaks the line there. We write the break Python-Markdown
  understands (two spaces).
- list items nested, or paragraphs continued, with fewer than four spaces: GitHub nests them under
  the item above, Python-Markdown does not. Reported: indent them by four spaces, which both read alike.

Ordered lists keep their first number and fenced code blocks are code on both sides; the plugin turns
on Python-Markdown's ``sane_lists`` and ``fenced_code`` for that.
"""

from __future__ import annotations

import re

BULLET_OR_FIRST = re.compile(r"^ {0,3}(?:[-*+]|1[.)])[ \t]+\S")
LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|[0-9]{1,9}[.)])(?P<gap>[ \t]+)\S")
TABLE_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
NO_SPACE_HEADING = re.compile(r"^(?P<hashes>#{1,6})(?=[^#\s])")
BACKSLASH_BREAK = re.compile(r"(?<!\\)(?:\\\\)*\\$")
#: A line that cannot be the last line of a paragraph: headings, quotes, HTML and code placeholders, rules.
NOT_PARAGRAPH = re.compile(r"^ {0,3}(?:#|>|<|\x02|[-*_=](?:[ \t]*[-*_=]){2,}[ \t]*$|\|)")


def _cells(line: str) -> int:
    return len(line.strip().strip("|").split("|"))


def _is_table_start(lines: list[str], index: int) -> bool:
    """``lines[index]`` is a header row and the next line its delimiter row, with as many cells."""
    if index + 1 >= len(lines) or "|" not in lines[index]:
        return False
    delimiter = lines[index + 1]
    return bool(TABLE_DELIMITER.match(delimiter)) and "|" in delimiter and _cells(delimiter) == _cells(lines[index])


class _ListContext:
    """Whether a line is inside a list: from an item until a blank line followed by text at the margin."""

    def __init__(self) -> None:
        self.active = False
        self.blank_before = False

    def see(self, line: str) -> None:
        if not line.strip():
            self.blank_before = True
            return
        if LIST_ITEM.match(line):
            self.active = True
        elif self.blank_before and not line.startswith((" ", "\t")):
            self.active = False
        self.blank_before = False


def _ends_paragraph(previous: str, in_list: bool) -> bool:
    return bool(previous.strip()) and not in_list and not NOT_PARAGRAPH.match(previous) \
        and not LIST_ITEM.match(previous)


def as_commonmark(lines: list[str]) -> list[str]:
    """The lines as CommonMark reads them, rewritten for Python-Markdown (code already set aside)."""
    result: list[str] = []
    context = _ListContext()
    previous = ""
    for index, line in enumerate(lines):
        starts_block = BULLET_OR_FIRST.match(line) or _is_table_start(lines, index)
        if starts_block and _ends_paragraph(previous, context.active):
            result.append("")
        heading = NO_SPACE_HEADING.match(line)
        if heading and not context.active:
            line = "\\" + line
        if BACKSLASH_BREAK.search(line) and index + 1 < len(lines) and lines[index + 1].strip():
            line = line[:-1] + "  "
        result.append(line)
        context.see(line)
        previous = line
    return result


def indentation_problems(lines: list[str]) -> list[tuple[int, str]]:
    """(index, message) for lines that GitHub would nest in a list item and the site would not."""
    problems: list[tuple[int, str]] = []
    context = _ListContext()
    item_indents: list[int] = []
    for index, line in enumerate(lines):
        blank_before = context.blank_before
        context.see(line)
        if not line.strip() or not context.active:
            if not context.active:
                item_indents.clear()
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = LIST_ITEM.match(line)
        if item:
            while item_indents and item_indents[-1] > indent:
                item_indents.pop()
            if item_indents and indent > item_indents[-1] and (indent - item_indents[-1]) % 4:
                problems.append((index, (
                    f"this list item is indented by {indent - item_indents[-1]} space(s) more than the item above. "
                    "GitHub's preview nests it under that item but the site would not: indent nested items by "
                    "4 spaces (or a tab) more than their parent item.")))
            if not item_indents or item_indents[-1] != indent:
                item_indents.append(indent)
        elif blank_before and item_indents and 0 < indent - item_indents[-1] < 4:
            problems.append((index, (
                f"this paragraph is indented by {indent - item_indents[-1]} space(s) after a blank line in a list. "
                "GitHub's preview keeps it in the list item above but the site would end the list there: indent "
                "it by 4 spaces (or a tab) more than the item.")))
    return problems
