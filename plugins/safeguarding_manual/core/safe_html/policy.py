"""The raw HTML and links a Markdown source may contain, checked on the source with line numbers.

Chapters are written by many hands and published under a strict Content-Security-Policy. Unsafe
HTML is refused with a message, never silently stripped, so nothing an editor wrote disappears
without notice. The converted page is checked again by ``sanitiser.py``; this check comes first
because here every message has its exact line.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ..reading.markdown_text import blank_code
from ..reading.problems import ProblemList
from .allowed import (
    ALLOWED_ELEMENTS,
    DANGEROUS_ELEMENTS,
    GENERATED_CLASSES,
    attribute_problem,
    url_problem,
)

AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")


class _PolicyParser(HTMLParser):
    def __init__(self, path: Path, first_line: int, problems: ProblemList):
        super().__init__(convert_charrefs=True)
        self.path, self.first_line, self.problems = path, first_line, problems

    def _report(self, message: str) -> None:
        self.problems.add(self.path, self.first_line + self.getpos()[0] - 1, message)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_ELEMENTS:
            self._report(f"<{tag}> is not allowed in chapters (scripts, frames, forms, styles and embedded "
                         "media are blocked for safety). Remove it or ask the site maintainers.")
            return
        if tag not in ALLOWED_ELEMENTS:
            self._report(f"<{tag}> is not in the allowed HTML list; use Markdown instead.")
        for name, value in attrs:
            problem = attribute_problem(tag, name, value or "")
            if problem is None and name == "class":
                forged = sorted(set((value or "").split()) & GENERATED_CLASSES)
                if forged:
                    problem = (f"the class '{forged[0]}' on <{tag}> is given by the site itself (numbering, "
                               "glossary links); remove it.")
            if problem:
                self._report(problem)

    handle_startendtag = handle_starttag


def check_raw_html(path: Path, body: str, body_line: int, problems: ProblemList) -> None:
    """Report unsafe raw HTML in a Markdown body."""
    lines = blank_code(body)
    text = "\n".join(AUTOLINK.sub(lambda m: " " * len(m.group(0)), line) for line in lines)
    parser = _PolicyParser(path, body_line, problems)
    parser.feed(text)
    parser.close()


def check_link_scheme(path: Path, target: str, line: int, problems: ProblemList, *, image: bool = False) -> None:
    """Markdown links may not smuggle in script or data URLs; images may not come from other websites."""
    from html import unescape

    problem = url_problem(unescape(target), embedded=image)
    if problem:
        kind = "image" if image else "link"
        problems.add(path, line, f"the {kind} '{target[:40]}' {problem}")
