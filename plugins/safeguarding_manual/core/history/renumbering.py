"""Checks that keep paragraph citations honest from one version to the next.

A citation "para 3.21 (version 2)" must never be read against other words without a word of
warning. So a new version may move or remove numbered paragraphs only when its amendment says
where each went (``renumbered: ['3.21 -> 3.22', '3.5 -> removed']``); the build proposes that list
from the texts, and the editor confirms it. The hand-written ``paragraphs`` list of an amendment
is compared with the texts too, so the Amendments page never names the wrong paragraphs.
"""

from __future__ import annotations

from ..manual.model import Amendment, Chapter
from ..reading.problems import ProblemList
from .paragraphs import ParagraphChanges, numbered_paragraphs, paragraph_key
from .versions import History


def check_paragraph_history(history: History, problems: ProblemList) -> None:
    """Every version of every published chapter against the version before it."""
    for chapter in history.manual.published_chapters:
        _check_unattached(chapter, problems)
        for number in range(chapter.versions_kept_from + 1, chapter.version + 1):
            changes = history.paragraph_changes(chapter, number)
            if changes is not None:
                _check_version(history, chapter, number, changes, problems)


def _check_unattached(chapter: Chapter, problems: ProblemList) -> None:
    """A 'renumbered' list must belong to a version that has a kept version before it to renumber."""
    for index, amendment in enumerate(chapter.amendments):
        if not amendment.renumbered:
            continue
        line = chapter.line_of("amendments", index, "renumbered")
        if amendment.version is None:
            problems.add(chapter.source_path, line, "'renumbered' says how a version changed the numbers of the one "
                                                    "before: give this amendment its 'version' too.")
        elif amendment.version <= chapter.versions_kept_from:
            problems.add(chapter.source_path, line, f"version {amendment.version} has no earlier version kept here "
                                                    "to renumber; remove 'renumbered' from this amendment.")


def _check_version(history: History, chapter: Chapter, number: int, changes: ParagraphChanges,
                   problems: ProblemList) -> None:
    found = history.amendment_for(chapter, number)
    index, amendment = found if found else (None, None)
    declared = amendment.renumbering if amendment else {}
    if amendment is not None and index is not None:
        _check_declarations(history, chapter, number, index, amendment, problems)
    undeclared = _undeclared(changes, declared)
    if undeclared:
        line = chapter.line_of("amendments", index) if index is not None else chapter.line_of("version")
        where = "to the amendment for" if amendment else "an amendment entry (with 'version: N') for"
        problems.add(chapter.source_path, line,
                     f"version {number} of {chapter.id} changes the numbers of paragraphs of version {number - 1} "
                     f"without saying where they went: {_describe(undeclared, changes)}. Citations of version "
                     f"{number - 1} would then point at other words. If this is right, add "
                     f"'renumbered: [{', '.join(_move(o, n) for o, n in undeclared.items())}]' {where} version "
                     f"{number}; if not, keep the old numbers and number new paragraphs after them.")
    if amendment is not None and index is not None and amendment.paragraphs:
        _check_hand_list(chapter, number, index, amendment, changes, problems)


def _undeclared(changes: ParagraphChanges, declared: dict[str, str | None]) -> dict[str, str | None]:
    """Old numbers that moved or went, which the editor has not declared."""
    result: dict[str, str | None] = {old: new for old, new in changes.moved.items() if old not in declared}
    result |= {old: None for old in changes.removed if old not in declared}
    return dict(sorted(result.items(), key=lambda item: paragraph_key(item[0])))


def _describe(undeclared: dict[str, str | None], changes: ParagraphChanges) -> str:
    said = []
    for old, new in undeclared.items():
        if new is not None:
            said.append(f"the text of {old} is now {new}")
            continue
        best = changes.best_match.get(old)
        closest = f" (closest now: {best[0]}, {round(best[1] * 100)}% alike)" if best else ""
        said.append(f"{old} was removed{closest}")
    return "; ".join(said)


def _move(old: str, new: str | None) -> str:
    return f"{old} -> {new if new is not None else 'removed'}"


def _check_declarations(history: History, chapter: Chapter, number: int, index: int, amendment: Amendment,
                        problems: ProblemList) -> None:
    """A declared move must name a paragraph of the version before and one of this version, once each."""
    if not amendment.renumbered:
        return  # nothing declared: the two texts need not be split into paragraphs (most amendments)
    old_body, new_body = history.body_of(chapter, number - 1), history.body_of(chapter, number)
    old, new = numbered_paragraphs(old_body or ""), numbered_paragraphs(new_body or "")
    seen_old: set[str] = set()
    seen_new: set[str] = set()
    for position, (old_number, new_number) in enumerate(amendment.renumbered):
        line = chapter.line_of("amendments", index, "renumbered", position)
        problem = None
        if old_number in seen_old:
            problem = f"paragraph {old_number} is declared twice."
        elif old_number not in old:
            problem = f"version {number - 1} has no paragraph {old_number}."
        elif new_number is not None and new_number not in new:
            problem = f"version {number} has no paragraph {new_number}."
        elif new_number is not None and new_number in seen_new:
            problem = f"two paragraphs of version {number - 1} are declared to have become {new_number}."
        seen_old.add(old_number)
        if new_number is not None:
            seen_new.add(new_number)
        if problem:
            problems.add(chapter.source_path, line, f"renumbered '{_move(old_number, new_number)}': {problem}")


def _check_hand_list(chapter: Chapter, number: int, index: int, amendment: Amendment, changes: ParagraphChanges,
                     problems: ProblemList) -> None:
    """The editor's list of paragraphs affected against what the texts show."""
    touched_new = changes.changed_numbers
    touched_old = set(changes.removed) | set(changes.moved)
    listed = set(amendment.paragraphs)
    for position, listed_number in enumerate(amendment.paragraphs):
        if "." in listed_number and listed_number not in touched_new | touched_old:
            problems.add(chapter.source_path, chapter.line_of("amendments", index, "paragraphs", position),
                         f"the amendment for version {number} names paragraph {listed_number}, but its text is the "
                         f"same in versions {number - 1} and {number}. Remove it from 'paragraphs', or check that "
                         "the change was saved.")
    # A paragraph only moved by an insertion above it has the same words: it need not be listed.
    unlisted = sorted((n for n in set(changes.amended) | set(changes.added) | set(changes.removed)
                       if n not in listed and n.split(".")[0] not in listed),
                      key=paragraph_key)
    if unlisted:
        problems.add(chapter.source_path, chapter.line_of("amendments", index, "paragraphs"),
                     f"the texts of versions {number - 1} and {number} differ in paragraph(s) "
                     f"{', '.join(unlisted)}, which the amendment's 'paragraphs' list does not name (nor their "
                     f"sections). If this is a new change, record it as a new version first ('procedures amend', "
                     f"see the editor guide) so that version {number} keeps its words; otherwise add them to the "
                     "list, so readers are told every paragraph that changed.")
