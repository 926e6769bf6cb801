"""Render what GitHub's preview renders, so editors reviewing a pull request see the page as published.

The rewriting rules live in ``core/reading/commonmark.py`` (plain Python, shared with the
checks); this module applies them before Python-Markdown parses blocks, and links bare web
addresses as GitHub does (``https://www.gov.uk/...`` in running text).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

from ..core.reading.commonmark import as_commonmark

#: A bare http(s) address; trailing punctuation is the sentence's, as in GitHub's autolinks.
BARE_URL = r"(?<![\w/:@.\-\"'=])https?://[^\s<>\"`]*[^\s<>\"`?!.,:;*_~'\)\]]"


class CommonMarkLines(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return as_commonmark(lines)


class BareUrlProcessor(InlineProcessor):
    """``https://...`` in text becomes a link; never inside a link, code or raw HTML."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        url = m.group(0)
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1]
        link = etree.Element("a", {"href": url})
        link.text = url
        return link, m.start(0), m.start(0) + len(url)


class GitHubPreviewExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After raw HTML blocks (20) and fenced code (25) are set aside, before blocks are parsed.
        md.preprocessors.register(CommonMarkLines(md), "github_preview_lines", 10)
        # After raw inline HTML (90) is set aside, so attribute values are never touched.
        md.inlinePatterns.register(BareUrlProcessor(BARE_URL, md), "bare_url", 85)


def makeExtension(**kwargs: object) -> GitHubPreviewExtension:
    return GitHubPreviewExtension(**kwargs)
