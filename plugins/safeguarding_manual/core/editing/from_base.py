"""``procedures amend --from-base REF``: archive what an edit made on GitHub would otherwise lose.

An editor who changes a chapter with "Edit this page" changes its words and nothing else. The pull
request's check then says the earlier text would be lost; this command makes the change complete:
the text as published at the base is written to the archive as its version, the chapter's version is
raised, and the amendment the editor wrote (or one with ``--summary``) is given that version. It
writes only when every changed chapter can be completed, so a refusal leaves every file as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..history.archive import (
    ARCHIVE_FOLDER,
    read_manifest,
    sha256,
    snapshot_path,
    write_manifest,
)
from ..history.unarchived import published_text
from ..manual.continuity import EarlierChapter
from ..manual.loading import load_manual
from ..manual.model import Chapter
from ..reading.problems import ProblemList
from .chapters import EditError, _amended_text, parse_day


@dataclass(frozen=True)
class ArchivedFromBase:
    chapter: str
    snapshot: Path
    new_version: int


@dataclass(frozen=True)
class _Plan:
    chapter: Chapter
    earlier: EarlierChapter
    new_text: str | None


def amend_from_base(procedures_dir: Path, earlier: list[EarlierChapter], base: str, *, summary: str | None = None,
                    date: str | None = None) -> list[ArchivedFromBase]:
    """Complete every chapter whose published text changed since ``base``; return what was archived."""
    manual, problems = load_manual(procedures_dir, raise_on_problems=False)
    if manual is None or problems:
        listed = "\n".join(p.format() for p in problems.sorted())
        raise EditError(f"the manual has problems; fix them first:\n{listed}")
    day = parse_day(date)
    plans = []
    for old in earlier:
        chapter = manual.chapter_by_src_uri(old.src_uri) or manual.chapter_moved_from(old.src_uri)
        if chapter is None or old.status == "draft" or not old.version:
            continue
        snapshot = snapshot_path(procedures_dir.resolve(), chapter.src_uri, old.version)
        if chapter.version == old.version:
            if published_text(chapter.title, chapter.body) != published_text(old.title, old.body):
                plans.append(_Plan(chapter, old, _completed_text(chapter, day, summary)))
        elif chapter.version > old.version and not snapshot.exists():
            plans.append(_Plan(chapter, old, None))
    return [_write(procedures_dir, plan) for plan in plans]


def _completed_text(chapter: Chapter, day: dt.date, summary: str | None) -> str:
    """The chapter at its next version, with its newest amendment (or a new one) naming that version."""
    new_version = chapter.version + 1
    latest = chapter.amendments[-1] if chapter.amendments else None
    if latest is not None and latest.version is None:  # the editor wrote the entry: its date stands
        return _number_latest_amendment(chapter, new_version, max(latest.date, chapter.last_updated))
    if not summary or not summary.strip():
        raise EditError(f"{chapter.src_uri}: the text of {chapter.id} changed, but no amendment says what changed. "
                        "Add an entry under 'amendments' (date and summary), or give --summary \"...\".")
    return _amended_text(chapter, max(day, chapter.last_updated), summary.strip(), None, [])


def _number_latest_amendment(chapter: Chapter, new_version: int, day: dt.date) -> str:
    lines = chapter.source_path.read_text("utf-8-sig").replace("\r\n", "\n").split("\n")
    located = chapter.front_matter
    index = len(chapter.amendments) - 1
    entry_line = located.line("amendments", index) - 1
    written = lines[entry_line]
    if written.rstrip().endswith("}"):  # a flow entry: - {date: ..., summary: ...}
        lines[entry_line] = written.rstrip()[:-1].rstrip() + f", version: {new_version}}}"
    else:
        indent = written[: len(written) - len(written.lstrip())] + "  "
        lines.insert(entry_line + 1, f"{indent}version: {new_version}")
    lines[located.line("version") - 1] = f"version: {new_version}"
    lines[located.line("last_updated") - 1] = f"last_updated: {day.isoformat()}"
    return "\n".join(lines)


def _write(procedures_dir: Path, plan: _Plan) -> ArchivedFromBase:
    root = procedures_dir.resolve()
    snapshot = snapshot_path(root, plan.chapter.src_uri, plan.earlier.version)
    if snapshot.exists():
        raise EditError(f"{snapshot} already exists; the archive is out of step with {plan.chapter.id}'s version.")
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    snapshot.write_text(plan.earlier.text, "utf-8")
    manifest = read_manifest(root, ProblemList())
    manifest[snapshot.relative_to(root / ARCHIVE_FOLDER).as_posix()] = sha256(snapshot)
    write_manifest(root, manifest)
    if plan.new_text is not None:
        plan.chapter.source_path.write_text(plan.new_text, "utf-8")
    new_version = plan.earlier.version + 1 if plan.new_text is not None else plan.chapter.version
    return ArchivedFromBase(plan.chapter.id, snapshot, new_version)



