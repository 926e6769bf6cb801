"""The anchors a chapter's source gives besides its numbering: explicit ids and heading slugs.

Links to them are checked like links to paragraphs, so these follow what Python-Markdown does:
``{#id}`` / ``{: #id .class }`` attribute lists (attr_list), ``id="..."`` in raw HTML, and the
slug the table-of-contents extension gives a heading without an id, made unique with ``_1``,
``_2`` ... in the order of the page.

Every scan here is linear in the line: an edited line is untrusted, and a regular expression that
retries from each ``{`` or ``[`` would take minutes on a line of them.
"""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify

ID_IN_LIST = re.compile(r"(?:^|\s)#(?P<id>[^\s}#]+)")
HTML_ID = re.compile(r"<[A-Za-z][^<>]*?\sid\s*=\s*(?:\"(?P<a>[^\"]*)\"|'(?P<b>[^']*)'|(?P<c>[^\s>\"']+))",
                     re.IGNORECASE)
#: Link and image text may not hold another bracket here, so each scan stops at the next one.
_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\([^()]*\)")
_EMPHASIS = re.compile(r"[*`]+|(?<!\w)_+|_+(?!\w)")
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")


def _attribute_lists(line: str) -> list[tuple[int, str]]:
    """(start, body) of each ``{...}`` attribute list in ``line``, as attr_list reads them, in one pass.

    Between two closing braces the list starts at the first ``{``; its body may not be empty.
    """
    found = []
    segment_start = 0
    for closing in [m.start() for m in re.finditer("}", line)]:
        opening = line.find("{", segment_start, closing)
        if opening >= 0:
            body = line[opening + 1:closing]
            body = body[1:] if body.startswith(":") else body
            if body.lstrip(" "):
                found.append((opening, body.lstrip(" ")))
        segment_start = closing + 1
    return found

def _applies(line: str, start: int) -> bool:
    """Python-Markdown applies an attribute list alone on its line (to the block it ends) or right after
    an inline element (a link, image, emphasis or code); anywhere else it stays as text."""
    return not line[:start].strip() or line[start - 1] in ")]*_`>"


def explicit_ids(line: str) -> list[str]:
    """Ids a line gives by attribute list or raw HTML."""
    found = [m.group("id") for start, body in _attribute_lists(line) if _applies(line, start)
             for m in ID_IN_LIST.finditer(body)]
    found += [m.group("a") or m.group("b") or m.group("c") or "" for m in HTML_ID.finditer(line)]
    return [i for i in found if i]


def heading_text_and_id(text: str) -> tuple[str, str | None]:
    """A heading's words without its attribute list, and the id that list gives, if any."""
    stripped = text.rstrip()
    lists = _attribute_lists(stripped) if stripped.endswith("}") else []
    if not lists or stripped.find("}", lists[-1][0]) != len(stripped) - 1:
        return text, None
    start, body = lists[-1]
    ids = [m.group("id") for m in ID_IN_LIST.finditer(body)]
    return text[:start].rstrip(), (ids[-1] if ids else None)


def heading_slug(text: str) -> str:
    """The id the table of contents gives a heading written ``text`` (before making it unique)."""
    words = _EMPHASIS.sub("", _LINK.sub(lambda m: m.group("text"), _IMAGE.sub("", text)))
    words = re.sub(r"<[^>]*>", "", words)
    return slugify(words, "-")


def unique(slug: str, used: set[str]) -> str:
    """As the table of contents does it: ``slug``, else ``slug_1``, ``slug_2`` ..."""
    while slug in used or not slug:
        counted = _COUNTED.match(slug)
        slug = f"{counted.group(1)}_{int(counted.group(2)) + 1}" if counted else f"{slug}_1"
    used.add(slug)
    return slug
