"""An area's settings: ``areas/<area>/area.yml``, read and validated with file and line.

A region (say, London) shares its procedures with its areas (the boroughs). Each area keeps its own
content in ``areas/<area>/``: its settings here, its own chapters and threshold document under
``procedures/``, glossary additions in ``glossary.yml`` and notes on regional chapters under
``notes/``. A repository without ``areas/`` builds one manual, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..manual.model import Part
from ..reading.problems import ProblemList
from ..reading.schema import FieldSpec, read_settings_file

AREAS_FOLDER = "areas"
AREA_FILE = "area.yml"
#: An area's folder name is also its site's folder and a command-line argument: plain letters only.
AREA_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
PHONE = r"^\+?[0-9][0-9 ()-]{4,24}$"
EMAIL = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"
WEB_ADDRESS = r"^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~%/-]*)?$"

CONTACT_FIELDS = (
    FieldSpec("name", "string", "Who to contact, e.g. Children's Services Front Door.", required=True, one_line=True),
    FieldSpec("purpose", "string", "When to contact them, e.g. 'To refer a concern about a child'.", one_line=True),
    FieldSpec("phone", "string", "Telephone number, e.g. 01632 960000.", pattern=PHONE, example="01632 960000"),
    FieldSpec("email", "string", "Email address.", pattern=EMAIL, example="frontdoor@northshire.example"),
    FieldSpec("hours", "string", "When the line is staffed, e.g. 'Monday to Friday, 9am to 5pm'.", one_line=True),
    FieldSpec("web", "string", "A web page (https) with more.", pattern=WEB_ADDRESS, example="https://example.org/"),
)
LOCAL_PART_FIELDS = (
    FieldSpec("id", "string", "The ID prefix of the area's own chapters, e.g. NL.", required=True,
              pattern=r"^[A-Z]{1,5}$"),
    FieldSpec("title", "string", "The part's title, e.g. Northshire Local Procedures.", required=True, one_line=True),
    FieldSpec("folder", "string", "The folder under the area's procedures/ holding its chapters (also their URL).",
              required=True, pattern=r"^[a-z0-9][a-z0-9-]*$"),
    FieldSpec("description", "string", "One or two sentences shown on the part's contents page."),
)
AREA_FIELDS = (
    FieldSpec("name", "string", "The area's name, e.g. Northshire.", required=True, one_line=True),
    FieldSpec("partnership", "string", "The partnership that publishes the area's site.", required=True,
              one_line=True),
    FieldSpec("title", "string", "The site's title; by default the area's name, a colon and the regional title.",
              one_line=True),
    FieldSpec("site_url", "string", "The address the area's site is published at (https).", pattern=WEB_ADDRESS,
              example="https://procedures.example.org/northshire/"),
    FieldSpec("contacts", "list", "Local contacts, shown on the area's Local contacts page.",
              items=FieldSpec("contact", "object", "One contact.", properties=CONTACT_FIELDS)),
    FieldSpec("local_part", "object", "The part of the manual holding the area's own chapters.",
              properties=LOCAL_PART_FIELDS),
)


@dataclass(frozen=True)
class Contact:
    name: str
    purpose: str | None = None
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    web: str | None = None


@dataclass(frozen=True)
class Area:
    """One area's settings and where its content lives."""

    key: str
    folder: Path
    name: str
    partnership: str
    title: str | None
    site_url: str | None
    contacts: tuple[Contact, ...]
    local_part: Part | None

    @property
    def settings_file(self) -> Path:
        return self.folder / AREA_FILE

    @property
    def procedures_dir(self) -> Path:
        """The area's own chapters (in its local part) and its own threshold document."""
        return self.folder / "procedures"

    @property
    def notes_dir(self) -> Path:
        return self.folder / "notes"

    @property
    def glossary_file(self) -> Path:
        return self.folder / "glossary.yml"


def areas_dir(project_root: Path) -> Path:
    return project_root / AREAS_FOLDER


def area_keys(project_root: Path) -> list[str]:
    """The areas of the repository, by folder name (none when there is no ``areas/`` folder)."""
    folder = areas_dir(project_root)
    if not folder.is_dir():
        return []
    return sorted(path.name for path in folder.iterdir() if path.is_dir() and not path.name.startswith((".", "_")))


def area_key_problem(project_root: Path, key: str) -> str | None:
    """Why ``key`` does not name an area of this repository, or None."""
    if not AREA_KEY.fullmatch(key):
        return (f"'{key}' is not an area name: an area is a folder under areas/ named with small letters, "
                "digits and hyphens.")
    if key not in area_keys(project_root):
        known = ", ".join(area_keys(project_root)) or "none yet ('procedures init --area NAME' adds one)"
        return f"there is no area '{key}' (no folder areas/{key}/). Areas of this repository: {known}."
    return None


def load_area(project_root: Path, key: str, problems: ProblemList) -> Area | None:
    """Read ``areas/<key>/area.yml``; every problem goes to ``problems`` with its line."""
    folder = areas_dir(project_root) / key
    path = folder / AREA_FILE
    if not AREA_KEY.fullmatch(key):
        problems.add(folder, None, "an area's folder name may hold only small letters, digits and hyphens; "
                                   "rename the folder.")
        return None
    if not path.exists():
        problems.add(path, None, "the area's settings file is missing; create it with the area's name and "
                                 "partnership ('procedures init --area NAME' writes one).")
        return None
    located = read_settings_file(path, AREA_FIELDS, problems)
    if located is None:
        return None
    data = located.data
    part = data.get("local_part")
    return Area(
        key=key, folder=folder, name=data["name"].strip(), partnership=data["partnership"].strip(),
        title=(data.get("title") or "").strip() or None, site_url=data.get("site_url"),
        contacts=tuple(Contact(**{k: (v.strip() if isinstance(v, str) else v) for k, v in c.items()})
                       for c in data.get("contacts") or ()),
        local_part=Part(part["id"], part["title"].strip(), part["folder"], (part.get("description") or "").strip(),
                        local=True) if part else None,
    )
