"""Marks on the paragraphs that changed in a chapter's latest version, and the renumbering notes.

The marks come from comparing the archived texts paragraph by paragraph
(:mod:`..history.paragraphs`), not from the editors' lists alone, so a reader can trust that an
unmarked paragraph has the words it had before. Each mark links to the comparison. A reader can
switch the marks off (the site's script remembers the choice in this browser only).

The renumbering notes keep old citations working: a link to ``#3.21`` written before version 3
lands on "paragraph 3.21 of version 2 is now 3.22" when 3.21 no longer exists.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from ..dates import long_date, month_year
from ..history.archive import chapter_version_start, changes_url, version_url
from ..history.paragraphs import ParagraphChanges, paragraph_key
from ..history.versions import History
from ..manual.model import Chapter
from ..safe_html.escape import escape
from ..urls import relative_url

MARK_WORDS = {"added": "New", "amended": "Amended", "renumbered": "Renumbered"}


def change_marks(chapter: Chapter, changes: ParagraphChanges, page_url: str) -> dict[str, str]:
    """Paragraph number -> the mark to show after it ("Amended June 2025"), for the current version."""
    month = month_year(chapter_version_start(chapter))
    comparison = relative_url(page_url, changes_url(chapter, chapter.version))
    old_of = changes.old_of
    marks = {}
    for number in changes.changed_numbers:
        kind = "added" if number in changes.added else "amended" if number in changes.amended else "renumbered"
        was = old_of.get(number)
        was_text = f" (was {escape(was)})" if was and was != number else ""
        marks[number] = (
            f'<a class="paragraph-change paragraph-change--{kind}" href="{escape(comparison)}#change-{escape(number)}"'
            f' data-search-exclude>{MARK_WORDS[kind]} {escape(month)}{was_text}'
            f'<span class="visually-hidden">: see what changed in paragraph {escape(number)}</span></a>'
        )
    return marks


def marks_switch(chapter: Chapter, count: int) -> str:
    """The control that hides or shows the marks; hidden until the site's script makes it work."""
    month = month_year(chapter_version_start(chapter))
    return (f'<p class="change-marks-switch" hidden data-search-exclude><button type="button" class="md-button" aria-pressed="true">'
            f"Mark the {count} paragraph{'s' if count != 1 else ''} changed in {escape(month)}</button></p>")


def renumbering_notes(chapter: Chapter, history: History, page_url: str, current_anchors: AbstractSet[str]) -> str:
    """Every paragraph number a version changed, and where that paragraph is in the current version."""
    items: list[str] = []
    given_ids: set[str] = set()
    for number in range(chapter.version, chapter.versions_kept_from, -1):
        changes = history.paragraph_changes(chapter, number)
        if changes is None:
            continue
        moves = {**changes.moved, **{old: None for old in changes.removed}}
        for old, new in sorted(moves.items(), key=lambda item: paragraph_key(item[0])):
            now = _now(chapter, history, number, new)
            anchor = old if old not in current_anchors and old not in given_ids else None
            if anchor:
                given_ids.add(anchor)
            items.append(_note(chapter, history, number, old, new, now, anchor, page_url))
    if not items:
        return ""
    return ('<h3 id="renumbered-title">Paragraph numbers that changed</h3>'
            "<p>A citation gives the version it quotes: its own page keeps that version's numbers. "
            f'Here is where each moved or removed paragraph went.</p><ul class="renumbered-list">{"".join(items)}</ul>')


def _note(chapter: Chapter, history: History, number: int, old: str, new: str | None, now: str | None, anchor: str | None,
          page_url: str) -> str:
    before = escape(relative_url(page_url, version_url(chapter, number - 1) + f"#{old}"))
    id_attribute = f' id="{escape(anchor)}"' if anchor else ""
    if new is None:
        outcome = f"was removed in version {number}"
    elif now == new:
        outcome = f'became <a href="#{escape(now)}">{escape(now)}</a> in version {number}'
    elif now is not None:
        outcome = f'became {escape(new)} in version {number} and is now <a href="#{escape(now)}">{escape(now)}</a>'
    else:
        outcome = f"became {escape(new)} in version {number} and has since been removed"
    found = history.amendment_for(chapter, number)
    when = f" ({long_date(found[1].date)})" if found else ""
    return (f'<li{id_attribute}><a href="{before}">Paragraph {escape(old)} of version {number - 1}</a> '
            f"{outcome}{when}.</li>")


def _now(chapter: Chapter, history: History, number: int, new: str | None) -> str | None:
    """Where paragraph ``new`` of version ``number`` is in the current version (None: removed since)."""
    for later in range(number + 1, chapter.version + 1):
        if new is None:
            return None
        changes = history.paragraph_changes(chapter, later)
        if changes is None:
            return new
        new = changes.kept.get(new)
    return new
