"""Which areas' sites a change affects, so a pull request builds only those.

A file under ``areas/<area>/`` affects that area's site only. Any other file (a regional chapter,
the glossary, ``mkdocs.yml``, the plugins themselves) is shared by every site, so it affects all
the areas.
"""

from __future__ import annotations

from pathlib import Path

from .settings import AREAS_FOLDER, area_keys


def affected_areas(project: Path, changed: list[str]) -> list[str]:
    """The areas to build for a change to ``changed`` (paths from the project's folder, posix)."""
    keys = area_keys(project)
    hit: set[str] = set()
    for path in changed:
        parts = path.split("/")
        if parts[0] != AREAS_FOLDER:
            return keys
        if len(parts) > 1:
            hit.add(parts[1])
    return [key for key in keys if key in hit]
