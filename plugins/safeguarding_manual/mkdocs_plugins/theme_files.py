"""The theme's files are listed without the hidden folders MkDocs never copies.

At every build MkDocs lists every file of the theme's folders (``Files.add_files_from_theme``), then drops
the hidden ones and the templates, and copies the rest (stylesheets, scripts, fonts). Material's templates
folder holds its 12,000 icons in ``.icons``: walking them and matching each name against MkDocs' patterns
was an eighth of a rebuild while serving, for files MkDocs drops by their first two patterns (``.*`` and
``*/.*``: any path with a part that begins with a dot). So the theme's loader given to MkDocs here lists
the same folders without entering hidden folders or naming hidden files. Jinja uses a loader's list only
when asked for it (templates are found by name), and MkDocs asks only to copy the theme's files; a test
checks that the files MkDocs adds are the same with either loader.
"""

from __future__ import annotations

import os
from typing import Any, Callable

import jinja2


class VisibleFilesLoader(jinja2.FileSystemLoader):
    """Jinja's file system loader, listing only files with no hidden part in their path."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, folders, names in os.walk(searchpath, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                for name in names:
                    if name.startswith("."):
                        continue
                    template = os.path.join(folder, name)[len(searchpath):].strip(os.path.sep).replace(os.path.sep, "/")
                    found.add(template[2:] if template[:2] == "./" else template)
        return sorted(found)


def list_visible_theme_files(theme: Any) -> None:
    """Make ``theme.get_env()`` give environments whose loader lists only visible files (once per theme)."""
    original: Callable[[], jinja2.Environment] | None = getattr(theme, "get_env", None)
    if original is None or getattr(original, "lists_visible_files", False):
        return

    def get_env() -> jinja2.Environment:
        env = original()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:  # another loader (a theme's own) is left as it is
            env.loader = VisibleFilesLoader(loader.searchpath, encoding=loader.encoding, followlinks=loader.followlinks)
        return env

    get_env.lists_visible_files = True  # type: ignore[attr-defined]
    theme.get_env = get_env
