"""Turn ``**3.21** text`` paragraphs into citable, numbered blocks.

The number becomes a permalink whose fragment is the number itself
(``#3.21``), so a practitioner can cite and share one paragraph. A numbered
paragraph owns every following block (more paragraphs, lists, tables) until
the next numbered paragraph or heading, as in the London procedures.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .labelled_lists import LabelledListProcessor

NUMBER = re.compile(r"^[0-9]+\.[0-9]+$")
SECTION_TITLE = re.compile(r"^([0-9]+)\.\s")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "hr"}


def _paragraph_number(element: etree.Element) -> str | None:
    if element.tag != "p" or (element.text or "").strip() or len(element) == 0:
        return None
    first = element[0]
    if first.tag == "strong" and len(first) == 0 and NUMBER.match((first.text or "").strip()):
        return (first.text or "").strip()
    return None


PLACEHOLDER = re.compile("\x02wzxhzdk:[0-9]+\x03")


class NumberedParagraphProcessor(Treeprocessor):
    """Wrap numbered paragraphs and give section headings stable ids.

    The text of each numbered paragraph is kept in ``collected`` (number, text) so that a search index
    can have one entry per paragraph without parsing the HTML again.
    """

    def __init__(self, md: Markdown, collected: list[tuple[str, str]]):
        super().__init__(md)
        self.collected = collected

    def run(self, root: etree.Element) -> None:
        self.collected.clear()
        self._wrap(root)
        for block in root.iter("div"):
            if block.get("class") == "numbered-paragraph":
                body = next(child for child in block if child.get("class") == "paragraph-body")
                text = PLACEHOLDER.sub(" ", " ".join(body.itertext()))
                self.collected.append((block.get("id", ""), " ".join(text.split())))

    def _wrap(self, root: etree.Element) -> None:
        children = list(root)
        for child in children:
            root.remove(child)
        current_body: etree.Element | None = None
        for child in children:
            number = _paragraph_number(child)
            if number is not None:
                block, current_body = self._start_block(child, number)
                root.append(block)
                continue
            if child.tag in HEADINGS:
                current_body = None
                self._label_section(child)
            if current_body is not None:
                current_body.append(child)
            else:
                root.append(child)

    @staticmethod
    def _start_block(paragraph: etree.Element, number: str) -> tuple[etree.Element, etree.Element]:
        strong = paragraph[0]
        paragraph.remove(strong)
        paragraph.text = (strong.tail or "").lstrip()
        block = etree.Element("div", {"class": "numbered-paragraph", "id": number})
        link = etree.SubElement(block, "a", {"class": "paragraph-number", "href": f"#{number}",
                                             "title": f"Link to paragraph {number}"})
        link.text = number
        # Where a "changed in this version" mark may go (core/pages/change_marks.py): it depends on the history.
        etree.SubElement(block, "span", {"class": "paragraph-status"})
        body = etree.SubElement(block, "div", {"class": "paragraph-body"})
        body.append(paragraph)
        # Where the page's citation goes (core/pages/citations.py): it depends on the version, not the Markdown.
        etree.SubElement(block, "div", {"class": "paragraph-cite"})
        return block, body

    @staticmethod
    def _label_section(heading: etree.Element) -> None:
        """``section-N`` on every numbered section; an id the editor gave (``{#id}``) is kept as a second anchor."""
        if heading.tag != "h2":
            return
        match = SECTION_TITLE.match("".join(heading.itertext()))
        if not match:
            return
        given = heading.get("id")
        heading.set("id", f"section-{match.group(1)}")
        heading.set("class", (heading.get("class", "") + " numbered-section").strip())
        if given:
            anchor = etree.Element("span", {"id": given})
            anchor.tail, heading.text = heading.text, None
            heading.insert(0, anchor)


class NumberedParagraphsExtension(Extension):
    def __init__(self, **kwargs: object):
        #: (number, plain text) of the numbered paragraphs of the page converted last
        self.collected: list[tuple[str, str]] = []
        #: anchors of the labelled list items ("1.5-a-iii") of the page converted last
        self.item_ids: list[str] = []
        super().__init__(**kwargs)

    def generated_ids(self) -> set[str]:
        """The citation anchors this extension made on the page just converted: paragraphs and items."""
        return {number for number, _ in self.collected} | set(self.item_ids)

    def export_state(self) -> tuple[list[tuple[str, str]], list[str]]:
        """The paragraphs and items collected from the page just converted (for the conversion cache)."""
        return list(self.collected), list(self.item_ids)

    def restore_state(self, state: tuple[list[tuple[str, str]], list[str]]) -> None:
        collected, item_ids = state  # from disk, as lists
        self.collected[:] = [(number, text) for number, text in collected]
        self.item_ids[:] = item_ids

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (20) and attr_list (8), before toc (5); items after their paragraphs.
        md.treeprocessors.register(NumberedParagraphProcessor(md, self.collected), "numbered_paragraphs", 7)
        md.treeprocessors.register(LabelledListProcessor(md, self.item_ids), "labelled_lists", 6.9)


def makeExtension(**kwargs: object) -> NumberedParagraphsExtension:
    return NumberedParagraphsExtension(**kwargs)
