"""``procedures init``: a new manual that is complete from its first commit.

Another partnership starts from this: chapters, glossary and thresholds to replace, and everything
around them that a published manual needs (workflows that check and publish, the editor guide,
CONTRIBUTING, the accessibility statement and privacy page in the partnership's name, ``.gitignore``),
then a git repository with a first commit and the next steps printed.

The guides in ``scaffold/`` are the example manual's own, with the example's names replaced by
placeholders (:func:`scaffold_text`); a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .core.areas.settings import AREA_KEY, areas_dir
from .core.editing.chapters import EditError

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
#: Files of the example manual that a new manual gets as they are, but for the partnership's names.
SHARED_GUIDES = {"docs/editor-guide.md": "docs/editor-guide.md", "docs/accessibility.md": "docs/accessibility.md",
                 "docs/privacy.md": "docs/privacy.md", "CONTRIBUTING.md": "CONTRIBUTING.md"}
EXAMPLE_NAMES = {
    "Example Local Safeguarding Children Partnership": "{publisher}",
    "https://github.com/example-lscp/procedures": "{repo_url}",
}


def scaffold_text(example_text: str) -> str:
    """An example guide as a scaffold template: the example's names become placeholders."""
    for name, placeholder in EXAMPLE_NAMES.items():
        example_text = example_text.replace(name, placeholder)
    return example_text


@dataclass(frozen=True)
class Settings:
    title: str
    publisher: str
    area: str
    site_url: str
    repo_url: str
    edit_uri: str


def create_manual(target: Path, settings: Settings, *, git: bool = True) -> list[str]:
    """Write the new manual into ``target`` (which must be empty); return the next steps to print."""
    today = dt.date.today()
    values = {
        "title": settings.title, "publisher": settings.publisher, "area": settings.area, "today": today.isoformat(),
        "review_due": (today + dt.timedelta(days=365)).isoformat(), "release_id": today.strftime("%Y-%m"),
        "release_title": today.strftime("%B %Y"), "site_url": settings.site_url, "repo_url": settings.repo_url,
        "edit_uri": settings.edit_uri,
    }
    for source in sorted(SCAFFOLD.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            name = source.relative_to(SCAFFOLD).as_posix().replace("dot-", ".", 1)
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text("utf-8")
            for key, value in values.items():
                text = text.replace("{" + key + "}", value)
            destination.write_text(text, "utf-8")
    committed = git and _first_commit(target)
    return _next_steps(target, settings, committed)


def _first_commit(target: Path) -> bool:
    try:
        for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                     ["-c", "user.name=procedures init", "-c", "user.email=procedures-init@localhost",
                      "commit", "-q", "-m", "A new safeguarding procedures manual"]):
            subprocess.run(["git", *args], cwd=target, check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


def _next_steps(target: Path, settings: Settings, committed: bool) -> list[str]:
    steps = [f"Created a new manual in {target}" + (" as a git repository with a first commit." if committed else ".")]
    steps += [
        "Next steps:",
        f"  1. See it: cd {target} && mkdocs serve   (then open http://127.0.0.1:8000)",
        "  2. Replace the example chapter, glossary.yml and the draft procedures/thresholds.md with your own;",
        "     'procedures check' lists anything to fix as file:line: message.",
        f"  3. Create the repository {settings.repo_url} on GitHub and push: "
        f"git remote add origin {settings.repo_url}.git && git push -u origin main",
        "  4. Publish on GitHub Pages: in the repository's Settings > Pages, set Source to 'GitHub Actions'. Every",
        "     change merged into main is then checked and published by .github/workflows/publish.yml.",
        "  5. Protect main (Settings > Branches): require pull requests and the 'Check' workflow to pass.",
    ]
    if "OWNER" in settings.repo_url or "example.org" in settings.site_url:
        steps.append("  Set site_url, repo_url and edit_uri in mkdocs.yml (or run init again with --site-url and "
                     "--repo-url) so that the edit button and the feed point to your site.")
    return steps


AREA_SETTINGS = """# The area's own settings. Fields: name, partnership, title, site_url, contacts, local_part.
# See the "Editor guide" page, section "Areas", for what each field means.
name: "{name}"
partnership: "{partnership}"
local_part:
  id: {part_id}
  title: "{name} Local Procedures"
  folder: {key}-local
  description: "Procedures that apply in {name} only, alongside the shared regional chapters."
contacts:
  - name: "{name} Children's Services"
    purpose: "To refer a concern about a child who lives in {name}"
"""
AREA_GLOSSARY = """# Terms used only in this area. The regional glossary.yml applies too; to redefine one of its terms here,
# copy the term exactly and add 'local_override: true' to the entry.
terms: []
"""
NOTE_EXAMPLE = """---
# An example local note: copy this file without the leading _ (for example cp1-contacts.md) to publish it.
chapter: CP1
paragraph: "1.1"
chapter_version: 1
version: 1
last_updated: {today}
amendments:
  - date: {today}
    summary: First published.
    version: 1
---

In this area, ring the Children's Services front door on 01632 960000.
"""


def add_area(project: Path, key: str, *, name: str | None = None, partnership: str | None = None) -> list[str]:
    """Add ``areas/<key>/`` to an existing manual: settings, an empty glossary and an example note."""
    if not (project / "mkdocs.yml").exists():
        raise EditError("run 'procedures init --area' in the manual's folder (the one with mkdocs.yml).")
    if not AREA_KEY.fullmatch(key):
        raise EditError(f"'{key}' cannot be an area's folder name: use small letters, digits and hyphens "
                        "(for example northshire).")
    folder = areas_dir(project) / key
    if folder.exists():
        raise EditError(f"{folder} exists already; choose another name or edit that area.")
    name = name or key.replace("-", " ").title()
    if "\n" in name or (partnership and "\n" in partnership):
        raise EditError("the name and partnership must each be on one line.")
    values = {"key": key, "name": _yaml_text(name), "partnership": _yaml_text(partnership or f"{name} Safeguarding "
              "Children Partnership"), "part_id": "".join(ch for ch in key.upper() if ch.isalpha())[:4] + "L",
              "today": dt.date.today().isoformat()}
    (folder / "procedures" / f"{key}-local").mkdir(parents=True)
    (folder / "notes").mkdir()
    (folder / "area.yml").write_text(AREA_SETTINGS.format(**values), "utf-8")
    (folder / "glossary.yml").write_text(AREA_GLOSSARY.format(**values), "utf-8")
    (folder / "notes" / "_example-note.md").write_text(NOTE_EXAMPLE.format(**values), "utf-8")
    (folder / "procedures" / f"{key}-local" / ".gitkeep").write_text("", "utf-8")
    return [f"Added the area {name} in {folder}.",
            "Next steps:",
            f"  1. Fill in {folder / 'area.yml'}: the partnership, contacts and site_url.",
            f"  2. Add local chapters under {folder / 'procedures' / (key + '-local')} ('part: {values['part_id']}'),",
            f"     and notes on regional paragraphs under {folder / 'notes'} (see _example-note.md).",
            f"  3. See the area's site: procedures build --area {key}   (or PROCEDURES_AREA={key} mkdocs serve)"]


def _yaml_text(value: str) -> str:
    """A one-line value to put between double quotes in YAML, so that a name such as 'Hull: City' stays text."""
    return value.replace("\\", "\\\\").replace('"', '\\"')
