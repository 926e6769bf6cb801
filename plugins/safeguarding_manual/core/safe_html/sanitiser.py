"""The allow-list check of HTML converted from content, parsed as a browser parses it.

The check on the Markdown source (``policy.py``) cannot see everything a browser will: Markdown
constructs (attribute lists, reference links, autolinks) make HTML of their own. So after conversion
every element, attribute, class, id and URL is checked again, with Lexbor, a WHATWG-conformant parser,
so that malformed markup is read the way a reader's browser reads it. What is not allowed is
reported, never stripped: an editor must not lose text without being told.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from .allowed import (
    ALLOWED_ELEMENTS,
    DANGEROUS_ELEMENTS,
    ITEM_ID,
    PARAGRAPH_ID,
    SECTION_ID,
    attribute_problem,
)

#: Deeper nesting serves no reader, and the search indexer's time grows with its square.
MAX_DEPTH = 64
#: Wrappers the parser adds around any fragment; their attributes are still checked.
_DOCUMENT_ELEMENTS = frozenset({"html", "head", "body"})


@dataclass(frozen=True)
class Finding:
    """Something in converted content that may not be published, with text to find it in the source by."""

    message: str
    #: Strings to look for in the source file, most telling first, to report the line.
    needles: tuple[str, ...]


def check_converted_html(html: str, *, paragraph_ids: frozenset[str] | set[str] = frozenset()) -> list[Finding]:
    """Every problem in ``html``, the output of Markdown for one page.

    ``paragraph_ids`` are the numbered paragraphs our extension made on this page: the only elements
    that may carry an id shaped like a paragraph number.
    """
    findings: list[Finding] = []
    ids: Counter[str] = Counter()
    root = LexborHTMLParser(html).root
    deepest = _deepest(root)
    if deepest is not None:
        findings.append(Finding(f"the HTML is nested more than {MAX_DEPTH} elements deep (<{deepest}> inside "
                                f"<{deepest}> ...); use headings and lists, which need no more than a few levels.",
                                (f"<{deepest}",)))
        return findings
    for node in root.traverse(include_text=False):  # type: ignore[union-attr]
        tag = node.tag or ""
        if tag.startswith(("_", "-", "!")):  # comments and the doctype
            continue
        findings += _element_findings(tag)
        attributes = {name.lower(): value or "" for name, value in node.attributes.items()}
        for name, value in attributes.items():
            problem = attribute_problem(tag, name, value)
            if problem:
                needles = _id_needles(value) if name == "id" else (f"{name}={value}"[:60], f"{name}=", name, value[:40])
                findings.append(Finding(problem, needles))
        element_id = attributes.get("id")
        if element_id is not None:
            ids[element_id] += 1
            findings += _anchor_findings(tag, attributes, element_id, paragraph_ids)
    findings += [Finding(f"the id '{value}' is given to {count} elements on this page; an id must be unique, "
                         "or links to it go to the wrong place.", _id_needles(value))
                 for value, count in ids.items() if count > 1]
    return findings


def _deepest(root) -> str | None:  # type: ignore[no-untyped-def]
    """The tag found nested deeper than :data:`MAX_DEPTH`, or None (an iterative walk: no recursion)."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return node.tag
        child = node.child
        while child is not None:
            if child.tag and not child.tag.startswith(("-", "_")):
                stack.append((child, depth + 1))
            child = child.next
    return None


def _element_findings(tag: str) -> list[Finding]:
    if tag in _DOCUMENT_ELEMENTS:  # made by the parser around any fragment (their attributes are checked)
        return []
    if tag in DANGEROUS_ELEMENTS:
        return [Finding(f"<{tag}> is not allowed in content (scripts, frames, forms, styles and embedded media "
                        "are blocked for safety). Remove it or ask the site maintainers.", (f"<{tag}",))]
    if tag not in ALLOWED_ELEMENTS:
        return [Finding(f"<{tag}> is not in the allowed HTML list; use Markdown instead.", (f"<{tag}",))]
    return []


def _anchor_findings(tag: str, attributes: dict[str, str], element_id: str,
                     paragraph_ids: frozenset[str] | set[str]) -> list[Finding]:
    """An id shaped like ``3.21`` or ``section-3`` is a citation: only the numbering may create one."""
    classes = set(attributes.get("class", "").split())
    if PARAGRAPH_ID.fullmatch(element_id) and not (
            tag == "div" and "numbered-paragraph" in classes and element_id in paragraph_ids):
        return [Finding(f"the id '{element_id}' looks like a paragraph number; paragraph anchors come from "
                        f"'**{element_id}**' at the start of a paragraph. Choose an id with letters.", _id_needles(element_id))]
    if ITEM_ID.fullmatch(element_id) and not (tag == "li" and element_id in paragraph_ids):
        return [Finding(f"the id '{element_id}' looks like the anchor of a lettered item of a paragraph; those "
                        "come from labels such as '- (a)' in a numbered paragraph. Choose an id that starts with "
                        "a letter.", _id_needles(element_id))]
    if SECTION_ID.fullmatch(element_id) and tag != "h2":
        return [Finding(f"the id '{element_id}' belongs to a numbered section heading; choose another.",
                        _id_needles(element_id))]
    return []


def _id_needles(value: str) -> tuple[str, ...]:
    """How an id is written in Markdown (``{#id}``) or HTML (``id="id"``), before the bare value."""
    return (f"#{value} ", f"#{value}}}", f'id="{value}"', f"id='{value}'", f"id={value}", f"#{value}", value)


def source_line(text: str, needles: tuple[str, ...], first_line: int = 1) -> int | None:
    """The line of ``text`` (numbered from ``first_line``) where the first needle found stands.

    Needles are looked for as written first (``hidden`` the attribute, not "Hidden" the word), then
    in any case, since HTML names are not case-sensitive.
    """
    for haystack, fold in ((text, False), (text.lower(), True)):
        for needle in needles:
            if not needle:
                continue
            position = haystack.find(needle.lower() if fold else needle)
            if position != -1:
                return first_line + haystack.count("\n", 0, position)
    return None
