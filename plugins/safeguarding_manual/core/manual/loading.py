"""Loading and validating a whole manual: ``procedures/manual.yml`` and every chapter.

All problems in all files are gathered before anything is reported, so one
build tells an editor about every mistake at once.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from ..reading.problems import ContentError, ProblemList
from ..reading.schema import CHAPTER_FIELDS, FieldSpec, parse_date, read_settings_file, validate_fields
from ..reading.text_files import read_text, split_front_matter
from ..reading.unchanged_files import FileMemo, read_with_problems
from ..reading.yaml_lines import LocatedData, load_yaml
from ..safe_html.policy import check_link_scheme, check_raw_html
from ..thresholds.document import THRESHOLD_FIELDS, read_thresholds
from . import consistency
from .consistency import Unreadable
from .model import Amendment, Chapter, Manual, Notices, Part, Release
from .outline import Outline, read_outline

#: Makes the manual to publish from the one read, adding problems and unreadable files it finds.
Composer = Callable[[Manual, ProblemList, dict[str, Unreadable]], Manual]

MANUAL_FILE = "manual.yml"
ARCHIVE_FOLDER = "_archive"

PART_FIELDS = (
    FieldSpec("id", "string", "The part's ID prefix, e.g. CP.", required=True, pattern=r"^[A-Z]{1,5}$"),
    FieldSpec("title", "string", "The part's title, e.g. Core Procedures.", required=True, one_line=True),
    FieldSpec("folder", "string", "The folder (and URL) of the part's contents page.", required=True,
              pattern=r"^[a-z0-9][a-z0-9-]*$"),
    FieldSpec("description", "string", "One or two sentences shown on the contents page."),
)
RELEASE_FIELDS = (
    FieldSpec("id", "string", "The release's ID, YYYY-MM.", required=True, pattern=r"^[0-9]{4}-[0-9]{2}$"),
    FieldSpec("title", "string", "The release's name, e.g. December 2023.", required=True, one_line=True),
    FieldSpec("date", "date", "The date the release was published.", required=True),
    FieldSpec("summary", "string", "A sentence on what the release brought."),
)
NOTICE_FIELDS = (
    FieldSpec("under_review", "string", "The notice at the top of a chapter under review, e.g. 'This chapter is "
              "currently under review.' A chapter's own review_note is shown below it.", one_line=True),
    FieldSpec("withdrawn", "string", "The notice at the top of a withdrawn chapter.", one_line=True),
)
MANUAL_FIELDS = (
    FieldSpec("title", "string", "The manual's name.", required=True, one_line=True),
    FieldSpec("publisher", "string", "The partnership that publishes it.", required=True, one_line=True),
    FieldSpec("area", "string", "The area it covers.", required=True, one_line=True),
    FieldSpec("edition", "string", "The edition, e.g. 2nd edition.", required=True, one_line=True),
    FieldSpec("parts", "list", "The parts of the manual, in order.", required=True,
              items=FieldSpec("part", "object", "A part.", properties=PART_FIELDS)),
    FieldSpec("releases", "list", "Releases of the manual, oldest first.", required=True,
              items=FieldSpec("release", "object", "A release.", properties=RELEASE_FIELDS)),
    FieldSpec("notices", "object", "The wording of the notices on chapters, in the partnership's words.",
              properties=NOTICE_FIELDS),
)


def load_manual(root: Path, *, project_root: Path | None = None, other_pages: set[str] | None = None,
                glossary_anchors: set[str] | None = None,
                raise_on_problems: bool = True, compose: Composer | None = None) -> tuple[Manual | None, ProblemList]:
    """Read ``root`` (the ``procedures/`` folder); return the manual and every problem found.

    ``compose`` makes another manual from the one read (an area's: see ``core.areas``), before the
    cross-file checks, so that they judge the manual as it will be published.

    ``other_pages`` are the site's other Markdown pages (``docs/``), so links
    from chapters to them can be checked too.
    """
    problems = ProblemList(project_root or root.parent)
    root = root.resolve()
    manual = _read_manual_file(root, problems)
    chapters, unreadable = read_chapters(root, problems)
    if manual is not None:
        manual.chapters = chapters
        if compose is not None:
            manual = compose(manual, problems, unreadable)
        consistency.check_manual(manual, problems, other_pages or set(), unreadable, glossary_anchors)
    if problems and raise_on_problems:
        raise ContentError(problems.sorted())
    return manual, problems


def read_chapters(root: Path, problems: ProblemList) -> tuple[list[Chapter], dict[str, Unreadable]]:
    """Every chapter file below ``root``: those read without fault, and the outlines of the others."""
    chapters, unreadable = [], {}
    for path in chapter_paths(root):
        chapter, outline = read_chapter(root, path, problems)
        if chapter is None:
            unreadable[path.relative_to(root).as_posix()] = Unreadable(path, outline)
        else:
            chapters.append(chapter)
    return chapters, unreadable


def chapter_paths(root: Path) -> list[Path]:
    """Every chapter source: Markdown files below ``root`` except the archive and partials."""
    found = []
    for folder, folders, names in os.walk(root):  # like rglob: files linked in are found, linked folders not walked
        folders[:] = [name for name in folders if name != ARCHIVE_FOLDER]  # the archive is not walked at all
        found += [Path(folder) / name for name in names if name.endswith(".md") and not name.startswith("_")]
    return sorted(found)


def _read_manual_file(root: Path, problems: ProblemList) -> Manual | None:
    path = root / MANUAL_FILE
    if not path.exists():
        problems.add(path, None, "the manual's settings file is missing; create it with the manual's title, parts and releases.")
        return None
    located = read_settings_file(path, MANUAL_FIELDS, problems)
    if located is None:
        return None
    data = located.data
    parts = [Part(p["id"], p["title"], p["folder"], p.get("description", "")) for p in data["parts"]]
    releases = [Release(r["id"], r["title"], parse_date(r["date"]), r.get("summary", "")) for r in data["releases"]]
    _check_unique(path, located, "parts", [p.id for p in parts], "part ID", problems)
    _check_unique(path, located, "parts", [p.folder for p in parts], "part folder", problems)
    _check_unique(path, located, "releases", [r.id for r in releases], "release ID", problems)
    notices = Notices(**{key: value.strip() for key, value in (data.get("notices") or {}).items()})
    return Manual(root, data["title"], data["publisher"], data["edition"], data["area"], parts, releases, [], notices)


def _check_unique(path: Path, located: LocatedData, key: str, values: list[str], label: str,
                  problems: ProblemList) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            problems.add(path, located.line(key, index), f"the {label} '{value}' is listed twice.")
        seen.add(value)


#: What was read of each chapter file (the chapter, its outline, its own problems), kept while it is unchanged
_CHAPTERS: FileMemo[tuple[tuple[Chapter | None, Outline | None], list]] = FileMemo()


def read_chapter(root: Path, path: Path, problems: ProblemList) -> tuple[Chapter | None, Outline | None]:
    """Parse and validate one chapter file on its own, reusing the result while the file is unchanged.

    ``mkdocs serve`` rebuilds after every save; re-reading only what changed keeps that quick (see
    ``reading.unchanged_files``). A chapter that cannot be used (a mistake in its front matter) still
    returns the outline of its body, so that its links, and links to it, are judged in the same run:
    every independent problem at once.
    """
    return read_with_problems(_CHAPTERS, path, problems, lambda own: _read_chapter(root, path, own), also=root)


def _read_chapter(root: Path, path: Path, problems: ProblemList) -> tuple[Chapter | None, Outline | None]:
    """Parse and validate one chapter file on its own; cross-file checks come later."""
    text = read_text(path, problems)
    if text is None:
        return None, None
    source = split_front_matter(path, text, problems, required=True)
    if source is None:
        return None, None
    before = len(problems)
    outline = read_outline(path, source.body, source.body_line, problems)
    located = load_yaml(source.front_matter or "", path, source.front_matter_line, problems)
    if located is None:
        check_raw_html(path, source.body, source.body_line, problems)
        return None, outline
    is_thresholds = isinstance(located.data, dict) and located.data.get("type") == "thresholds"
    specs = CHAPTER_FIELDS + (THRESHOLD_FIELDS if is_thresholds else THRESHOLD_FIELDS[:1])
    fields_before = len(problems)
    validate_fields(located.data, located, specs, lambda line, msg: problems.add(path, line, msg))
    thresholds = read_thresholds(path, located, None, problems) if is_thresholds and len(problems) == fields_before else None
    check_raw_html(path, source.body, source.body_line, problems)
    for link in outline.links:
        check_link_scheme(path, link.target, link.line, problems)
    for image in outline.images:
        check_link_scheme(path, image.target, image.line, problems, image=True)
    if len(problems) > before:
        return None, outline
    chapter = _chapter_from_data(root, path, located, source.body, source.body_line, outline)
    if thresholds is not None:
        chapter.kind, chapter.thresholds = "thresholds", thresholds
    return chapter, outline


def _move(text: str) -> tuple[str, str | None]:
    """``"3.21 -> 3.22"`` -> ``("3.21", "3.22")``; ``"3.5 -> removed"`` -> ``("3.5", None)``."""
    old, _, new = (part.strip() for part in text.partition("->"))
    return old, None if new == "removed" else new


def _chapter_from_data(root: Path, path: Path, located: LocatedData, body: str, body_line: int, outline) -> Chapter:
    data: dict[str, Any] = located.data
    amendments = [
        Amendment(parse_date(a["date"]), a["summary"].strip(), a.get("version"), a.get("release"),
                  tuple(a.get("paragraphs") or ()), tuple(_move(m) for m in a.get("renumbered") or ()))
        for a in data["amendments"]
    ]
    return Chapter(
        id=data["id"], title=data["title"].strip(), part=data["part"], version=data["version"],
        status=data["status"], last_updated=parse_date(data["last_updated"]),
        review_due=parse_date(data["review_due"]), owner=data["owner"].strip(), amendments=amendments,
        related=list(data.get("related") or []), source_path=path,
        src_uri=path.relative_to(root).as_posix(), body=body, body_line=body_line, outline=outline,
        front_matter=located, review_started=parse_date(data.get("review_started")),
        review_note=data.get("review_note"), withdrawn_note=data.get("withdrawn_note"),
        redirect_from=[p.strip("/") + "/" for p in data.get("redirect_from") or []],
        glossary_links=data.get("glossary_links", True), summary=data.get("summary"),
        versions_kept_from=data.get("versions_kept_from") or 1, imported=parse_date(data.get("imported")),
        root=root, local_override=bool(data.get("local_override", False)),
    )
