"""One area's manual: the regional chapters with the area's own chapters added, and explicit replacements.

An area may add chapters (in its local part) and may replace a regional chapter (its own threshold
document, say), but only by saying so: a local chapter that takes a regional chapter's ID or path
without ``local_override: true`` stops the build with a message naming both files. A replacement
keeps the regional chapter's ID and path, so every regional link and citation still leads to it.
"""

from __future__ import annotations

from dataclasses import replace

from ..manual.consistency import Unreadable
from ..manual.loading import Composer, read_chapters
from ..manual.model import Chapter, Manual
from ..reading.problems import ProblemList
from .settings import Area

NO_LOCAL_PART = ("this area has its own chapters but no local part: add 'local_part:' (id, title, folder) to "
                 "{settings}, and give its chapters 'part: <that id>'.")


def area_composer(area: Area) -> Composer:
    """What ``load_manual`` calls to make the area's manual from the regional one."""
    def compose(regional: Manual, problems: ProblemList, unreadable: dict[str, Unreadable]) -> Manual:
        local, local_unreadable = read_chapters(area.procedures_dir.resolve(), problems)
        unreadable.update(local_unreadable)
        return area_manual(regional, area, local, problems)

    return compose


def area_manual(regional: Manual, area: Area, local: list[Chapter], problems: ProblemList) -> Manual:
    """The manual as the area's site publishes it."""
    by_id = {c.id: c for c in regional.chapters if c.status != "draft"}
    by_path = {c.src_uri: c for c in regional.chapters}
    replaced: set[str] = set()
    added: list[Chapter] = []
    for chapter in local:
        chapter = replace(chapter, area=area.name)
        if chapter.local_override:
            target = _replaced_chapter(chapter, by_id, by_path, problems)
            if target is not None:
                replaced.add(target.src_uri)
                added.append(chapter)
            continue
        if _collides(chapter, by_id, by_path, problems) or not _in_local_part(chapter, area, regional, problems):
            continue
        added.append(chapter)
    parts = list(regional.parts)
    if area.local_part is not None and _local_part_fits(area, regional, problems):
        parts.append(area.local_part)
    chapters = [c for c in regional.chapters if c.src_uri not in replaced] + added
    return replace(regional, title=area.title or f"{area.name}: {regional.title}", publisher=area.partnership,
                   area=area.name, parts=parts, chapters=chapters)


def _replaced_chapter(chapter: Chapter, by_id: dict[str, Chapter], by_path: dict[str, Chapter],
                      problems: ProblemList) -> Chapter | None:
    same_path, same_id = by_path.get(chapter.src_uri), by_id.get(chapter.id)
    if same_path is not None and same_path is same_id:
        return same_path
    if same_path is None and same_id is None:
        message = (f"'local_override: true' replaces a regional chapter, but the region has no chapter {chapter.id} "
                   f"and no file procedures/{chapter.src_uri}. Remove 'local_override' if this is a new local chapter.")
    elif same_id is not None:
        message = (f"this local chapter replaces {chapter.id}, which is {_file(problems, same_id)}: a replacement "
                   f"keeps the regional chapter's path, so move it to the same path under this area's procedures/ "
                   f"({same_id.src_uri}).")
    else:
        assert same_path is not None
        message = (f"this local chapter replaces {_file(problems, same_path)}, whose ID is {same_path.id}: a "
                   f"replacement keeps the regional chapter's ID, so give it 'id: {same_path.id}'.")
    problems.add(chapter.source_path, chapter.line_of("local_override"), message)
    return None


def _collides(chapter: Chapter, by_id: dict[str, Chapter], by_path: dict[str, Chapter],
              problems: ProblemList) -> bool:
    """A local chapter that takes a regional ID or path without saying so (a draft's ID is not yet taken)."""
    same_id = by_id.get(chapter.id) if chapter.status != "draft" else None
    for clash, what, line in ((same_id, f"the ID {chapter.id}", chapter.line_of("id")),
                              (by_path.get(chapter.src_uri), f"the path {chapter.src_uri}", None)):
        if clash is not None:
            problems.add(chapter.source_path, line,
                         f"this local chapter has {what}, which is the regional chapter {clash.id} "
                         f"({_file(problems, clash)}). An area replaces a regional chapter only explicitly: to "
                         "replace it on this area's site, keep its ID and path and add 'local_override: true'; "
                         "otherwise give the local chapter an ID and file of its own.")
            return True
    return False


def _in_local_part(chapter: Chapter, area: Area, regional: Manual, problems: ProblemList) -> bool:
    if area.local_part is None:
        problems.add(chapter.source_path, chapter.line_of("part"),
                     NO_LOCAL_PART.format(settings=problems.display_path(area.settings_file)))
        return False
    if chapter.part != area.local_part.id and regional.part(chapter.part) is not None:
        problems.add(chapter.source_path, chapter.line_of("part"),
                     f"an area's own chapters belong to its local part, {area.local_part.id}; part {chapter.part} "
                     "is the region's. To replace a regional chapter instead, keep its ID and path and add "
                     "'local_override: true'.")
        return False
    return True


def _local_part_fits(area: Area, regional: Manual, problems: ProblemList) -> bool:
    part = area.local_part
    assert part is not None
    for other in regional.parts:
        if other.id == part.id or other.folder == part.folder:
            problems.add(area.settings_file, None,
                         f"the local part '{part.id}' (folder {part.folder}) takes the ID or folder of the regional "
                         f"part {other.id} ({other.folder}); choose an ID and folder of the area's own.")
            return False
    return True


def _file(problems: ProblemList, chapter: Chapter) -> str:
    return problems.display_path(chapter.source_path)

