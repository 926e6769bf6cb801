"""Markdown source as text: what is code (and so never content to check) and what is prose.

This is a reading of the source for checks with line numbers; it follows Python-Markdown where
it can (fences start at the margin, an indented block after a blank line outside a list is code).
Where it still differs, the sanitiser of the converted page has the last word.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"^(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|[0-9]+[.)])\s")
INDENTED = re.compile(r"^(?: {4}|\t)")


def blank_code(body: str) -> list[str]:
    """The body's lines with code blocks (fenced or indented) and inline code spans blanked out."""
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
            result.append(INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line))
        previous = line
    return result


def _fence_is_closed(body: str, opening: str, fence: str) -> bool:
    """Python-Markdown only makes a code block of a fence that is closed later in the text."""
    rest = body.split(opening, 1)[1]
    return any(line.startswith(fence) and not line.strip(fence[0]).strip() for line in rest.split("\n")[1:])
