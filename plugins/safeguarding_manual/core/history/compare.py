"""What changed between two versions of a chapter, paragraph by paragraph and word by word.

Insertions and deletions are marked with ``<ins>``/``<del>`` (underline and
strike-through, not colour alone) and with words a screen reader announces.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass

from markdown.extensions.toc import slugify

from ..manual.outline import ANY_HEADING, PARAGRAPH_NUMBER, SECTION_HEADING
from ..reading.markdown_text import blank_code
from ..safe_html.escape import escape

MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


@dataclass
class Unit:
    """A comparable piece of a chapter: a section heading, a numbered paragraph or other text."""

    key: str
    label: str
    text: str


@dataclass(frozen=True)
class Change:
    kind: str  # "changed", "added", "removed"
    unit_key: str
    label: str
    html: str


def plain(text: str) -> str:
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def split_units(body: str) -> list[Unit]:
    units: list[Unit] = [Unit("intro", "Introduction", "")]
    for line in blank_code(body):
        section = SECTION_HEADING.match(line)
        paragraph = PARAGRAPH_NUMBER.match(line)
        heading = ANY_HEADING.match(line)
        if section:
            units.append(Unit(f"section-{section.group('number')}", f"Section {section.group('number')} heading",
                              section.group("title")))
        elif heading:
            units.append(Unit(f"heading-{slugify(heading.group('text'), '-')}", "Sub-heading", heading.group("text")))
        elif paragraph:
            number = f"{paragraph.group('section')}.{paragraph.group('number')}"
            units.append(Unit(number, f"Paragraph {number}", line[paragraph.end():]))
        else:
            units[-1].text += "\n" + line
    return [Unit(u.key, u.label, plain(u.text)) for u in units if u.text.strip() or u.key != "intro"]


TOKEN = re.compile(r"\s*(?:[^\s.,;:!?()]+|[.,;:!?()])")


def _tokens(text: str) -> list[str]:
    """Words and punctuation, each with the white space before it, so "here." vs "here every" differ by words."""
    return TOKEN.findall(text)


def _marked(tag: str, label: str, tokens: list[str]) -> str:
    leading = tokens[0][: len(tokens[0]) - len(tokens[0].lstrip())]
    text = "".join(tokens).strip()
    return (f'{escape(leading)}<{tag} class="diff"><span class="visually-hidden">[{label}: </span>'
            f'{escape(text)}<span class="visually-hidden">]</span></{tag}>')


def word_diff(old: str, new: str) -> str:
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in old_tokens], [t.strip() for t in new_tokens],
                                      autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(new_tokens[b1:b2])))
            continue
        if op in ("delete", "replace"):
            out.append(_marked("del", "deleted", old_tokens[a1:a2]))
        if op in ("insert", "replace"):
            out.append(_marked("ins", "inserted", new_tokens[b1:b2]))
    return "".join(out).strip()


def compare(old_body: str, new_body: str) -> tuple[list[Change], int]:
    """The changes from ``old_body`` to ``new_body`` and the number of units unchanged."""
    old_units = {u.key: u for u in split_units(old_body)}
    new_units = split_units(new_body)
    new_keys = {u.key for u in new_units}
    changes: list[Change] = []
    unchanged = 0
    for unit in new_units:
        before = old_units.get(unit.key)
        if before is None:
            changes.append(Change("added", unit.key, unit.label,
                                  f'<ins class="diff"><span class="visually-hidden">[inserted: </span>'
                                  f'{escape(unit.text)}<span class="visually-hidden">]</span></ins>'))
        elif before.text != unit.text:
            changes.append(Change("changed", unit.key, unit.label, word_diff(before.text, unit.text)))
        else:
            unchanged += 1
    for key, unit in old_units.items():
        if key not in new_keys:
            changes.append(Change("removed", key, unit.label,
                                  f'<del class="diff"><span class="visually-hidden">[deleted: </span>'
                                  f'{escape(unit.text)}<span class="visually-hidden">]</span></del>'))
    return changes, unchanged


#: comparison HTML by a digest of its inputs; ``mkdocs serve`` rebuilds re-compare only what changed
_COMPARISONS: dict[str, str] = {}
_COMPARISONS_KEPT = 10_000


def comparison_html(old_body: str, new_body: str, old_label: str, new_label: str) -> str:
    """The changes section of a comparison page, remembered by content (keys are digests, not texts)."""
    key = hashlib.sha256("\0".join((old_body, new_body, old_label, new_label)).encode()).hexdigest()
    html = _COMPARISONS.get(key)
    if html is None:
        if len(_COMPARISONS) >= _COMPARISONS_KEPT:
            del _COMPARISONS[next(iter(_COMPARISONS))]
        html = _COMPARISONS[key] = _comparison_html(old_body, new_body, old_label, new_label)
    return html


def _comparison_html(old_body: str, new_body: str, old_label: str, new_label: str) -> str:
    changes, unchanged = compare(old_body, new_body)
    if not changes:
        return "<p>The text did not change between these versions; only the details above were updated.</p>"
    counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in ("changed", "added", "removed")}
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    items = "".join(
        f'<div class="diff-unit diff-unit--{c.kind}" id="change-{escape(c.unit_key)}">'
        f'<h3>{escape(c.label)} <span class="diff-kind">({c.kind})</span></h3><p>{c.html}</p></div>'
        for c in changes
    )
    return (
        '<h2 id="changes">Changes</h2>'
        f"<p>Comparing {escape(old_label)} with {escape(new_label)}: {summary}; {unchanged} unchanged. "
        "Deleted words are struck through on a red background; inserted words are boxed on a green background "
        "and marked with a plus sign.</p>"
        f"{items}"
    )
