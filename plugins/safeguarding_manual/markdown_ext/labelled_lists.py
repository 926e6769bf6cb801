"""Render ``- (a) ...`` lists as ordered lists labelled as written, each item citable.

A bullet list whose every item starts with a label such as ``(a)``, ``(iii)`` or ``(2)``
becomes ``<ol class="labelled-list" type="a">``; the label stays in the text as
``<span class="item-label">(a)</span>``, so it prints, copies and is read aloud exactly as
the statute has it (a CSS marker would say "a." and could not skip a repealed item).
Items inside a numbered paragraph get an anchor made of the paragraph number and the
labels down to the item: ``#1.5-b-ii``. See ``core/manual/labels.py`` for the rules.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from ..core.manual.labels import item_anchor, label_at_start, list_type

LISTS = {"ul", "ol"}


def _label_holder(item: etree.Element) -> etree.Element:
    """Where an item's first words are: the item itself, or its first paragraph in a spaced-out list."""
    if not (item.text or "").strip() and len(item) and item[0].tag == "p":
        return item[0]
    return item


def _bold_label(holder: etree.Element) -> etree.Element | None:
    """``**(a)** text``: a label written in bold, as word processors often have it."""
    if (holder.text or "").strip() or not len(holder):
        return None
    first = holder[0]
    if first.tag not in ("strong", "b") or len(first) or not (first.tail or "").startswith((" ", "\t")):
        return None
    match = label_at_start(first.text or "")
    return first if match is not None and match.group(0) == (first.text or "").strip() else None


def _label_of(item: etree.Element) -> str | None:
    holder = _label_holder(item)
    bold = _bold_label(holder)
    match = label_at_start(bold.text or "" if bold is not None else holder.text or "")
    return match.group("label") if match else None


def _labels(items: list[etree.Element]) -> list[str] | None:
    labels = []
    for item in items:
        label = _label_of(item) if item.tag == "li" else None
        if label is None:
            return None
        labels.append(label)
    return labels or None


class LabelledListProcessor(Treeprocessor):
    """Convert labelled lists and give the items of numbered paragraphs their anchors."""

    def __init__(self, md: Markdown, item_ids: list[str]):
        super().__init__(md)
        self.item_ids = item_ids

    def run(self, root: etree.Element) -> None:
        self.item_ids.clear()
        self._walk(root, None, [], set())

    def _walk(self, element: etree.Element, paragraph: str | None, chain: list[str], used: set[str]) -> None:
        for child in element:
            if child.tag == "div" and child.get("class") == "numbered-paragraph":
                self._walk(child, child.get("id"), [], used)
                continue
            labels = _labels(list(child)) if child.tag in LISTS else None
            if labels is None:
                self._walk(child, paragraph, chain, used)
                continue
            self._convert(child, labels)
            for item, label in zip(child, labels):
                self._anchor(item, paragraph, [*chain, label], used)
                self._walk(item, paragraph, [*chain, label], used)

    @staticmethod
    def _convert(listing: etree.Element, labels: list[str]) -> None:
        listing.tag = "ol"
        listing.set("class", " ".join(filter(None, [listing.get("class"), "labelled-list"])))
        kind = list_type(labels)
        if kind:
            listing.set("type", kind)
        for item in listing:
            holder = _label_holder(item)
            bold = _bold_label(holder)
            if bold is not None:  # the bold label becomes the item's label, as written
                bold.tag, bold.attrib = "span", {"class": "item-label"}
                bold.text = (bold.text or "").strip()
                bold.tail = " " + (bold.tail or "").lstrip(" \t")
                continue
            text = (holder.text or "").lstrip()
            match = label_at_start(text)
            assert match is not None  # _labels found one in every item
            marker = etree.Element("span", {"class": "item-label"})
            marker.text = match.group(0)
            marker.tail = " " + text[match.end():].lstrip(" \t")
            holder.text = None
            holder.insert(0, marker)

    def _anchor(self, item: etree.Element, paragraph: str | None, chain: list[str], used: set[str]) -> None:
        if paragraph is None:
            return
        anchor = item_anchor(paragraph, chain)
        if anchor in used:  # a second list labelled (a) in the same paragraph: the first keeps the anchor
            return
        used.add(anchor)
        given = item.get("id")
        if given:  # the editor's own {#id} stays, as a second anchor at the start of the item
            holder = _label_holder(item)
            holder.insert(0, etree.Element("span", {"id": given}))
        item.set("id", anchor)
        self.item_ids.append(anchor)
