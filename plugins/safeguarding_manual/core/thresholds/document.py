"""The threshold document (continuum of need): levels, domains, indicators and responses.

A threshold document is a chapter (``type: thresholds``) whose front matter
also carries the structured matrix, so it is versioned, archived and
compared like any chapter. This module validates the matrix with lines and
renders it as accessible HTML that works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..reading.problems import ProblemList
from ..reading.schema import FieldSpec
from ..reading.yaml_lines import LocatedData
from ..safe_html.short_markdown import short_markdown_problems

CONTACT_FIELDS = (
    FieldSpec("name", "string", "Who to contact.", required=True, one_line=True),
    FieldSpec("phone", "string", "Telephone number: digits, spaces, +, ( ) and -.", pattern=r"^\+?[0-9][0-9 ()-]{2,29}$"),
    FieldSpec("email", "string", "Email address.", pattern=r"^[^\s@<>\"'&]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"),
    FieldSpec("hours", "string", "When the line is open.", one_line=True),
    FieldSpec("notes", "string", "Anything else to know."),
)
RESPONSE_FIELDS = (
    FieldSpec("what_to_do", "string", "What a professional should do at this level (Markdown).", required=True),
    FieldSpec("contacts", "list", "Who to contact.", items=FieldSpec("contact", "object", "A contact.", properties=CONTACT_FIELDS)),
    FieldSpec("procedures", "list", "IDs of the chapters that apply.", items=FieldSpec("chapter id", "string", "A chapter ID.")),
)
LEVEL_FIELDS = (
    FieldSpec("id", "integer", "The level number (1 = universal).", required=True, minimum=1, maximum=9),
    FieldSpec("title", "string", "The level's name.", required=True, one_line=True),
    FieldSpec("summary", "string", "Who is at this level, in a sentence or two.", required=True),
    FieldSpec("response", "object", "What to do at this level.", properties=RESPONSE_FIELDS),
)
SUBDOMAIN_FIELDS = (
    FieldSpec("id", "string", "A short stable ID, e.g. health.", required=True, pattern=r"^[a-z0-9-]+$"),
    FieldSpec("title", "string", "The sub-domain's name.", required=True, one_line=True),
)
DOMAIN_FIELDS = (
    FieldSpec("id", "string", "A short stable ID, e.g. development.", required=True, pattern=r"^[a-z0-9-]+$"),
    FieldSpec("title", "string", "The domain's name.", required=True, one_line=True),
    FieldSpec("subdomains", "list", "The domain's parts.", required=True,
              items=FieldSpec("subdomain", "object", "A sub-domain.", properties=SUBDOMAIN_FIELDS)),
)
AGE_FIELDS = (
    FieldSpec("id", "string", "A short stable ID, e.g. under-5.", required=True, pattern=r"^[a-z0-9-]+$"),
    FieldSpec("title", "string", "How it is shown, e.g. Under 5.", required=True, one_line=True),
)
INDICATOR_FIELDS = (
    FieldSpec("id", "string", "A stable ID used in deep links, e.g. health-3a.", required=True, pattern=r"^[a-z0-9-]+$"),
    FieldSpec("level", "integer", "The level it indicates.", required=True, minimum=1, maximum=9),
    FieldSpec("domain", "string", "The domain ID.", required=True),
    FieldSpec("subdomain", "string", "The sub-domain ID.", required=True),
    FieldSpec("text", "string", "The indicator, in plain words.", required=True),
    FieldSpec("ages", "list", "Age group IDs it applies to (all if omitted).", items=FieldSpec("age", "string", "An age group ID.")),
)
THRESHOLD_FIELDS = (
    FieldSpec("type", "string", "'thresholds' for the threshold document.", enum=("chapter", "thresholds")),
    FieldSpec("levels", "list", "Levels of need, lowest first.", items=FieldSpec("level", "object", "A level.", properties=LEVEL_FIELDS)),
    FieldSpec("domains", "list", "Domains of the assessment framework.", items=FieldSpec("domain", "object", "A domain.", properties=DOMAIN_FIELDS)),
    FieldSpec("age_groups", "list", "Age groups for the filter.", items=FieldSpec("age group", "object", "An age group.", properties=AGE_FIELDS)),
    FieldSpec("indicators", "list", "Indicators of need.", items=FieldSpec("indicator", "object", "An indicator.", properties=INDICATOR_FIELDS)),
)


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Level:
    id: int
    title: str
    summary: str
    what_to_do: str
    contacts: tuple[Contact, ...]
    procedures: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return f"level-{self.id}"


@dataclass(frozen=True)
class Subdomain:
    id: str
    title: str


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    subdomains: tuple[Subdomain, ...]


@dataclass(frozen=True)
class Indicator:
    id: str
    level: int
    domain: str
    subdomain: str
    text: str
    ages: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return f"indicator-{self.id}"


@dataclass(frozen=True)
class Thresholds:
    levels: tuple[Level, ...]
    domains: tuple[Domain, ...]
    age_groups: tuple[tuple[str, str], ...]
    indicators: tuple[Indicator, ...]


def read_thresholds(path: Path, located: LocatedData, known_chapter_ids: Callable[[], set[str]] | None,
                    problems: ProblemList) -> Thresholds | None:
    """Build the matrix from validated front matter, reporting cross-reference mistakes with lines."""
    data: dict[str, Any] = located.data
    before = len(problems)
    for key in ("levels", "domains", "indicators"):
        if not data.get(key):
            problems.add(path, located.line(), f"a threshold document needs '{key}'.")
    if len(problems) > before:
        return None
    levels = []
    for index, raw in enumerate(data["levels"]):
        response = raw.get("response")
        if not response:
            problems.add(path, located.line("levels", index), f"level {raw['id']} ('{raw['title']}') has no response; "
                                                             "add 'response:' with 'what_to_do' and contacts.")
            continue
        for message in short_markdown_problems(response["what_to_do"]):
            problems.add(path, located.line("levels", index, "response", "what_to_do"),
                         f"level {raw['id']}: in 'what_to_do', {message}")
        contacts = tuple(Contact(**c) for c in response.get("contacts") or [])
        levels.append(Level(raw["id"], raw["title"], raw["summary"], response["what_to_do"], contacts,
                            tuple(response.get("procedures") or [])))
    level_ids = [lvl["id"] for lvl in data["levels"]]
    _duplicates(path, located, "levels", level_ids, "level", problems)
    domains = tuple(Domain(d["id"], d["title"], tuple(Subdomain(s["id"], s["title"]) for s in d["subdomains"]))
                    for d in data["domains"])
    _duplicates(path, located, "domains", [d.id for d in domains], "domain", problems)
    ages = tuple((a["id"], a["title"]) for a in data.get("age_groups") or [])
    indicators = tuple(
        Indicator(i["id"], i["level"], i["domain"], i["subdomain"], i["text"], tuple(i.get("ages") or ()))
        for i in data["indicators"]
    )
    _duplicates(path, located, "indicators", [i.id for i in indicators], "indicator ID", problems)
    _check_indicators(path, located, indicators, set(level_ids), domains, {a for a, _ in ages}, problems)
    return Thresholds(tuple(levels), domains, ages, indicators)


def _duplicates(path: Path, located: LocatedData, key: str, values: list[Any], label: str, problems: ProblemList) -> None:
    first: dict[Any, int] = {}
    for index, value in enumerate(values):
        if value in first:
            problems.add(path, located.line(key, index, "id"),
                         f"the {label} '{value}' is used twice (first on line {located.line(key, first[value], 'id')}).")
        else:
            first[value] = index


def _check_indicators(path: Path, located: LocatedData, indicators: tuple[Indicator, ...], levels: set[int],
                      domains: tuple[Domain, ...], ages: set[str], problems: ProblemList) -> None:
    by_domain = {d.id: {s.id for s in d.subdomains} for d in domains}
    for index, indicator in enumerate(indicators):
        where = f"indicator '{indicator.id}'"
        if indicator.level not in levels:
            problems.add(path, located.line("indicators", index, "level"),
                         f"{where} has level {indicator.level}, which is not one of the levels ({', '.join(map(str, sorted(levels)))}).")
        if indicator.domain not in by_domain:
            problems.add(path, located.line("indicators", index, "domain"),
                         f"{where} has domain '{indicator.domain}', which is not defined (known: {', '.join(by_domain)}).")
        elif indicator.subdomain not in by_domain[indicator.domain]:
            problems.add(path, located.line("indicators", index, "subdomain"),
                         f"{where} has sub-domain '{indicator.subdomain}', which is not part of '{indicator.domain}'.")
        for age_index, age in enumerate(indicator.ages):
            if age not in ages:
                problems.add(path, located.line("indicators", index, "ages", age_index),
                             f"{where} has age group '{age}', which is not listed in age_groups.")


def comparable_text(thresholds: Thresholds | None) -> str:
    """The matrix as Markdown-like lines, so comparisons between versions show changed indicators too."""
    if thresholds is None:
        return ""
    lines = ["", "## Levels and responses", ""]
    for level in thresholds.levels:
        contacts = "; ".join(", ".join(filter(None, (c.name, c.phone, c.email, c.hours))) for c in level.contacts)
        lines += [f"### Level {level.id}: {level.title}", "", f"{level.summary} What to do: {level.what_to_do} "
                  f"Contacts: {contacts}.", ""]
    lines += ["## Indicators", ""]
    for indicator in thresholds.indicators:
        lines += [f"### Indicator {indicator.id}", "",
                  f"Level {indicator.level}, {indicator.domain}/{indicator.subdomain}: {indicator.text}", ""]
    return "\n".join(lines)
