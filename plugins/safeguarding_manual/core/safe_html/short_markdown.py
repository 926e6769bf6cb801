"""Short Markdown fields (glossary definitions, threshold responses) as HTML, with raw HTML shown as text.

These fields are placed into pages by our code after the page's own Markdown has been converted,
so they are converted here: raw HTML is not recognised at all (it comes out as visible, escaped text),
and the result is checked by the sanitiser, so a link cannot carry a ``javascript:`` URL either.
"""

from __future__ import annotations

import functools

import markdown

from .sanitiser import check_converted_html


class _ShortMarkdown:
    """One reusable converter: building a Markdown instance per field would cost more than converting."""

    def __init__(self) -> None:
        self.converter = markdown.Markdown()
        self.converter.preprocessors.deregister("html_block")
        self.converter.inlinePatterns.deregister("html")

    def convert(self, text: str) -> str:
        self.converter.reset()
        return self.converter.convert(text)


_CONVERTER = _ShortMarkdown()


@functools.lru_cache(maxsize=8192)
def short_markdown_html(text: str) -> str:
    """``text`` as HTML; raw HTML in it is escaped, never passed through.

    Kept per text: every glossary definition and amendment summary is read again by each rebuild while
    serving, and the same text always gives the same HTML."""
    return _CONVERTER.convert(text)


def short_markdown_problems(text: str) -> list[str]:
    """What in ``text`` may not be published (a script URL in a link, a remote image, ...)."""
    return [finding.message for finding in check_converted_html(short_markdown_html(text))]
