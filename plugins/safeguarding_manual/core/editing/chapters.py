"""Editors' operations on the source files: new chapter, amend, reviews due.

Each operation checks everything first and writes only when nothing is
wrong, so a refused command leaves every file as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..content import Content, load_content
from ..history.archive import (
    ARCHIVE_FOLDER,
    chapter_root,
    read_manifest,
    sha256,
    snapshot_path,
    write_manifest,
)
from ..areas.notes import load_notes
from ..areas.settings import load_area
from ..manual.model import Chapter, chapter_sort_key
from ..reading.problems import ContentError, ProblemList


class EditError(Exception):
    """A refused edit; the message says what to do."""


def _load(procedures_dir: Path, area: str | None = None) -> Content:
    try:
        return load_content(procedures_dir, project_root=procedures_dir.resolve().parent, area=area)
    except ContentError as error:
        listed = "\n".join(p.format() for p in error.problems)
        raise EditError(f"the manual has problems; fix them first:\n{listed}") from None


def _find_chapter(content: Content, reference: str) -> Chapter:
    for chapter in content.manual.chapters:
        if reference in (chapter.id, chapter.src_uri) or Path(reference).resolve() == chapter.source_path:
            return chapter
    raise EditError(f"no chapter '{reference}'; give a chapter ID (e.g. PA5) or its file path.")


def parse_day(value: str | None, label: str = "date") -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise EditError(f"the {label} '{value}' is not a real date written YYYY-MM-DD.") from None


# -- amend ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AmendResult:
    chapter_path: Path
    snapshot: Path
    new_version: int


def amend(procedures_dir: Path, reference: str, summary: str, *, date: str | None = None,
          release: str | None = None, paragraphs: list[str] | None = None, area: str | None = None) -> AmendResult:
    """Record the current text as a version, raise the version and add a dated amendment.

    With ``area``, the chapter may be one of that area's own (archived in the area's folder).
    """
    content = _load(procedures_dir, area)
    chapter = _find_chapter(content, reference)
    day = parse_day(date)
    if not summary.strip():
        raise EditError("give a summary of the change (--summary \"...\").")
    if release and content.manual.release(release) is None:
        known = ", ".join(r.id for r in content.manual.releases)
        raise EditError(f"release '{release}' is not in procedures/manual.yml (known: {known}); add it there first.")
    if day < chapter.last_updated:
        raise EditError(f"the date {day} is before the chapter's last_updated ({chapter.last_updated}).")
    for number in paragraphs or []:
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", number):
            raise EditError(f"'{number}' is not a section or paragraph number such as 3 or 3.21.")
    root = chapter_root(content.manual, chapter)
    snapshot = snapshot_path(root, chapter.src_uri, chapter.version)
    if snapshot.exists():
        raise EditError(f"{snapshot} already exists; the archive is out of step with the chapter's version.")
    new_text = _amended_text(chapter, day, summary.strip(), release, paragraphs or [])
    _keep_and_replace(root, snapshot, chapter.source_path, new_text)
    return AmendResult(chapter.source_path, snapshot, chapter.version + 1)


def _keep_and_replace(root: Path, snapshot: Path, source: Path, new_text: str) -> None:
    """Archive ``source`` as it is at ``snapshot``, recorded in ``root``'s archive manifest; then write the new text."""
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    snapshot.write_bytes(source.read_bytes())
    manifest = read_manifest(root, ProblemList())
    manifest[snapshot.relative_to(root / ARCHIVE_FOLDER).as_posix()] = sha256(snapshot)
    write_manifest(root, manifest)
    source.write_text(new_text, "utf-8")


def amend_note(project: Path, area: str, reference: str, summary: str, *, date: str | None = None) -> AmendResult:
    """The same for an area's local note: its text kept in ``notes/_archive/``, its version raised."""
    problems = ProblemList(project)
    settings = load_area(project, area, problems)
    notes = load_notes(settings, problems) if settings is not None else []
    if problems or settings is None:
        listed = "\n".join(p.format() for p in problems.sorted())
        raise EditError(f"the area's notes have problems; fix them first:\n{listed}")
    note = next((n for n in notes if reference in (n.name, f"{n.name}.md")
                 or Path(reference).resolve() == n.source_path.resolve()), None)
    if note is None:
        raise EditError(f"no note '{reference}' in {settings.notes_dir}; give its file name, e.g. cp1-contacts.md.")
    day = parse_day(date)
    if not summary.strip():
        raise EditError("give a summary of the change (--summary \"...\").")
    if day < note.last_updated:
        raise EditError(f"the date {day} is before the note's last_updated ({note.last_updated}).")
    snapshot = settings.notes_dir / ARCHIVE_FOLDER / note.name / f"v{note.version}.md"
    if snapshot.exists():
        raise EditError(f"{snapshot} already exists; the note's archive is out of step with its version.")
    new_text = _amended_text(note, day, summary.strip(), None, [])  # type: ignore[arg-type]
    _keep_and_replace(settings.notes_dir, snapshot, note.source_path, new_text)
    return AmendResult(note.source_path, snapshot, note.version + 1)


def _amended_text(chapter: Chapter, day: dt.date, summary: str, release: str | None, paragraphs: list[str]) -> str:
    lines = chapter.source_path.read_text("utf-8-sig").replace("\r\n", "\n").split("\n")
    located = chapter.front_matter
    lines[located.line("version") - 1] = f"version: {chapter.version + 1}"
    lines[located.line("last_updated") - 1] = f"last_updated: {day.isoformat()}"
    entry = [f"- date: {day.isoformat()}", f"  summary: {json.dumps(summary)}", f"  version: {chapter.version + 1}"]
    if release:
        entry.append(f"  release: {json.dumps(release)}")
    if paragraphs:
        entry.append(f"  paragraphs: {json.dumps(paragraphs)}")
    key_index = located.line("amendments") - 1
    # The key line is where "amendments:" is written; a block list follows it.
    while not lines[key_index].startswith("amendments:"):
        key_index -= 1
    if lines[key_index].split(":", 1)[1].strip() in ("[]", ""):
        if lines[key_index].split(":", 1)[1].strip() == "[]":
            lines[key_index] = "amendments:"
    end, indent = key_index + 1, "  "
    while end < len(lines) and lines[end].strip() != "---" and (lines[end].startswith((" ", "-")) or not lines[end].strip()):
        if lines[end].lstrip().startswith("- ") and indent == "  ":
            indent = lines[end][: len(lines[end]) - len(lines[end].lstrip())]
        end += 1
    lines[end:end] = [indent + line for line in entry]
    return "\n".join(lines)


# -- new chapter ---------------------------------------------------------------------------------


CHAPTER_TEMPLATE = """---
id: {id}
title: {title}
part: {part}
version: 1
status: draft
last_updated: {today}
review_due: {review_due}
owner: {owner}
summary: One sentence saying what this chapter is for.
amendments: []
related: []
---

## 1. {title}

**1.1** Write the first numbered paragraph here.
"""


def next_free_id(content: Content, part_id: str) -> str:
    numbers = [int(m.group(1)) for c in content.manual.chapters
               if (m := re.fullmatch(re.escape(part_id) + r"([0-9]+)[A-Z]?(\(.*\))?", c.id))]
    return f"{part_id}{max(numbers, default=0) + 1}"


def new_chapter(procedures_dir: Path, part_id: str, title: str, *, owner: str = "Policy and Procedures Subgroup",
                file_name: str | None = None, today: dt.date | None = None,
                area: str | None = None) -> tuple[Path, str]:
    """Create a draft chapter from the template with the part's next free ID (with ``area``: in its local part)."""
    content = _load(procedures_dir, area)
    part = content.manual.part(part_id)
    if part is None:
        raise EditError(f"no part '{part_id}' in procedures/manual.yml (known: "
                        f"{', '.join(p.id for p in content.manual.parts)}).")
    if not title.strip() or any(ch in title for ch in "\n:#"):
        raise EditError("give a title on one line without ':' or '#'.")
    slug = file_name or re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise EditError(f"'{slug}' cannot be a file name; use lower-case letters, digits and hyphens.")
    home = content.area.procedures_dir if content.area is not None and part.local else procedures_dir
    path = home / part.folder / f"{slug}.md"
    if path.exists():
        raise EditError(f"{path} already exists; choose another title or --file-name.")
    chapter_id = next_free_id(content, part_id)
    day = today or dt.date.today()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CHAPTER_TEMPLATE.format(id=chapter_id, title=title.strip(), part=part_id, today=day.isoformat(),
                                            review_due=day.replace(year=day.year + 1).isoformat()
                                            if not (day.month == 2 and day.day == 29) else
                                            (day + dt.timedelta(days=365)).isoformat(),
                                            owner=owner), "utf-8")
    return path, chapter_id


# -- reviews due ---------------------------------------------------------------------------------


def reviews_due(procedures_dir: Path, *, within_days: int, today: dt.date | None = None) -> list[Chapter]:
    if within_days < 0:
        raise EditError("--within must be zero or more days.")
    content = _load(procedures_dir)
    day = today or dt.date.today()
    limit = day + dt.timedelta(days=within_days)
    due = [c for c in content.manual.chapters if c.status != "withdrawn" and c.review_due <= limit]
    return sorted(due, key=lambda c: (c.review_due, chapter_sort_key(c)))
