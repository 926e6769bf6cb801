"""The raw HTML a chapter may contain, checked on the source with line numbers.

Chapters are written by many hands and published under a strict
Content-Security-Policy. Unsafe HTML is refused with a message, never
silently stripped, so nothing an editor wrote disappears without notice.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ..reading.markdown_text import blank_code
from ..reading.problems import ProblemList

ALLOWED_TAGS = frozenset(
    "a abbr b br caption cite code dd del details dfn div dl dt em figcaption figure h3 h4 h5 h6 hr i img "
    "ins kbd li mark ol p pre q s small span strong sub summary sup table tbody td tfoot th thead tr u ul".split()
)
DANGEROUS_TAGS = frozenset(
    "script iframe frame frameset object embed applet form input button select textarea style link meta base "
    "svg math template portal".split()
)
ALLOWED_ATTRIBUTES = frozenset(
    "href title alt src width height id class lang dir colspan rowspan scope headers open cite datetime abbr".split()
)
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "poster", "srcset", "xlink:href"})
UNSAFE_SCHEME = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.IGNORECASE)
AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")


class _PolicyParser(HTMLParser):
    def __init__(self, path: Path, first_line: int, problems: ProblemList):
        super().__init__(convert_charrefs=True)
        self.path, self.first_line, self.problems = path, first_line, problems

    def _report(self, message: str) -> None:
        self.problems.add(self.path, self.first_line + self.getpos()[0] - 1, message)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self._report(f"<{tag}> is not allowed in chapters (scripts, frames, forms and embedded "
                         "content are blocked for safety). Remove it or ask the site maintainers.")
            return
        if tag not in ALLOWED_TAGS:
            self._report(f"<{tag}> is not in the allowed HTML list; use Markdown instead.")
        for name, value in attrs:
            self._check_attribute(tag, name, value or "")

    handle_startendtag = handle_starttag

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self._report(f"the attribute {name}= on <{tag}> is an event handler; scripts are not allowed in chapters.")
        elif name == "style":
            self._report(f"the style= attribute on <{tag}> is not allowed: inline styles can hide content and are "
                         "blocked by the site's Content-Security-Policy. Use Markdown formatting instead.")
        elif name in URL_ATTRIBUTES and UNSAFE_SCHEME.match(value):
            scheme = value.split(":", 1)[0].strip().lower()
            self._report(f"the {name}= on <{tag}> uses a '{scheme}:' URL, which is not allowed; link to a web page.")
        elif name not in ALLOWED_ATTRIBUTES and not name.startswith("aria-"):
            self._report(f"the attribute {name}= on <{tag}> is not allowed.")


def check_raw_html(path: Path, body: str, body_line: int, problems: ProblemList) -> None:
    """Report unsafe raw HTML and unsafe link schemes in a Markdown body."""
    lines = blank_code(body)
    text = "\n".join(AUTOLINK.sub(lambda m: " " * len(m.group(0)), line) for line in lines)
    parser = _PolicyParser(path, body_line, problems)
    parser.feed(text)
    parser.close()


def check_link_scheme(path: Path, target: str, line: int, problems: ProblemList) -> None:
    """Markdown links may not smuggle in script or data URLs either."""
    if UNSAFE_SCHEME.match(target):
        scheme = target.split(":", 1)[0].strip().lower()
        problems.add(path, line, f"the link '{target[:40]}' uses a '{scheme}:' URL, which is not allowed.")
