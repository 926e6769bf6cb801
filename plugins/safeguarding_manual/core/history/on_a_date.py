"""The manual as it stood on a date: which version of each chapter was in force that day.

When a child is seriously harmed, a learning review, a complaint or a court asks what the
procedures said on the day a decision was made. Every version is archived with the dates it was
in force, so the answer is a look-up: for each chapter, the version whose period holds the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..manual.model import Chapter, Manual, Part, chapter_id_key
from .archive import chapter_version_start, version_url
from .versions import History

IN_FORCE = "in-force"
NOT_YET = "not-yet-published"
WITHDRAWN = "withdrawn"
#: in force, but as a version published before the manual kept the chapter (not archived here)
NOT_KEPT = "not-kept"


@dataclass(frozen=True)
class Period:
    """One version of a chapter and the days it was in force (``until`` excluded; None: still in force)."""

    number: int
    id: str
    title: str
    start: dt.date
    until: dt.date | None
    url: str


@dataclass(frozen=True)
class ChapterOnDate:
    """What a reader would have found for one chapter on the day."""

    state: str
    chapter: Chapter
    #: the version in force, or for a withdrawn chapter the last one in force
    period: Period | None
    #: when the chapter was first published here, or withdrawn
    when: dt.date | None = None

    @property
    def shown_id(self) -> str:
        return self.period.id if self.period is not None else self.chapter.id

    @property
    def shown_title(self) -> str:
        return self.period.title if self.period is not None else self.chapter.title


def periods(chapter: Chapter, history: History) -> list[Period]:
    """Every kept version of a chapter with its dates, oldest first."""
    result = [Period(v.number, v.id, v.title, v.last_updated, v.superseded_on, version_url(chapter, v.number))
              for v in history.versions.get(chapter.src_uri, [])]
    result.append(Period(chapter.version, chapter.id, chapter.title, chapter_version_start(chapter), None,
                         version_url(chapter, chapter.version)))
    return result


def chapter_on(chapter: Chapter, history: History, day: dt.date) -> ChapterOnDate:
    kept = periods(chapter, history)
    current = kept[-1]
    if chapter.status == "withdrawn" and day >= current.start:
        before = kept[-2] if len(kept) > 1 else None
        return ChapterOnDate(WITHDRAWN, chapter, before, current.start)
    if day < kept[0].start:
        state = NOT_KEPT if chapter.versions_kept_from > 1 else NOT_YET
        return ChapterOnDate(state, chapter, None, kept[0].start)
    found = next(p for p in reversed(kept) if p.start <= day)
    return ChapterOnDate(IN_FORCE, chapter, found)


def manual_on(manual: Manual, history: History, day: dt.date) -> list[tuple[Part, list[ChapterOnDate]]]:
    """Each part with its chapters as they stood on ``day``, in the order of their IDs then."""
    result = []
    for part in manual.parts:
        entries = [chapter_on(c, history, day) for c in manual.published_chapters if c.part == part.id]
        entries.sort(key=lambda e: (e.state == NOT_YET, chapter_id_key(e.shown_id)))
        if entries:
            result.append((part, entries))
    return result
