"""Superseded versions of chapters, kept as frozen snapshots in ``procedures/_archive/``.

Layout: ``_archive/<chapter path without .md>/v<N>.md`` holds the whole file
(front matter and body) as it was at version N, and ``_archive/manifest.yml``
records each snapshot's SHA-256. A fresh clone therefore builds every version
reproducibly, and the build refuses to go on if a snapshot has gone missing,
been edited, or no longer matches the chapter's version number.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..manual.model import Chapter, Manual
from ..manual.outline import read_outline
from ..reading.packed_text import PackedText
from ..reading.problems import ProblemList
from ..reading.schema import parse_date
from ..reading.text_files import read_text, split_front_matter
from ..reading.unchanged_files import FileMemo, read_with_problems
from ..reading.yaml_lines import load_yaml
from ..safe_html.policy import check_raw_html
from ..thresholds.document import read_thresholds

ARCHIVE_FOLDER = "_archive"
MANIFEST = "manifest.yml"
SNAPSHOT_NAME = re.compile(r"^v([0-9]+)\.md$")


@dataclass(frozen=True)
class Version:
    """One superseded version of a chapter."""

    chapter_src_uri: str
    number: int
    id: str
    title: str
    last_updated: dt.date
    body: str = PackedText()  # held compressed: see packed_text
    body_line: int
    source_path: Path
    superseded_on: dt.date
    #: For a threshold document: its matrix as it was at this version.
    thresholds: object | None = None

    @property
    def display_title(self) -> str:
        return f"{self.id}. {self.title}"


def archive_dir(root: Path, chapter_src_uri: str) -> Path:
    return root / ARCHIVE_FOLDER / chapter_src_uri[: -len(".md")]


def snapshot_path(root: Path, chapter_src_uri: str, number: int) -> Path:
    return archive_dir(root, chapter_src_uri) / f"v{number}.md"


def version_url(chapter: Chapter, number: int) -> str:
    return f"{chapter.url}versions/{number}/"


def version_src_uri(chapter: Chapter, number: int) -> str:
    return f"{chapter.stem}/versions/{number}.md"


def changes_url(chapter: Chapter, number: int) -> str:
    return f"{chapter.url}changes/{number}/"


def changes_src_uri(chapter: Chapter, number: int) -> str:
    return f"{chapter.stem}/changes/{number}.md"


#: Each archived file's SHA-256 and each snapshot as read, kept while the file is unchanged (archives are
#: read on every rebuild; see ``reading.unchanged_files``)
_HASHES: FileMemo[str] = FileMemo()
_SNAPSHOTS: FileMemo[tuple["_Snapshot | None", list]] = FileMemo()
#: The names in each chapter's archive folder, kept while the folder is unchanged (adding, removing or
#: renaming a file changes a folder's times)
_LISTINGS: FileMemo[list[str]] = FileMemo()
_MANIFESTS: FileMemo[tuple[dict[str, str], list]] = FileMemo()


def sha256(path: Path) -> str:
    """The file's SHA-256, remembered while the file is unchanged (archives are read on every rebuild)."""
    return _HASHES.get(path, lambda: hashlib.sha256(path.read_bytes()).hexdigest())


def read_manifest(root: Path, problems: ProblemList) -> dict[str, str]:
    """``{snapshot path below _archive: sha256}``, read again only when the file changed."""
    path = root / ARCHIVE_FOLDER / MANIFEST
    return dict(read_with_problems(_MANIFESTS, path, problems, lambda own: _read_manifest(path, own)))


def _read_manifest(path: Path, problems: ProblemList) -> dict[str, str]:
    if not path.exists():
        return {}
    text = read_text(path, problems)
    located = load_yaml(text or "", path, 1, problems) if text is not None else None
    if located is None or located.data is None:
        return {}
    if not isinstance(located.data, dict) or not all(isinstance(v, str) for v in located.data.values()):
        problems.add(path, 1, "the archive manifest must map each snapshot path to its SHA-256; "
                              "do not edit it by hand (the 'procedures amend' command maintains it).")
        return {}
    return dict(located.data)


def write_manifest(root: Path, manifest: dict[str, str]) -> None:
    path = root / ARCHIVE_FOLDER / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Archived chapter versions and their SHA-256. Maintained by 'procedures amend'; do not edit."]
    lines += [f"{key}: {value}" for key, value in sorted(manifest.items())]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def load_versions(manual: Manual, problems: ProblemList) -> dict[str, list[Version]]:
    """Every chapter's superseded versions, oldest first, checked against the manifest of its archive.

    An area's own chapters keep their archive beside them (``areas/<area>/procedures/_archive/``).
    """
    result: dict[str, list[Version]] = {}
    for root in dict.fromkeys(chapter_root(manual, chapter) for chapter in manual.chapters) or [manual.root]:
        chapters = [chapter for chapter in manual.chapters if chapter_root(manual, chapter) == root]
        result.update(_load_archive(root, chapters, problems))
    return result


def chapter_root(manual: Manual, chapter: Chapter) -> Path:
    """The ``procedures/`` folder holding the chapter's file and its archive."""
    return chapter.root or manual.root


def _load_archive(root: Path, chapters: list[Chapter], problems: ProblemList) -> dict[str, list[Version]]:
    manifest = read_manifest(root, problems)
    manifest_path = root / ARCHIVE_FOLDER / MANIFEST
    archive = os.path.join(root, ARCHIVE_FOLDER)
    seen: set[str] = set()
    result: dict[str, list[Version]] = {}
    for chapter in chapters:
        versions = []
        stem = chapter.src_uri[: -len(".md")]
        for number in range(chapter.versions_kept_from, chapter.version):
            key = f"{stem}/v{number}.md"
            seen.add(key)
            snapshot = _snapshot(os.path.join(archive, key), chapter, number, problems)
            if snapshot is None:
                problems.add(chapter.source_path, chapter.line_of("version"),
                             f"version {number} of {chapter.id} is missing from the archive "
                             f"({problems.display_path(snapshot_path(root, chapter.src_uri, number))}). "
                             "Archived versions must never be deleted: restore the file from git history.")
                continue
            if snapshot.sha256 and key in manifest and manifest[key] != snapshot.sha256:  # unreadable: said below
                problems.add(snapshot.path, None, "this archived version has been changed since it was recorded. "
                                                  "Archived versions are frozen: restore the original from git history.")
            elif key not in manifest:
                problems.add(snapshot.path, None, "this archived version is not in _archive/manifest.yml; record "
                                                  "versions with 'procedures amend' rather than copying files by hand.")
            if snapshot.version:
                versions.append(snapshot.version)
        _link_superseded_dates(chapter, versions)
        result[chapter.src_uri] = versions
        _check_extra_snapshots(root, chapter, problems)
    for key in sorted(set(manifest) - seen):
        problems.add(manifest_path, None, f"the archived version {key} is recorded but its chapter no longer has that "
                                          "version. A chapter's history cannot be removed: restore the chapter "
                                          "(mark it 'withdrawn' instead of deleting it) or its version number.")
    return result


@dataclass(frozen=True)
class _Snapshot:
    """What was read of one archived version: its SHA-256 (checked against the manifest) and the version."""

    path: Path
    sha256: str
    version: Version | None


def _snapshot(path: str, chapter: Chapter, number: int, problems: ProblemList) -> _Snapshot | None:
    """The archived version at ``path`` (None if there is no such file), with the problems found in it,
    kept while the file is unchanged: the archive is read at every rebuild while serving, one look at each
    file."""
    def read(own: ProblemList) -> _Snapshot | None:
        snapshot = Path(path)
        try:
            digest = hashlib.sha256(snapshot.read_bytes()).hexdigest()
        except FileNotFoundError:
            return None
        except OSError:
            digest = ""  # unreadable: the reading below says why
        return _Snapshot(snapshot, digest, _parse_snapshot(snapshot, chapter, number, own))

    return read_with_problems(_SNAPSHOTS, path, problems, read, also=(chapter.src_uri, chapter.id, number))


def _check_extra_snapshots(root: Path, chapter: Chapter, problems: ProblemList) -> None:
    folder = archive_dir(root, chapter.src_uri)
    for name in _LISTINGS.get(folder, lambda: _names_in(folder)):
        match = SNAPSHOT_NAME.match(name)
        if not match or int(match.group(1)) >= chapter.version:
            problems.add(folder / name, None, f"unexpected file in {chapter.id}'s archive: the chapter is at version "
                                              f"{chapter.version}, so only v1.md to v{chapter.version - 1}.md belong here.")


def _names_in(folder: Path) -> list[str]:
    """The sorted names in ``folder`` (none if it is not a folder)."""
    try:
        return sorted(os.listdir(folder)) if folder.is_dir() else []
    except OSError:
        return []


def _parse_snapshot(path: Path, chapter: Chapter, number: int, problems: ProblemList) -> Version | None:
    text = read_text(path, problems)
    source = split_front_matter(path, text, problems, required=True) if text is not None else None
    located = load_yaml(source.front_matter or "", path, source.front_matter_line, problems) if source else None
    if source is None or located is None or not isinstance(located.data, dict):
        return None
    data = located.data
    updated = parse_date(data.get("last_updated"))
    if data.get("version") != number or updated is None or not data.get("id") or not data.get("title"):
        problems.add(path, located.line("version"), f"this snapshot should be version {number} of {chapter.id} "
                                                    "with id, title and last_updated.")
        return None
    check_raw_html(path, source.body, source.body_line, problems)
    thresholds = read_thresholds(path, located, None, problems) if data.get("type") == "thresholds" else None
    return Version(chapter.src_uri, number, str(data["id"]), str(data["title"]), updated, source.body,
                   source.body_line, path, updated, thresholds)


def _link_superseded_dates(chapter: Chapter, versions: list[Version]) -> None:
    """Version N was superseded when version N+1 came into force."""
    for index, version in enumerate(versions):
        following = versions[index + 1].last_updated if index + 1 < len(versions) else chapter_version_start(chapter)
        versions[index] = with_superseded_on(version, following)


def with_superseded_on(version: Version, day: dt.date) -> Version:
    """A copy of ``version`` superseded on ``day``. Not ``dataclasses.replace``, which would unpack the text
    and pack it again (a fifth of the loading of a 1,000-chapter manual); the copy shares the packed text."""
    copied = copy.copy(version)
    object.__setattr__(copied, "superseded_on", day)
    return copied


def chapter_version_start(chapter: Chapter) -> dt.date:
    """The date the current version came into force: its amendment's date, else last_updated."""
    for amendment in reversed(chapter.amendments):
        if amendment.version == chapter.version:
            return amendment.date
    return chapter.last_updated


def outline_of(version: Version) -> set[str]:
    """Paragraph numbers of an archived version (for comparisons)."""
    return set(read_outline(version.source_path, version.body, version.body_line, ProblemList()).paragraphs)
