"""Captions for tables and figures, from the "Caption:" lines the London procedures use.

Markdown has no caption syntax, and GitHub's preview shows a "Caption:" line as what it is,
so that is what editors write:

    Caption: Who sits on the partnership        <- directly above a table: its <caption>

    | Member | Role |
    ...

    ![The referral pathway](images/pathway.png)

    Caption: The referral pathway, step by step <- directly below an image: a <figure> with <figcaption>

A "Caption:" line anywhere else is kept, word for word, as a paragraph marked as a caption.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

PREFIX = re.compile(r"^\s*Caption:[ \t]*")


def _caption_text_start(paragraph: etree.Element) -> re.Match[str] | None:
    if paragraph.tag != "p":
        return None
    return PREFIX.match(paragraph.text or "")


def _is_image_only(element: etree.Element | None) -> bool:
    """A paragraph holding one image (perhaps inside a link) and nothing else."""
    if element is None or element.tag != "p" or (element.text or "").strip() or len(element) != 1:
        return False
    child = element[0]
    if (child.tail or "").strip():
        return False
    return child.tag == "img" or (child.tag == "a" and not (child.text or "").strip() and len(child) == 1
                                  and child[0].tag == "img" and not (child[0].tail or "").strip())


def _move_content(paragraph: etree.Element, target: etree.Element, start: int) -> None:
    target.text = (paragraph.text or "")[start:]
    for child in list(paragraph):
        paragraph.remove(child)
        target.append(child)


class CaptionProcessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        for child in list(element):
            if child.tag not in ("pre", "code", "table"):
                self._walk(child)
        children = list(element)
        for index, child in enumerate(children):
            prefix = _caption_text_start(child)
            if prefix is None:
                continue
            following = children[index + 1] if index + 1 < len(children) else None
            preceding = children[index - 1] if index > 0 else None
            if following is not None and following.tag == "table" and following.find("caption") is None:
                caption = etree.Element("caption")
                _move_content(child, caption, prefix.end())
                following.insert(0, caption)
                element.remove(child)
            elif _is_image_only(preceding) and preceding is not None:
                figure = etree.Element("figure")
                figure.extend(list(preceding))
                figcaption = etree.SubElement(figure, "figcaption")
                _move_content(child, figcaption, prefix.end())
                position = list(element).index(preceding)
                element.remove(preceding)
                element.remove(child)
                element.insert(position, figure)
            else:
                child.set("class", " ".join(filter(None, [child.get("class"), "caption"])))


class CaptionsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (20) and attr_list (8), before numbered paragraphs (7) group the blocks.
        md.treeprocessors.register(CaptionProcessor(md), "captions", 7.5)


def makeExtension(**kwargs: object) -> CaptionsExtension:
    return CaptionsExtension(**kwargs)
