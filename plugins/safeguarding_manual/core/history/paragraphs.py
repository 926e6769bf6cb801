"""Which paragraph of one version became which paragraph of the next, read from the texts themselves.

Practitioners cite paragraph numbers in case records. When a new version inserts or removes a
paragraph, the numbers after it shift: "3.21" then names other words. The archived texts tell us
what really happened, so the build can mark the paragraphs that changed, show a faithful
comparison, and refuse a renumbering that nobody has declared.

The alignment, in order of confidence:

1. identical text (after the number) is the same paragraph, wherever it now stands;
2. the same number with mostly the same words is the same paragraph, amended;
3. the closest remaining text, if it is close enough, is the same paragraph, moved;
4. a number left on both sides is the same paragraph, rewritten;
5. anything else was removed (old side) or added (new side).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from .units import split_units

PARAGRAPH_KEY = re.compile(r"^[0-9]+\.[0-9]+$")
#: At least this share of words in common for the same number to count as the same paragraph.
SAME_NUMBER_LIKENESS = 0.5
#: At least this share of words in common for a paragraph to be found under another number.
MOVED_LIKENESS = 0.6
#: Below this, a paragraph is not offered to the editor as where a removed one went.
SUGGESTION_LIKENESS = 0.4
#: Paragraphs compared with every other up to this many pairs; beyond it, only with their neighbours
#: (a hostile or wholesale rewrite of thousands of paragraphs must not take quadratic time).
ALL_PAIRS_LIMIT = 40_000
NEIGHBOURS = 25


@dataclass(frozen=True)
class ParagraphChanges:
    """What happened to the numbered paragraphs between two versions."""

    #: old number -> new number, for every old paragraph found in the new version
    kept: dict[str, str] = field(default_factory=dict)
    #: new numbers whose paragraph is there before but with other words
    amended: frozenset[str] = frozenset()
    #: new numbers with no paragraph before
    added: frozenset[str] = frozenset()
    #: old numbers with no paragraph after
    removed: frozenset[str] = frozenset()
    #: how alike (0 to 1) each moved or removed paragraph is to its best match, for the editor's message
    best_match: dict[str, tuple[str, float]] = field(default_factory=dict)

    @property
    def moved(self) -> dict[str, str]:
        """Old number -> new number, where the number changed."""
        return {old: new for old, new in self.kept.items() if old != new}

    @property
    def old_of(self) -> dict[str, str]:
        """New number -> the old number of the same paragraph."""
        return {new: old for old, new in self.kept.items()}

    @property
    def changed_numbers(self) -> set[str]:
        """New numbers a reader should look at again: amended, added or moved here."""
        return set(self.amended) | set(self.added) | set(self.moved.values())


def numbered_paragraphs(body: str) -> dict[str, str]:
    """Number -> plain text of each numbered paragraph (with the lists and tables it holds)."""
    return {unit.key: unit.text for unit in split_units(body) if PARAGRAPH_KEY.match(unit.key)}


def likeness(old: str, new: str) -> float:
    """Share of words two texts have in common, in order (difflib's ratio over words)."""
    if old == new:
        return 1.0
    return difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio()


_ALIGNMENTS: dict[str, ParagraphChanges] = {}
_ALIGNMENTS_KEPT = 20_000


class AlignmentStore(Protocol):
    """Somewhere alignments outlive the process (the build cache), keyed by a digest of what was compared."""

    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, data: dict[str, Any]) -> None: ...


_STORE: list[AlignmentStore] = []


def keep_alignments_in(store: AlignmentStore | None) -> None:
    """Keep alignments in ``store`` as well as in memory (None: memory only). Comparing every archived version
    with the one before took a tenth of a build that reused everything else; the texts rarely change."""
    _STORE[:] = [store] if store is not None else []


def align(old_body: str, new_body: str, declared: dict[str, str | None] | None = None) -> ParagraphChanges:
    """The paragraphs of ``new_body`` that were paragraphs of ``old_body``, remembered by content.

    ``declared`` is the editor's word (old number -> new number, or None for removed) and wins over
    the comparison.
    """
    declared = declared or {}
    key = hashlib.sha256("\0".join((old_body, new_body, repr(sorted(declared.items(), key=str)))).encode()).hexdigest()
    found = _ALIGNMENTS.get(key)
    if found is None:
        if len(_ALIGNMENTS) >= _ALIGNMENTS_KEPT:
            del _ALIGNMENTS[next(iter(_ALIGNMENTS))]
        found = _ALIGNMENTS[key] = _stored(key) or _align_and_store(key, old_body, new_body, declared)
    return found


def _stored(key: str) -> ParagraphChanges | None:
    data = _STORE[0].get(key) if _STORE else None
    try:
        return changes_from_data(data) if data is not None else None
    except (AttributeError, KeyError, TypeError, ValueError):
        return None  # an entry of another shape: compare again


def _align_and_store(key: str, old_body: str, new_body: str, declared: dict[str, str | None]) -> ParagraphChanges:
    found = _align(numbered_paragraphs(old_body), numbered_paragraphs(new_body), declared)
    if _STORE:
        _STORE[0].put(key, changes_to_data(found))
    return found


def changes_to_data(changes: ParagraphChanges) -> dict[str, Any]:
    """Plain JSON data of ``changes`` (sets as sorted lists)."""
    return {"kept": changes.kept, "amended": sorted(changes.amended), "added": sorted(changes.added),
            "removed": sorted(changes.removed),
            "best_match": {old: [new, score] for old, (new, score) in changes.best_match.items()}}


def changes_from_data(data: dict[str, Any]) -> ParagraphChanges:
    """The inverse of :func:`changes_to_data`."""
    return ParagraphChanges(kept={str(old): str(new) for old, new in data["kept"].items()},
                            amended=frozenset(map(str, data["amended"])), added=frozenset(map(str, data["added"])),
                            removed=frozenset(map(str, data["removed"])),
                            best_match={str(old): (str(new), float(score))
                                        for old, (new, score) in data["best_match"].items()})


def _align(old: dict[str, str], new: dict[str, str], declared: dict[str, str | None]) -> ParagraphChanges:
    kept: dict[str, str] = {}
    removed: set[str] = set()
    for old_number, new_number in declared.items():
        if old_number not in old or (new_number is not None and (new_number not in new or new_number in kept.values())):
            continue  # the check reports a declaration that names numbers the versions do not have
        if new_number is None:
            removed.add(old_number)
        else:
            kept[old_number] = new_number
    _match_identical(old, new, kept, removed)
    _match_same_number(old, new, kept, removed, SAME_NUMBER_LIKENESS)
    best_match = _match_closest(old, new, kept, removed)
    _match_same_number(old, new, kept, removed, 0.0)
    removed |= set(old) - set(kept)
    used = set(kept.values())
    return ParagraphChanges(
        kept=dict(sorted(kept.items(), key=lambda item: paragraph_key(item[0]))),
        amended=frozenset(new_number for old_number, new_number in kept.items() if old[old_number] != new[new_number]),
        added=frozenset(number for number in new if number not in used),
        removed=frozenset(removed),
        best_match=best_match,
    )


def _match_identical(old: dict[str, str], new: dict[str, str], kept: dict[str, str], removed: set[str]) -> None:
    """Identical texts: the same number first, then in order of appearance."""
    by_text: dict[str, list[str]] = {}
    used = set(kept.values())
    for number, text in new.items():
        if number not in used:
            by_text.setdefault(text, []).append(number)
    for number, text in old.items():
        if number in kept or number in removed or text not in by_text:
            continue
        candidates = by_text[text]
        chosen = number if number in candidates else candidates[0]
        candidates.remove(chosen)
        if not candidates:
            del by_text[text]
        kept[number] = chosen


def _match_same_number(old: dict[str, str], new: dict[str, str], kept: dict[str, str], removed: set[str],
                       threshold: float) -> None:
    used = set(kept.values())
    for number, text in old.items():
        if number in kept or number in removed or number not in new or number in used:
            continue
        if threshold == 0.0 or likeness(text, new[number]) >= threshold:
            kept[number] = number
            used.add(number)


def _match_closest(old: dict[str, str], new: dict[str, str], kept: dict[str, str],
                   removed: set[str]) -> dict[str, tuple[str, float]]:
    """Pair the remaining paragraphs most alike first; return each remaining old paragraph's best match."""
    used = set(kept.values())
    left_old = [n for n in old if n not in kept and n not in removed]
    left_new = [n for n in new if n not in used]
    scored = sorted(_scored_pairs(old, new, _candidate_pairs(left_old, left_new)), reverse=True)
    best: dict[str, tuple[str, float]] = {}
    for score, old_number, new_number in scored:
        best.setdefault(old_number, (new_number, score))
        if score < MOVED_LIKENESS or old_number in kept or new_number in used:
            continue
        kept[old_number] = new_number
        used.add(new_number)
    return best


def _scored_pairs(old: dict[str, str], new: dict[str, str],
                  pairs: list[tuple[str, str]]) -> list[tuple[float, str, str]]:
    """How alike each pair is, where at least :data:`SUGGESTION_LIKENESS`.

    One matcher per new paragraph: difflib indexes its second text once, and the upper bound
    (``quick_ratio``) rules out most pairs before the real comparison.
    """
    by_new: dict[str, list[str]] = {}
    for a, b in pairs:
        by_new.setdefault(b, []).append(a)
    scored = []
    for b, olds in by_new.items():
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(new[b].split())
        for a in olds:
            matcher.set_seq1(old[a].split())
            if matcher.quick_ratio() >= SUGGESTION_LIKENESS and (score := matcher.ratio()) >= SUGGESTION_LIKENESS:
                scored.append((score, a, b))
    return scored


def _candidate_pairs(left_old: list[str], left_new: list[str]) -> list[tuple[str, str]]:
    """Every pair when there are few; otherwise each old paragraph with the new ones near its place."""
    if len(left_old) * len(left_new) <= ALL_PAIRS_LIMIT:
        return [(a, b) for a in left_old for b in left_new]
    scale = len(left_new) / max(len(left_old), 1)
    pairs = []
    for index, a in enumerate(left_old):
        middle = int(index * scale)
        pairs += [(a, b) for b in left_new[max(0, middle - NEIGHBOURS): middle + NEIGHBOURS + 1]]
    return pairs


def paragraph_key(number: str) -> tuple[int, ...]:
    """Sort 3.9 before 3.10."""
    return tuple(int(part) for part in number.split("."))
