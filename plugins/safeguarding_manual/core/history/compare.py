"""What changed between two versions of a chapter, paragraph by paragraph and word by word.

Insertions and deletions are marked with ``<ins>``/``<del>`` (underline and
strike-through, not colour alone) and with words a screen reader announces.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..safe_html.escape import escape
from .units import split_units

if TYPE_CHECKING:
    from .paragraphs import ParagraphChanges


@dataclass(frozen=True)
class Change:
    kind: str  # "changed", "added", "removed", "renumbered"
    unit_key: str
    label: str
    html: str


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


def compare(old_body: str, new_body: str, paragraphs: "ParagraphChanges | None" = None) -> tuple[list[Change], int]:
    """The changes from ``old_body`` to ``new_body`` and the number of units unchanged.

    Numbered paragraphs are compared with the paragraph they were before (``paragraphs``, read from the
    texts), so an inserted paragraph does not make every later one look rewritten.
    """
    old_units = {u.key: u for u in split_units(old_body)}
    new_units = split_units(new_body)
    old_of = paragraphs.old_of if paragraphs is not None else {}
    aligned_keys = set(old_of) | set(paragraphs.added) if paragraphs is not None else set()
    used_old: set[str] = set()
    changes: list[Change] = []
    unchanged = 0
    for unit in new_units:
        old_key = old_of.get(unit.key) if unit.key in aligned_keys else unit.key
        before = old_units.get(old_key) if old_key is not None else None
        if before is None:
            changes.append(Change("added", unit.key, unit.label, _whole("ins", "inserted", unit.text)))
            continue
        used_old.add(before.key)
        label = f"{unit.label} (was {before.key} in the version before)" if before.key != unit.key else unit.label
        if before.text != unit.text:
            changes.append(Change("changed", unit.key, label, word_diff(before.text, unit.text)))
        elif before.key != unit.key:
            changes.append(Change("renumbered", unit.key, label, f"Same text; it was paragraph {escape(before.key)}."))
        else:
            unchanged += 1
    new_keys = {unit.key for unit in new_units}
    for key, unit in old_units.items():
        if key not in used_old:  # its number may now be another paragraph's: the anchor says "before"
            anchor = f"{key}-before" if key in new_keys else key
            label = f"{unit.label} of the version before" if key in new_keys else unit.label
            changes.append(Change("removed", anchor, label, _whole("del", "deleted", unit.text)))
    return changes, unchanged


def _whole(tag: str, label: str, text: str) -> str:
    return (f'<{tag} class="diff"><span class="visually-hidden">[{label}: </span>'
            f'{escape(text)}<span class="visually-hidden">]</span></{tag}>')


#: comparison HTML by a digest of its inputs; ``mkdocs serve`` rebuilds re-compare only what changed
_COMPARISONS: dict[str, str] = {}
_COMPARISONS_KEPT = 10_000


def comparison_html(old_body: str, new_body: str, old_label: str, new_label: str,
                    paragraphs: "ParagraphChanges | None" = None) -> str:
    """The changes section of a comparison page, remembered by content (keys are digests, not texts)."""
    kept = repr(sorted(paragraphs.kept.items())) if paragraphs is not None else ""
    key = hashlib.sha256("\0".join((old_body, new_body, old_label, new_label, kept)).encode()).hexdigest()
    html = _COMPARISONS.get(key)
    if html is None:
        if len(_COMPARISONS) >= _COMPARISONS_KEPT:
            del _COMPARISONS[next(iter(_COMPARISONS))]
        html = _COMPARISONS[key] = _comparison_html(old_body, new_body, old_label, new_label, paragraphs)
    return html


def _comparison_html(old_body: str, new_body: str, old_label: str, new_label: str,
                     paragraphs: "ParagraphChanges | None") -> str:
    changes, unchanged = compare(old_body, new_body, paragraphs)
    if not changes:
        return "<p>The text did not change between these versions; only the details above were updated.</p>"
    counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in ("changed", "added", "removed", "renumbered")}
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
