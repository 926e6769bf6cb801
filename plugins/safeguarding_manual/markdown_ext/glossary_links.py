"""Link the first use of each glossary term on a page (or in each section) to its definition.

Runs as a tree processor on the parsed page, so headings, existing links,
code, images and anything marked ``class="no-glossary"`` are never touched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ..core.glossary.entries import Glossary, Term, definition_text
from ..core.glossary.matcher import TermMatcher

#: Headings and what acts as one (captions, summaries), links, code and the like are never linked.
SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "abbr", "script", "style", "img",
             "dfn", "time", "caption", "figcaption", "summary"}
SKIP_CLASSES = {"no-glossary", "amendment-box", "paragraph-number", "glossary", "admonition-title", "item-label",
                "caption"}
#: Python-Markdown keeps inline raw HTML out of the tree, leaving placeholders like this in the text.
PLACEHOLDER = re.compile("\x02wzxhzdk:([0-9]+)\x03")
OPT_OUT_OPEN = re.compile(r"^<span\b[^>]*class=[\"'][^\"']*\bno-glossary\b", re.IGNORECASE)


@dataclass
class PageLinking:
    """What the linker needs to know about the page being rendered, set before each page."""

    enabled: bool = False
    glossary_href: str = "glossary/"
    per_section: bool = False
    #: terms linked on this page, by name, in order of first use
    used: dict[str, Term] = field(default_factory=dict)


class GlossaryLinker:
    """Holds the matcher and tooltip texts, built once per glossary."""

    def __init__(self, glossary: Glossary):
        self.matcher: TermMatcher[Term] = TermMatcher()
        for term in glossary.terms:
            for form, case_sensitive in term.surface_forms():
                self.matcher.add(form, term, case_sensitive=case_sensitive)
        self.tooltips = {term.term: definition_text(term) for term in glossary.terms}
        self.terms_by_name = {term.term: term for term in glossary.terms}
        self.page = PageLinking()

    def export_state(self) -> list[str]:
        """Names of the terms linked on the page just converted (for the conversion cache)."""
        return list(self.page.used)

    def restore_state(self, state: list[str]) -> None:
        """Each name as the term itself holds it, not the copy read from the cache: every page keeps its list
        until the glossary page is made, and thousands of pages name the same few hundred terms."""
        terms = (self.terms_by_name.get(name) for name in state)
        self.page.used = {term.term: term for term in terms if term is not None}


class GlossaryLinkProcessor(Treeprocessor):
    def __init__(self, md: Markdown, linker: GlossaryLinker):
        super().__init__(md)
        self.linker = linker

    def run(self, root: etree.Element) -> None:
        page = self.linker.page
        if not page.enabled:
            return
        seen: set[str] = set()
        self._opted_out = False
        self._walk(root, seen)

    def _walk(self, element: etree.Element, seen: set[str]) -> None:
        if self.linker.page.per_section and element.tag == "h2":
            seen.clear()
        if element.tag in SKIP_TAGS or SKIP_CLASSES & set((element.get("class") or "").split()):
            return
        before = len(element)
        element.text = self._link_text(element, element.text, 0, seen)
        index = len(element) - before  # links just inserted: their tails were already matched
        while index < len(element):
            child = element[index]
            self._walk(child, seen)
            before = len(element)
            child.tail = self._link_text(element, child.tail, index + 1, seen)
            index += 1 + (len(element) - before)

    def _link_text(self, parent: etree.Element, text: str | None, insert_at: int, seen: set[str]) -> str | None:
        """Split ``text`` around new links inserted into ``parent`` at ``insert_at``; return the leading text."""
        if not text or not text.strip():
            return text
        pieces: list[etree.Element] = []
        leading: str | None = None
        position = 0
        for match in self._matches(text):
            term = match.value
            if term.term in seen:
                continue
            seen.add(term.term)
            self.linker.page.used.setdefault(term.term, term)
            chunk = text[position: match.start]
            if pieces:
                pieces[-1].tail = chunk
            else:
                leading = chunk
            pieces.append(self._link(term, text[match.start: match.end]))
            position = match.end
        if not pieces:
            return text
        pieces[-1].tail = text[position:]
        for offset, piece in enumerate(pieces):
            parent.insert(insert_at + offset, piece)
        return leading

    def _matches(self, text: str):  # type: ignore[no-untyped-def]
        """Matches outside ``<span class="no-glossary">...</span>`` written as inline HTML."""
        segment_start = 0
        for placeholder in [*PLACEHOLDER.finditer(text), None]:
            segment_end = placeholder.start() if placeholder else len(text)
            if not self._opted_out:
                for match in self.linker.matcher.find(text[segment_start:segment_end]):
                    yield type(match)(match.start + segment_start, match.end + segment_start, match.value)
            if placeholder is None:
                break
            self._track_opt_out(placeholder.group(1))
            segment_start = placeholder.end()

    def _track_opt_out(self, index: str) -> None:
        blocks = self.md.htmlStash.rawHtmlBlocks
        html = str(blocks[int(index)]) if int(index) < len(blocks) else ""
        if OPT_OUT_OPEN.match(html):
            self._opted_out = True
        elif self._opted_out and html.lower().startswith("</span"):
            self._opted_out = False

    def _link(self, term: Term, text: str) -> etree.Element:
        link = etree.Element("a", {
            "class": "glossary-term",
            "href": f"{self.linker.page.glossary_href}#{term.anchor}",
            "title": self.linker.tooltips[term.term],
        })
        link.text = text
        return link


class GlossaryLinksExtension(Extension):
    def __init__(self, linker: GlossaryLinker, **kwargs: object):
        self.linker = linker
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After numbered paragraphs (7) so the paragraph-number links exist; before toc (5).
        md.treeprocessors.register(GlossaryLinkProcessor(md, self.linker), "glossary_links", 6)
