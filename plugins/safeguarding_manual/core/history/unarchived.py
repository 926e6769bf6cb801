"""No superseded text may be lost: a changed chapter needs a new version, an amendment and a snapshot.

The archive is a record that learning reviews and complaints rely on ("what did the procedure say when
this happened?"). Compared with the text published at an earlier commit (``procedures check --base``),
a chapter whose words changed must have a higher version, and the archive must hold the earlier text,
word for word, as that version. Otherwise the words practitioners followed until now would vanish.
"""

from __future__ import annotations

import re

from ..manual.continuity import EarlierChapter
from ..manual.model import Chapter, Manual
from ..manual.outline import REFERENCE_DEFINITION
from ..reading.problems import Problem
from .archive import Version, chapter_root, snapshot_path

#: The target of an inline link, ``](target "title")``: set aside when comparing the words of two versions.
LINK_TARGET = re.compile(r"\]\([^)\s]{0,2048}+(?:\s+\"[^\"]*\")?\)")


def published_text(title: str, body: str) -> str:
    """What readers read of a version, for comparison: title and words.

    Line endings, trailing spaces and where links point are set aside: ``procedures move`` rewrites the
    links of other chapters to a moved one, which changes no word a practitioner follows.
    """
    lines = []
    for line in body.replace("\r\n", "\n").strip("\n").split("\n"):
        if REFERENCE_DEFINITION.match(line):
            continue
        lines.append(LINK_TARGET.sub("]()", line.rstrip()))
    return title.strip() + "\n" + "\n".join(lines)


def unarchived_changes(earlier: list[EarlierChapter], manual: Manual, versions: dict[str, list[Version]],
                       procedures_folder: str, base: str) -> list[Problem]:
    """A problem for each published chapter whose text at ``base`` would not survive in the archive."""
    problems = []
    for old in earlier:
        if old.status == "draft" or not old.version:
            continue
        chapter = manual.chapter_by_src_uri(old.src_uri) or manual.chapter_moved_from(old.src_uri)
        if chapter is None or not chapter.is_published:
            continue  # a lost address: reported by the address check
        problem = _problem(old, chapter, versions.get(chapter.src_uri, []), procedures_folder, base, manual)
        if problem is not None:
            problems.append(problem)
    return problems


def _problem(old: EarlierChapter, chapter: Chapter, versions: list[Version], folder: str, base: str,
             manual: Manual) -> Problem | None:
    file = f"{folder}/{chapter.src_uri}"
    command = f"procedures amend --from-base {base}"
    if chapter.version < old.version:
        return Problem(file, chapter.line_of("version"),
                       f"{chapter.id} is version {chapter.version} but was already version {old.version} at {base}; "
                       "versions only go up. Restore 'version' and the amendments from the base.")
    if chapter.version == old.version:
        if published_text(chapter.title, chapter.body) == published_text(old.title, old.body):
            return None
        snapshot = snapshot_path(chapter_root(manual, chapter), chapter.src_uri, old.version).relative_to(manual.root.parent)
        return Problem(file, chapter.line_of("version"),
                       f"the text of {chapter.id} has changed since {base}, but it is still version {old.version}, so "
                       f"the text published until now would be lost. Raise 'version' to {old.version + 1}, add an "
                       f"amendment (date, summary, version: {old.version + 1}) and archive the text of version "
                       f"{old.version} as {snapshot.as_posix()}: '{command}' does all three (the pull-request check "
                       "offers it as a commit).")
    kept = next((v for v in versions if v.number == old.version), None)
    if kept is not None and published_text(kept.title, kept.body) != published_text(old.title, old.body):
        return Problem(f"{folder}/{kept.source_path.relative_to(chapter_root(manual, chapter)).as_posix()}", None,
                       f"this archived version {old.version} of {chapter.id} differs from the text published at {base}; "
                       f"the archive must hold the words as they were. Restore it with '{command}' or from git.")
    return None
