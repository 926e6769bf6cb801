"""Markdown source as text: what is code (and so never content to check) and what is prose."""

from __future__ import annotations

import re

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")


def blank_code(body: str) -> list[str]:
    """The body's lines with fenced code blocks and inline code spans blanked out."""
    result: list[str] = []
    in_fence: str | None = None
    for line in body.split("\n"):
        fence = FENCE.match(line)
        if in_fence is not None:
            if fence and fence.group(1) == in_fence:
                in_fence = None
            result.append("")
            continue
        if fence:
            in_fence = fence.group(1)
            result.append("")
            continue
        result.append(INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line))
    return result
