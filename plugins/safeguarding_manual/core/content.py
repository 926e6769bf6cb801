"""Everything the site is built from, loaded and validated in one call.

Used by the MkDocs plugin and by the ``procedures check`` command alike, so
both report exactly the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .areas.composition import area_composer
from .areas.notes import LocalNote, check_attachments, load_notes
from .areas.settings import Area, load_area
from .history.archive import load_versions
from .history.renumbering import check_paragraph_history
from .history.versions import History
from .manual.loading import load_manual
from .manual.model import Manual
from .reading.problems import ContentError, ProblemList


@dataclass
class Content:
    manual: Manual
    history: History
    #: The area whose site this is (None: the regional site, or a manual without areas).
    area: Area | None = None
    #: The area's notes on regional chapters.
    notes: list[LocalNote] = field(default_factory=list)


def load_content(procedures_dir: Path, *, project_root: Path, other_pages: set[str] | None = None,
                 glossary_anchors: set[str] | None = None, area: str | None = None) -> Content:
    """Load the manual and its archive; raise :class:`ContentError` listing every problem.

    With ``area`` (a folder name under ``areas/``), the content is that area's site: the regional
    chapters, the area's own chapters and its notes on regional chapters.
    """
    area_problems = ProblemList(project_root)
    settings = load_area(project_root, area, area_problems) if area else None
    manual, problems = load_manual(procedures_dir, project_root=project_root, other_pages=other_pages,
                                   glossary_anchors=glossary_anchors,
                                   raise_on_problems=False,
                                   compose=area_composer(settings) if settings is not None else None)
    problems.extend(area_problems)
    notes = load_notes(settings, problems) if settings is not None else []
    versions = load_versions(manual, problems) if manual is not None else {}
    if manual is not None and not problems:  # compare versions only once each has been read without fault
        history = History(manual, versions)
        check_paragraph_history(history, problems)
        check_attachments(notes, manual, history, problems)
    if problems or manual is None:
        raise ContentError(problems.sorted())
    return Content(manual, history, settings, notes)
