"""Checks that span files: IDs, parts, related chapters, links, dates and versions."""

from __future__ import annotations

import difflib
import posixpath
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NamedTuple

from ..reading.problems import ProblemList
from ..urls import (
    AMENDMENTS_URL,
    ON_A_DATE_URL,
    REVIEWS_URL,
    GLOSSARY_URL,
    SITE_FILES,
    SITE_FOLDERS,
    page_url,
    redirect_url_problem,
)
from .links import resolve_link
from .model import Chapter, Manual
from .outline import Outline

#: Pages the site generates, which chapters may link to (``../glossary/index.md#term-...``).
GLOSSARY_SRC = GLOSSARY_URL + "index.md"
AMENDMENTS_SRC = AMENDMENTS_URL + "index.md"
REVIEWS_SRC = REVIEWS_URL + "index.md"


@dataclass(frozen=True)
class Unreadable:
    """A chapter file whose front matter has a mistake: its body's outline is still known."""

    source_path: Path
    outline: Outline | None


def check_manual(manual: Manual, problems: ProblemList, other_pages: set[str],
                 unreadable: dict[str, Unreadable] | None = None, glossary_anchors: set[str] | None = None) -> None:
    """Everything that needs more than one file to judge.

    A chapter that could not be read (``unreadable``: a mistake in its front matter) still has its
    links checked, and links to it are judged against its body, so one run lists every independent
    problem. Only what depends on its front matter (related IDs, threshold procedures) waits.
    """
    unreadable = unreadable or {}
    # The generated pages are link targets too; of these, the glossary's anchors (its terms) are known.
    other_pages = other_pages | {part.contents_src_uri for part in manual.parts} | {GLOSSARY_SRC, AMENDMENTS_SRC, REVIEWS_SRC}
    known_anchors = {GLOSSARY_SRC: glossary_anchors} if glossary_anchors is not None else {}
    _check_ids(manual, problems)
    _check_urls(manual, problems, other_pages)
    ids = ChapterIds({c.id for c in manual.published_chapters}, {c.id for c in manual.chapters if c.status == "draft"})
    for chapter in manual.chapters:
        _check_part(manual, chapter, problems)
        if not unreadable:
            _check_related(ids, chapter, problems)
        _check_dates_and_versions(manual, chapter, problems)
        _check_links(manual, chapter.src_uri, chapter.source_path, chapter.outline, chapter.is_published,
                     problems, other_pages, unreadable, known_anchors)
        if chapter.thresholds is not None and not unreadable:
            _check_threshold_procedures(manual, chapter, problems)
    for src_uri, file in unreadable.items():
        if file.outline is not None:
            _check_links(manual, src_uri, file.source_path, file.outline, True, problems, other_pages, unreadable,
                         known_anchors)
    thresholds = [c for c in manual.published_chapters if c.kind == "thresholds"]
    for extra in thresholds[1:]:
        problems.add(extra.source_path, extra.line_of("type"), f"there is already a threshold document "
                                                               f"({thresholds[0].src_uri}); a manual has one.")


def _check_ids(manual: Manual, problems: ProblemList) -> None:
    by_id: dict[str, list[Chapter]] = defaultdict(list)
    for chapter in manual.chapters:
        if chapter.status != "draft":
            by_id[chapter.id].append(chapter)
    for chapter_id, chapters in by_id.items():
        for duplicate in chapters[1:]:
            problems.add(duplicate.source_path, duplicate.line_of("id"),
                         f"the chapter ID '{chapter_id}' is also used by {chapters[0].src_uri}; every chapter needs its own ID.")


def _check_urls(manual: Manual, problems: ProblemList, other_pages: set[str]) -> None:
    taken: dict[str, str] = {part.url: "a part's contents page" for part in manual.parts}
    taken[GLOSSARY_URL] = "the glossary"
    taken[AMENDMENTS_URL] = "the amendments page"
    taken[REVIEWS_URL] = "the reviews page"
    taken[ON_A_DATE_URL] = "the page of the manual on a date"
    for page in other_pages:
        taken.setdefault(page_url(page), page)
    for chapter in manual.chapters:
        if chapter.src_uri.rsplit("/", 1)[-1] == "index.md":
            problems.add(chapter.source_path, 1, "a chapter cannot be called index.md; that name is kept for contents pages.")
        owner = taken.get(chapter.url)
        if owner:
            problems.add(chapter.source_path, 1, f"this chapter's URL {chapter.url} is already used by {owner}; rename the file.")
        taken[chapter.url] = chapter.src_uri
    for chapter in manual.chapters:
        for old_url in chapter.redirect_from:
            problem = _redirect_problem(manual, chapter, old_url, taken)
            if problem:
                problems.add(chapter.source_path, chapter.line_of("redirect_from"), f"redirect_from '{old_url}' {problem}")
            taken.setdefault(old_url, chapter.src_uri)


def _redirect_problem(manual: Manual, chapter: Chapter, old_url: str, taken: dict[str, str]) -> str | None:
    """A redirect is a page written at ``old_url``: it must stay in the site and replace nothing."""
    problem = redirect_url_problem(old_url)
    if problem:
        return problem
    owner = taken.get(old_url)
    if owner in ("the glossary", "the amendments page"):
        return f"is the address of {owner}; a page cannot redirect over it."
    if owner and owner != chapter.src_uri:
        return f"is the URL of {owner}; a page cannot redirect over another."
    if old_url.startswith(SITE_FOLDERS) or old_url.rstrip("/") in SITE_FILES:
        return "is inside a folder the site itself uses (assets, search); choose the page's real old address."
    inside = next((c for c in manual.chapters if old_url != c.url and old_url.startswith(c.url)), None)
    if inside is not None:
        return f"is inside the address of {inside.id} ({inside.url}), whose archived versions live there."
    return None


def _check_part(manual: Manual, chapter: Chapter, problems: ProblemList) -> None:
    if manual.part(chapter.part) is None:
        known = ", ".join(p.id for p in manual.parts)
        problems.add(chapter.source_path, chapter.line_of("part"),
                     f"the part '{chapter.part}' is not defined in procedures/manual.yml (known parts: {known}).")


class ChapterIds(NamedTuple):
    """The IDs a related chapter can name, worked out once per manual (not once per chapter)."""

    published: set[str]
    drafts: set[str]


def _check_related(ids: ChapterIds, chapter: Chapter, problems: ProblemList) -> None:
    published, drafts = ids
    for index, related_id in enumerate(chapter.related):
        line = chapter.line_of("related", index)
        if related_id == chapter.id:
            problems.add(chapter.source_path, line, "a chapter cannot list itself as related.")
        elif related_id in drafts and chapter.is_published:
            problems.add(chapter.source_path, line, f"related chapter '{related_id}' is a draft and is not published.")
        elif related_id not in published and related_id not in drafts:
            problems.add(chapter.source_path, line, f"related chapter '{related_id}' does not exist; check the ID."
                         + did_you_mean(related_id, sorted(published | drafts)))


def _check_dates_and_versions(manual: Manual, chapter: Chapter, problems: ProblemList) -> None:
    path = chapter.source_path
    if chapter.review_due < chapter.last_updated:
        problems.add(path, chapter.line_of("review_due"),
                     f"review_due ({chapter.review_due}) is before last_updated ({chapter.last_updated}).")
    previous = None
    last_version = 0
    for index, amendment in enumerate(chapter.amendments):
        line = chapter.line_of("amendments", index)
        if previous and amendment.date < previous:
            problems.add(path, line, f"amendment dated {amendment.date} comes after one dated {previous}; "
                                     "list amendments oldest first.")
        previous = amendment.date
        if amendment.release and manual.release(amendment.release) is None:
            problems.add(path, chapter.line_of("amendments", index, "release"),
                         f"release '{amendment.release}' is not listed in procedures/manual.yml.")
        if amendment.version is not None:
            if amendment.version <= last_version:
                problems.add(path, chapter.line_of("amendments", index, "version"),
                             f"amendment version {amendment.version} does not follow version {last_version}.")
            elif amendment.version > chapter.version:
                problems.add(path, chapter.line_of("amendments", index, "version"),
                             f"amendment version {amendment.version} is higher than the chapter's version {chapter.version}.")
            last_version = amendment.version
        for paragraph_index, paragraph in enumerate(amendment.paragraphs):
            if "." in paragraph and paragraph not in chapter.outline.paragraphs and amendment.version == chapter.version:
                problems.add(path, chapter.line_of("amendments", index, "paragraphs", paragraph_index),
                             f"amendment names paragraph {paragraph}, which this chapter does not have.")
    if chapter.amendments and chapter.last_updated < chapter.amendments[-1].date:
        problems.add(path, chapter.line_of("last_updated"),
                     f"last_updated ({chapter.last_updated}) is older than the latest amendment "
                     f"({chapter.amendments[-1].date}).")
    versioned = [a.version for a in chapter.amendments if a.version is not None]
    if versioned and versioned[-1] != chapter.version:
        problems.add(path, chapter.line_of("version"),
                     f"version is {chapter.version} but the latest amendment records version {versioned[-1]}; "
                     "raise the version with each amendment (the 'procedures amend' command does this).")
    if chapter.versions_kept_from > 1 and chapter.imported is None:
        problems.add(path, chapter.line_of("versions_kept_from"),
                     "versions_kept_from needs 'imported: YYYY-MM-DD', the date the chapter came into this manual.")
    if chapter.versions_kept_from > chapter.version:
        problems.add(path, chapter.line_of("versions_kept_from"),
                     f"versions_kept_from ({chapter.versions_kept_from}) is after the chapter's version ({chapter.version}).")
    if chapter.under_review and chapter.review_started and chapter.review_started > chapter.review_due:
        problems.add(path, chapter.line_of("review_started"), "review_started is after review_due.")


def _check_links(manual: Manual, from_src_uri: str, source_path: Path, outline: Outline, published: bool,
                 problems: ProblemList, other_pages: set[str], unreadable: dict[str, Unreadable],
                 known_anchors: dict[str, set[str]]) -> None:
    for link in outline.links:
        resolved = resolve_link(from_src_uri, link.target)
        if resolved is None:
            continue
        src_uri, fragment = resolved
        target = manual.chapter_by_src_uri(src_uri)
        if target is None:
            if src_uri in unreadable:
                anchors, name = _anchors_of(unreadable[src_uri].outline), src_uri
            elif src_uri in other_pages:
                if src_uri not in known_anchors:
                    continue
                anchors, name = known_anchors[src_uri], "the glossary"
            else:
                known = [c.src_uri for c in manual.chapters] + sorted(unreadable) + sorted(other_pages)
                problems.add(source_path, link.line,
                             f"the link '{link.target}' points to {src_uri}, which does not exist."
                             + did_you_mean(src_uri, known, lambda s: _relative_target(from_src_uri, s)))
                continue
        elif target.status == "draft" and published:
            problems.add(source_path, link.line,
                         f"the link '{link.target}' points to a draft chapter, which is not published.")
            continue
        else:
            anchors, name = target.outline.anchors, target.id
        if fragment and anchors is not None and fragment not in anchors:
            problems.add(source_path, link.line,
                         f"the link '{link.target}' points to #{fragment}, but {name} has no "
                         f"{'entry' if name == 'the glossary' else 'paragraph, section, list item or heading'} '{fragment}'."
                         + did_you_mean(fragment, sorted(anchors), lambda a: f"#{a}"))


def _anchors_of(outline: Outline | None) -> set[str] | None:
    return outline.anchors if outline is not None else None


def did_you_mean(wrong: str, known: list[str], shown: Callable[[str], str] = str) -> str:
    """`` Did you mean 'x'?`` for the closest of ``known`` to a misspelt name, or nothing."""
    match = difflib.get_close_matches(wrong, known, n=1, cutoff=0.6)
    return f" Did you mean '{shown(match[0])}'?" if match else ""


def _relative_target(from_src_uri: str, to_src_uri: str) -> str:
    return posixpath.relpath(to_src_uri, posixpath.dirname(from_src_uri) or ".")


def _check_threshold_procedures(manual: Manual, chapter: Chapter, problems: ProblemList) -> None:
    published = {c.id for c in manual.published_chapters}
    for index, level in enumerate(chapter.thresholds.levels):  # type: ignore[union-attr]
        for procedure_index, chapter_id in enumerate(level.procedures):
            if chapter_id not in published:
                problems.add(chapter.source_path, chapter.line_of("levels", index, "response", "procedures", procedure_index),
                             f"level {level.id} links to procedure '{chapter_id}', which is not a published chapter.")
