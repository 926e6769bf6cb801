"""Everything the site is built from, loaded and validated in one call.

Used by the MkDocs plugin and by the ``procedures check`` command alike, so
both report exactly the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .history.archive import load_versions
from .history.renumbering import check_paragraph_history
from .history.versions import History
from .manual.loading import load_manual
from .manual.model import Manual
from .reading.problems import ContentError


@dataclass
class Content:
    manual: Manual
    history: History


def load_content(procedures_dir: Path, *, project_root: Path, other_pages: set[str] | None = None,
                 glossary_anchors: set[str] | None = None) -> Content:
    """Load the manual and its archive; raise :class:`ContentError` listing every problem."""
    manual, problems = load_manual(procedures_dir, project_root=project_root, other_pages=other_pages,
                                   glossary_anchors=glossary_anchors,
                                   raise_on_problems=False)
    versions = load_versions(manual, problems) if manual is not None else {}
    if manual is not None and not problems:  # compare versions only once each has been read without fault
        history = History(manual, versions)
        check_paragraph_history(history, problems)
    if problems or manual is None:
        raise ContentError(problems.sorted())
    return Content(manual, history)
