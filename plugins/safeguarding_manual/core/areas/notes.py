"""Local notes: an area's words attached to a regional chapter or to one of its paragraphs.

``areas/<area>/notes/<name>.md`` holds one note: front matter saying where it goes (``chapter``,
``paragraph``) and which version of the chapter it was written against (``chapter_version``), with
its own version and amendments; the body is short Markdown. Earlier texts are kept, frozen, in
``notes/_archive/<name>/v<N>.md`` with their SHA-256 in ``notes/_archive/manifest.yml``, as
chapters' are. A regional amendment that removes or renumbers the paragraph a note follows stops
the build, naming both files: the note would otherwise sit beside other words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

from selectolax.lexbor import LexborHTMLParser

from ..history.paragraphs import ParagraphChanges
from ..history.archive import ARCHIVE_FOLDER, MANIFEST, read_manifest, sha256
from ..manual.model import Amendment, Chapter, Manual
from ..reading.problems import ProblemList
from ..reading.schema import AMENDMENT_FIELDS, CHAPTER_ID_PATTERN, MAX_VERSION, FieldSpec, parse_date, validate_fields
from ..reading.text_files import read_text, split_front_matter
from ..reading.yaml_lines import LocatedData, load_yaml
from ..safe_html.policy import check_raw_html
from ..safe_html.sanitiser import check_converted_html
from ..safe_html.short_markdown import short_markdown_html
from .settings import Area

NOTE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
SNAPSHOT = re.compile(r"^v([0-9]+)\.md$")
#: Where a link in a note may lead: the note is shown on pages at other depths, so no relative links.
NOTE_LINK = re.compile(r"^(https://|mailto:|tel:|#)", re.IGNORECASE)

NOTE_FIELDS = (
    FieldSpec("chapter", "string", "The ID of the regional chapter the note belongs to, e.g. CP2.", required=True,
              pattern=CHAPTER_ID_PATTERN, example="CP2"),
    FieldSpec("paragraph", "string", "The paragraph the note follows, e.g. '2.3' (in quotes). Without it, the note "
              "is shown at the top of the chapter.", pattern=r"^[0-9]+\.[0-9]+$", example="'2.3'"),
    FieldSpec("chapter_version", "integer", "The version of the regional chapter the note was written against. "
              "When the region amends the chapter, check the note and raise this.", required=True, minimum=1,
              maximum=MAX_VERSION),
    FieldSpec("version", "integer", "The note's own version, starting at 1 and raised by one at each change.",
              required=True, minimum=1, maximum=MAX_VERSION),
    FieldSpec("last_updated", "date", "The date of the note's latest change (YYYY-MM-DD).", required=True),
    FieldSpec("amendments", "list", "Dated amendment entries of the note, oldest first.", required=True,
              items=FieldSpec("amendment", "object", "One amendment.", properties=AMENDMENT_FIELDS)),
)


@dataclass(frozen=True)
class NoteVersion:
    """An earlier text of a note, from its archive."""

    number: int
    last_updated: dt.date
    body: str
    source_path: Path


@dataclass
class LocalNote:
    name: str
    area: str
    source_path: Path
    chapter_id: str
    paragraph: str | None
    chapter_version: int
    version: int
    last_updated: dt.date
    amendments: list[Amendment]
    body: str
    front_matter: LocatedData
    earlier: list[NoteVersion] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"local-note-{self.name}"

    @property
    def place(self) -> str:
        return f"{self.chapter_id}, paragraph {self.paragraph}" if self.paragraph else self.chapter_id

    @property
    def record(self) -> list[Amendment]:
        return self.amendments or [Amendment(self.last_updated, "First published.", self.version)]

    @cached_property
    def html(self) -> str:
        """The note as HTML (checked when it was read), made once however many pages show it."""
        return short_markdown_html(self.body)

    def line_of(self, *path: str | int) -> int:
        return self.front_matter.line(*path)


def note_paths(notes_dir: Path) -> list[Path]:
    if not notes_dir.is_dir():
        return []
    return sorted(path for path in notes_dir.glob("*.md") if not path.name.startswith("_"))


def load_notes(area: Area, problems: ProblemList) -> list[LocalNote]:
    """Every note of the area, with its archive, each checked on its own."""
    notes = [note for path in note_paths(area.notes_dir) if (note := _read_note(area, path, problems))]
    _check_archive(area.notes_dir, notes, problems)
    return notes


def _read_note(area: Area, path: Path, problems: ProblemList) -> LocalNote | None:
    if not NOTE_NAME.fullmatch(path.stem):
        problems.add(path, None, "a note's file name becomes its address on the page: use small letters, digits and "
                                 "hyphens only (for example cp2-referrals.md).")
        return None
    text = read_text(path, problems)
    source = split_front_matter(path, text, problems, required=True) if text is not None else None
    located = load_yaml(source.front_matter or "", path, source.front_matter_line, problems) if source else None
    if source is None or located is None:
        return None
    before = len(problems)
    validate_fields(located.data, located, NOTE_FIELDS, lambda line, message: problems.add(path, line, message))
    _check_body(path, source.body, source.body_line, problems)
    if len(problems) > before:
        return None
    data = located.data
    amendments = [Amendment(parse_date(a["date"]), a["summary"].strip(), a.get("version"), a.get("release"),
                            tuple(a.get("paragraphs") or ())) for a in data["amendments"]]  # type: ignore[arg-type]
    note = LocalNote(path.stem, area.name, path, data["chapter"], data.get("paragraph"), data["chapter_version"],
                     data["version"], parse_date(data["last_updated"]), amendments,  # type: ignore[arg-type]
                     source.body.strip(), located)
    _check_versions(note, problems)
    return note


def _check_body(path: Path, body: str, body_line: int, problems: ProblemList) -> None:
    """What a note may hold: short Markdown, no raw HTML, links only to whole addresses."""
    if not body.strip():
        problems.add(path, body_line, "the note has no text; write it below the front matter.")
        return
    check_raw_html(path, body, body_line, problems)
    html = short_markdown_html(body)
    for finding in check_converted_html(html):
        problems.add(path, body_line, f"in the note, {finding.message}")
    converted = LexborHTMLParser(html)
    if converted.css_first("img") is not None:
        problems.add(path, body_line, "a note cannot show an image; describe it in words, or put the image in a "
                                      "local chapter.")
    for link in converted.css("a"):
        href = (link.attributes.get("href") or "").strip()
        if not NOTE_LINK.match(href):
            problems.add(path, body_line, f"the link '{href[:60]}' in the note is not a whole address. A note is shown "
                                          "on more than one page: link with https://, mailto: or tel:, or name the "
                                          "chapter by its ID.")


def _check_versions(note: LocalNote, problems: ProblemList) -> None:
    for index, amendment in enumerate(note.amendments):
        if amendment.version is not None and amendment.version > note.version:
            problems.add(note.source_path, note.line_of("amendments", index, "version"),
                         f"this amendment names version {amendment.version}, but the note is version {note.version}.")
    if note.version > 1 and not any(a.version == note.version for a in note.amendments):
        problems.add(note.source_path, note.line_of("amendments"),
                     f"the note is version {note.version}: add an amendment (date, summary, version: {note.version}) "
                     "saying what changed.")


def _check_archive(notes_dir: Path, notes: list[LocalNote], problems: ProblemList) -> None:
    """Every earlier text of every note kept, unchanged and recorded, as chapters' are."""
    manifest = read_manifest(notes_dir, problems)
    seen: set[str] = set()
    for note in notes:
        for number in range(1, note.version):
            path = notes_dir / ARCHIVE_FOLDER / note.name / f"v{number}.md"
            key = path.relative_to(notes_dir / ARCHIVE_FOLDER).as_posix()
            seen.add(key)
            if not path.exists():
                problems.add(note.source_path, note.line_of("version"),
                             f"version {number} of this note is missing from its archive "
                             f"({problems.display_path(path)}). Earlier texts must never be deleted: restore the file "
                             "from git history.")
                continue
            if manifest.get(key) != sha256(path):
                problems.add(path, None, "this archived text of a note is not the one recorded in "
                                         f"notes/{ARCHIVE_FOLDER}/{MANIFEST}: archived texts are frozen. Restore it "
                                         "from git history, or record a new version with 'procedures amend'.")
            earlier = _read_snapshot(path, number, problems)
            if earlier is not None:
                note.earlier.append(earlier)
    for key in sorted(set(manifest) - seen):
        problems.add(notes_dir / ARCHIVE_FOLDER / MANIFEST, None,
                     f"the archived note text {key} is recorded but its note no longer has that version: a note's "
                     "history cannot be removed. Restore the note (or its version number).")


def _read_snapshot(path: Path, number: int, problems: ProblemList) -> NoteVersion | None:
    text = read_text(path, problems)
    source = split_front_matter(path, text, problems, required=True) if text is not None else None
    located = load_yaml(source.front_matter or "", path, source.front_matter_line, problems) if source else None
    if source is None or located is None or not isinstance(located.data, dict):
        return None
    updated = parse_date(located.data.get("last_updated"))
    if located.data.get("version") != number or updated is None:
        problems.add(path, located.line("version"), f"this snapshot should be version {number} of the note, with "
                                                    "its last_updated.")
        return None
    before = len(problems)
    _check_body(path, source.body, source.body_line, problems)
    return NoteVersion(number, updated, source.body.strip(), path) if len(problems) == before else None


def check_attachments(notes: list[LocalNote], manual: Manual, history: ParagraphHistory,
                      problems: ProblemList) -> None:
    """Each note against the chapter it is attached to, as that chapter now stands."""
    for note in notes:
        chapter = manual.chapter_by_id(note.chapter_id)
        if chapter is None:
            problems.add(note.source_path, note.line_of("chapter"),
                         f"there is no published chapter {note.chapter_id} on this area's site; attach the note to a "
                         "chapter that exists (by its ID).")
        elif chapter.area is not None:
            problems.add(note.source_path, note.line_of("chapter"),
                         f"{note.chapter_id} is the area's own chapter ({problems.display_path(chapter.source_path)}): "
                         "write the local text into the chapter itself; notes are for regional chapters.")
        elif note.chapter_version > chapter.version:
            problems.add(note.source_path, note.line_of("chapter_version"),
                         f"{chapter.id} is at version {chapter.version} ({problems.display_path(chapter.source_path)}), "
                         f"not {note.chapter_version}; set chapter_version to the version the note was checked against.")
        elif note.paragraph is not None:
            _check_paragraph(note, chapter, history, problems)


class ParagraphHistory(Protocol):
    """What the chapters' history tells about paragraphs (``History`` answers it)."""

    def paragraph_changes(self, chapter: Chapter, number: int) -> ParagraphChanges | None: ...  # noqa: E704


def _check_paragraph(note: LocalNote, chapter: Chapter, history: ParagraphHistory, problems: ProblemList) -> None:
    assert note.paragraph is not None
    file = problems.display_path(chapter.source_path)
    for number in range(note.chapter_version + 1, chapter.version + 1):
        changes = history.paragraph_changes(chapter, number)
        if changes is None:
            continue
        if note.paragraph in changes.removed:
            happened = f"removed paragraph {note.paragraph}"
        elif note.paragraph in changes.moved:
            happened = f"renumbered paragraph {note.paragraph} to {changes.moved[note.paragraph]}"
        else:
            continue
        problems.add(note.source_path, note.line_of("paragraph"),
                     f"this note follows paragraph {note.paragraph} of {chapter.id} as it was at version "
                     f"{note.chapter_version}, but the regional amendment making version {number} ({file}) "
                     f"{happened}. Read the note against version {chapter.version} of {chapter.id}, then set "
                     f"'paragraph' to where it now belongs and 'chapter_version: {chapter.version}'.")
        return
    if note.paragraph not in chapter.outline.paragraphs:
        problems.add(note.source_path, note.line_of("paragraph"),
                     f"{chapter.id} ({file}) has no paragraph {note.paragraph}; attach the note to a paragraph it has, "
                     "or leave 'paragraph' out to show the note at the top of the chapter.")
