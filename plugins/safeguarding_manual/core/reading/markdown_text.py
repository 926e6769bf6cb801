"""Markdown source as text: what is code (and so never content to check) and what is prose.

This is a reading of the source for checks with line numbers; it follows Python-Markdown where
it can (fences start at the margin, an indented block after a blank line outside a list is code).
Where it still differs, the sanitiser of the converted page has the last word.
"""

from __future__ import annotations

import re
from functools import lru_cache

FENCE = re.compile(r"^(`{3,}|~{3,})")
BACKTICKS = re.compile(r"`+")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|[0-9]+[.)])\s")
INDENTED = re.compile(r"^(?: {4}|\t)")


def blank_code(body: str) -> list[str]:
    """The body's lines with code blocks (fenced or indented) and inline code spans blanked out."""
    return list(_blank_code(body))


@lru_cache(maxsize=64)  # several checks read the same text one after another
def _blank_code(body: str) -> tuple[str, ...]:
    if "`" not in body and "~~~" not in body and "    " not in body and "\t" not in body:
        return tuple(body.split("\n"))  # nothing that can be code: every line as it is
    result: list[str] = []
    in_fence: str | None = None
    previous = ""  # the line before, as written
    in_list = False
    for line in body.split("\n"):
        if in_fence is not None:
            if line.startswith(in_fence) and not line.strip(in_fence[0]).strip():
                in_fence = None
            result.append("")
            continue
        fence = FENCE.match(line)
        if fence and _fence_is_closed(body, line, fence.group(1)):
            in_fence = fence.group(1)
            result.append("")
        elif INDENTED.match(line) and (not previous.strip() or result[-1:] == [""]) and not in_list:
            result.append("")  # an indented code block
        else:
            if LIST_ITEM.match(line):
                in_list = True
            elif line.strip() and not INDENTED.match(line) and not previous.strip():
                in_list = False
            result.append(blank_inline_code(line))
        previous = line
    return tuple(result)


def _fence_is_closed(body: str, opening: str, fence: str) -> bool:
    """Python-Markdown only makes a code block of a fence that is closed later in the text."""
    rest = body.split(opening, 1)[1]
    return any(line.startswith(fence) and not line.strip(fence[0]).strip() for line in rest.split("\n")[1:])


def blank_inline_code(line: str) -> str:
    """``line`` with its code spans (between equal runs of backticks) blanked, in linear time.

    A regular expression with back-references takes time with the cube of a line of backticks;
    here each run is paired with the next run of the same length, found from a table.
    """
    if "`" not in line:
        return line
    runs = [(match.start(), match.end()) for match in BACKTICKS.finditer(line)]
    if len(runs) < 2:
        return line
    following: list[int | None] = [None] * len(runs)
    last_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last_of_length.get(length)
        last_of_length[length] = index
    pieces, position, index = [], 0, 0
    while index < len(runs):
        closing = following[index]
        if closing is None:
            index += 1
            continue
        start, end = runs[index][0], runs[closing][1]
        pieces += [line[position:start], " " * (end - start)]
        position, index = end, closing + 1
    return "".join(pieces) + line[position:]
