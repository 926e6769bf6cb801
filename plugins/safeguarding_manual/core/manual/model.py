"""The content model: a manual made of parts, chapters, amendments and releases."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..reading.packed_text import PackedText
from ..reading.yaml_lines import LocatedData
from ..urls import page_url
from .outline import Outline


@dataclass(frozen=True)
class Amendment:
    date: dt.date
    summary: str
    version: int | None = None
    release: str | None = None
    paragraphs: tuple[str, ...] = ()
    #: the editor's word on where paragraphs of the version before went: (old, new or None if removed)
    renumbered: tuple[tuple[str, str | None], ...] = ()

    @property
    def renumbering(self) -> dict[str, str | None]:
        return dict(self.renumbered)


@dataclass(frozen=True)
class NoteAmendment:
    """An amendment of something that is not a chapter (an area's local note), for the Amendments page and feed."""

    title: str
    url: str
    amendment: Amendment
    record_url: str


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    folder: str
    description: str = ""
    #: An area's own part (its local chapters), shown as local on that area's site.
    local: bool = False

    @property
    def url(self) -> str:
        return f"{self.folder}/"

    @property
    def contents_src_uri(self) -> str:
        return f"{self.folder}/index.md"


@dataclass(frozen=True)
class Release:
    id: str
    title: str
    date: dt.date
    summary: str = ""


@dataclass
class Chapter:
    """One chapter as written in ``procedures/``; its URL comes from its file path, not its ID."""

    id: str
    title: str
    part: str
    version: int
    status: str
    last_updated: dt.date
    review_due: dt.date
    owner: str
    amendments: list[Amendment]
    related: list[str]
    source_path: Path
    #: path below ``procedures/``, posix, e.g. ``core-procedures/child-death-reviews.md``
    src_uri: str
    body: str = PackedText()  # held compressed: see packed_text
    body_line: int
    outline: Outline
    front_matter: LocatedData
    review_started: dt.date | None = None
    review_note: str | None = None
    withdrawn_note: str | None = None
    redirect_from: list[str] = field(default_factory=list)
    glossary_links: bool = True
    summary: str | None = None
    #: The first version kept in this manual; earlier ones were published before it was kept here.
    versions_kept_from: int = 1
    #: When the chapter, with its earlier history, came into this manual.
    imported: dt.date | None = None
    #: ``chapter`` or ``thresholds`` (a threshold document with its matrix in ``thresholds``).
    kind: str = "chapter"
    thresholds: object | None = None
    #: The ``procedures/`` folder the file is in (its archive is beside it): the region's or an area's.
    root: Path | None = None
    #: For an area's own chapter: the area's name; None for a regional chapter.
    area: str | None = None
    #: An area's chapter that replaces the regional chapter with the same ID and path on the area's site.
    local_override: bool = False

    @property
    def display_title(self) -> str:
        """``PA5. Local Safeguarding Children Partnerships``, as in the London format."""
        return f"{self.id}. {self.title}"

    @property
    def url(self) -> str:
        """Site path with directory URLs: stable across renumbering and retitling."""
        return page_url(self.src_uri)

    @property
    def stem(self) -> str:
        return self.src_uri[: -len(".md")]

    @property
    def is_published(self) -> bool:
        return self.status != "draft"

    @property
    def under_review(self) -> bool:
        return self.status == "under-review"

    @property
    def record(self) -> list[Amendment]:
        """The amendments to list on the Amendments page and in the feed: never empty for a published chapter.

        A chapter published with ``amendments: []`` still came into force on a date, as some version.
        """
        if self.amendments:
            return self.amendments
        if self.versions_kept_from > 1 and self.imported is not None:
            return [Amendment(self.imported, f"Brought into this manual at version {self.version}; earlier "
                                             "versions were published before it was kept here.", self.version)]
        return [Amendment(self.last_updated, "First published.", self.version)]

    def line_of(self, *path: str | int) -> int:
        return self.front_matter.line(*path)


#: The London procedures' own wording, used when ``manual.yml`` gives none.
LONDON_UNDER_REVIEW = "This chapter is currently under review."
LONDON_WITHDRAWN = "This chapter has been withdrawn."


@dataclass(frozen=True)
class Notices:
    """The partnership's wording of the notices shown on chapters (``notices:`` in ``manual.yml``)."""

    under_review: str = LONDON_UNDER_REVIEW
    withdrawn: str = LONDON_WITHDRAWN


@dataclass
class Manual:
    """Everything under ``procedures/``, validated."""

    root: Path
    title: str
    publisher: str
    edition: str
    area: str
    parts: list[Part]
    releases: list[Release]
    chapters: list[Chapter]
    notices: Notices = field(default_factory=Notices)

    @property
    def thresholds(self) -> Chapter | None:
        """The published threshold document, when the manual has one."""
        return next((c for c in self.published_chapters if c.kind == "thresholds"), None)

    @property
    def published_chapters(self) -> list[Chapter]:
        return [c for c in self.chapters if c.is_published]

    def chapter_by_id(self, chapter_id: str) -> Chapter | None:
        return next((c for c in self.published_chapters if c.id == chapter_id), None)

    def chapter_by_url(self, url: str) -> Chapter | None:
        return next((c for c in self.chapters if c.url == url), None)

    def chapter_by_src_uri(self, src_uri: str) -> Chapter | None:
        return self._by_src_uri.get(src_uri)

    def chapter_moved_from(self, src_uri: str) -> Chapter | None:
        """The chapter that once lived at ``src_uri`` and lists its old URL in ``redirect_from``."""
        return self._by_old_url.get(page_url(src_uri))

    @cached_property
    def _by_src_uri(self) -> dict[str, Chapter]:
        """Links are resolved for every archived version on every build: look-ups must not scan the list."""
        return {c.src_uri: c for c in self.chapters}

    @cached_property
    def _by_old_url(self) -> dict[str, Chapter]:
        return {url: c for c in self.chapters for url in c.redirect_from}

    def part(self, part_id: str) -> Part | None:
        return next((p for p in self.parts if p.id == part_id), None)

    def chapters_in(self, part: Part) -> list[Chapter]:
        return sorted((c for c in self.published_chapters if c.part == part.id), key=chapter_sort_key)

    @property
    def last_updated(self) -> dt.date | None:
        dates = [c.last_updated for c in self.published_chapters]
        return max(dates) if dates else None

    def release(self, release_id: str) -> Release | None:
        return next((r for r in self.releases if r.id == release_id), None)


def chapter_sort_key(chapter: Chapter) -> tuple:
    """Sort PA2 before PA10 and CP2 before CP2(A)."""
    return chapter_id_key(chapter.id)


def chapter_id_key(chapter_id: str) -> tuple:
    """The sort key of a chapter ID: numbers as numbers."""
    parts = re.findall(r"[0-9]+|[^0-9]+", chapter_id)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)
