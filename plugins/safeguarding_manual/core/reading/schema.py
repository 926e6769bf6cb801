"""The declared shape of chapter front matter, used for validation and JSON Schema.

One table of fields drives both the build's validation messages and the JSON
Schema published for editors' YAML tooling, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from pathlib import Path

from .problems import ProblemList
from .text_files import read_text
from .yaml_lines import LocatedData, load_yaml

CHAPTER_ID_PATTERN = r"^[A-Z]{1,5}[0-9]{1,4}[A-Z]?(\([A-Z0-9]{1,4}\))?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
STATUSES = ("current", "under-review", "draft", "withdrawn")
#: No chapter is amended a thousand times; a larger number is a typing mistake (or an attempt to stall the build).
MAX_VERSION = 999
#: Characters that no field may hold: controls (a newline is allowed in prose fields) and the
#: bidirectional overrides that make text read differently from how it is stored, and the halves of
#: surrogate pairs (YAML's "\\ud800" escapes) which are not characters at all.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@dataclass(frozen=True)
class FieldSpec:
    """One front matter field: its type, whether it is required, and help for editors."""

    name: str
    kind: str  # "string", "integer", "date", "boolean", "list", "object"
    description: str
    required: bool = False
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    minimum: int | None = None
    #: Numbers have an upper bound too: a version of 10**12 must not make the build loop for hours.
    maximum: int | None = None
    #: Names, titles and identifiers are one line; prose fields may run over several.
    one_line: bool = False
    items: "FieldSpec | None" = None
    properties: tuple["FieldSpec", ...] = field(default_factory=tuple)
    example: str | None = None


#: ``3.21 -> 3.22`` or ``3.5 -> removed`` (spaces optional).
RENUMBERED_PATTERN = r"^\s*[0-9]+\.[0-9]+\s*->\s*(?:[0-9]+\.[0-9]+|removed)\s*$"

AMENDMENT_FIELDS = (
    FieldSpec("date", "date", "The date the change was published (YYYY-MM-DD).", required=True),
    FieldSpec("summary", "string", "What changed, in a sentence or two, for practitioners.", required=True),
    FieldSpec("version", "integer", "The chapter version this amendment produced.", minimum=1,
              maximum=MAX_VERSION),
    FieldSpec("release", "string", "The release it belongs to, as named in procedures/manual.yml (e.g. 2023-12).",
              pattern=r"^[0-9]{4}-[0-9]{2}$"),
    FieldSpec("paragraphs", "list", "Sections or paragraphs affected, e.g. ['3', '3.21'].",
              items=FieldSpec("paragraph", "string", "A section or paragraph number.", pattern=r"^[0-9]+(\.[0-9]+)?$")),
    FieldSpec("renumbered", "list", "Where the paragraphs of the version before went when this version changed "
              "their numbers, e.g. ['3.21 -> 3.22', '3.5 -> removed'].",
              items=FieldSpec("move", "string", "An old paragraph number, '->', and its new number or 'removed'.",
                              pattern=RENUMBERED_PATTERN, example="3.21 -> 3.22")),
)

CHAPTER_FIELDS = (
    FieldSpec("id", "string", "The chapter ID shown before the title, e.g. PA5 or CP2(A). It may change; the URL does not.",
              required=True, pattern=CHAPTER_ID_PATTERN, example="PA5"),
    FieldSpec("title", "string", "The chapter title without its ID.", required=True, one_line=True),
    FieldSpec("part", "string", "The ID of the part the chapter belongs to, as listed in procedures/manual.yml (e.g. CP, PA, PG).",
              required=True, pattern=r"^[A-Z]{1,5}$"),
    FieldSpec("version", "integer", "The version number, starting at 1 and raised by one at each amendment.",
              required=True, minimum=1, maximum=MAX_VERSION),
    FieldSpec("status", "string", "current, under-review, draft (not published) or withdrawn.",
              required=True, enum=STATUSES),
    FieldSpec("last_updated", "date", "The date of the latest change (YYYY-MM-DD).", required=True),
    FieldSpec("review_due", "date", "When the owner must next review the chapter (YYYY-MM-DD).", required=True),
    FieldSpec("owner", "string", "The subgroup responsible for the chapter.", required=True, one_line=True),
    FieldSpec("amendments", "list", "Dated amendment entries, oldest first.", required=True,
              items=FieldSpec("amendment", "object", "One amendment.", properties=AMENDMENT_FIELDS)),
    FieldSpec("related", "list", "IDs of related chapters.",
              items=FieldSpec("chapter id", "string", "A chapter ID.", pattern=CHAPTER_ID_PATTERN)),
    FieldSpec("review_started", "date", "For chapters under review: the date the review began."),
    FieldSpec("review_note", "string", "For chapters under review: a note from the editors shown in the banner."),
    FieldSpec("withdrawn_note", "string", "For withdrawn chapters: why, and what to follow instead."),
    FieldSpec("redirect_from", "list", "Old URLs of this chapter (paths such as core/old-name/) that must keep working.",
              items=FieldSpec("path", "string", "A site path.", pattern=r"^[a-z0-9][a-z0-9/_.-]*$")),
    FieldSpec("glossary_links", "boolean", "Set to false to stop glossary terms being linked in this chapter."),
    FieldSpec("summary", "string", "A one-sentence description used by search engines and the contents page."),
    FieldSpec("versions_kept_from", "integer", "For a chapter with a history before this manual: the first version "
              "kept here (earlier versions were never digitised). Needs 'imported'.", minimum=1, maximum=MAX_VERSION),
    FieldSpec("imported", "date", "The date the chapter, with its earlier history, came into this manual."),
    FieldSpec("local_override", "boolean", "In an area's own chapters (areas/<area>/procedures/) only: true when "
              "this chapter replaces, on the area's site, the regional chapter with the same ID and path."),
)


def parse_date(value: Any) -> dt.date | None:
    """A real calendar date from ``YYYY-MM-DD``, or None."""
    if not isinstance(value, str) or not re.match(DATE_PATTERN, value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def read_settings_file(path: Path, specs: tuple[FieldSpec, ...], problems: ProblemList) -> LocatedData | None:
    """A YAML settings file (``manual.yml``, an area's ``area.yml``) read and checked field by field.

    None when it cannot be used; every problem is in ``problems`` with its line.
    """
    text = read_text(path, problems)
    located = load_yaml(text, path, 1, problems) if text is not None else None
    if located is None:
        return None
    before = len(problems)
    validate_fields(located.data, located, specs, lambda line, message: problems.add(path, line, message))
    return located if len(problems) == before else None


def validate_fields(
    data: Any,
    located: LocatedData,
    specs: tuple[FieldSpec, ...],
    report: Callable[[int, str], None],
    path: tuple[str | int, ...] = (),
    where: str = "",
) -> None:
    """Check ``data`` against ``specs`` and report every problem with its line."""
    if not isinstance(data, dict):
        report(located.line(*path), f"{where or 'the front matter'} must be a set of 'name: value' fields.")
        return
    known = {spec.name for spec in specs}
    for key in data:
        if key not in known:
            suggestion = _closest(key, known)
            hint = f" Did you mean '{suggestion}'?" if suggestion else f" Known fields: {', '.join(sorted(known))}."
            report(located.line(*path, key), f"unknown field '{where}{key}'.{hint}")
    for spec in specs:
        label = f"{where}{spec.name}"
        if spec.name not in data or data[spec.name] is None:
            if spec.required:
                report(located.line(*path), f"the required field '{label}' is missing.")
            continue
        _validate_value(data[spec.name], spec, located, report, path + (spec.name,), label)


def _validate_value(value: Any, spec: FieldSpec, located: LocatedData, report: Callable[[int, str], None],
                    path: tuple[str | int, ...], label: str) -> None:
    line = located.line(*path)
    if spec.kind == "string":
        if not isinstance(value, str) or isinstance(value, bool):
            report(line, f"'{label}' must be text, not {_describe(value)}.")
        elif not value.strip():
            report(line, f"'{label}' must not be empty.")
        elif FORBIDDEN_CHARACTERS.search(value):
            character = FORBIDDEN_CHARACTERS.search(value).group(0)  # type: ignore[union-attr]
            report(line, f"'{label}' contains an invisible control character (U+{ord(character):04X}); "
                         "retype the text without it.")
        elif "\n" in (value if spec.pattern or spec.enum else value.strip() if spec.one_line else ""):
            report(line, f"'{label}' must be on one line.")
        elif spec.enum and value not in spec.enum:
            report(line, f"'{label}' is '{shown(value)}'; it must be one of: {', '.join(spec.enum)}.")
        elif spec.pattern and not re.fullmatch(spec.pattern.removeprefix("^").removesuffix("$"), value):
            example = f" (for example {spec.example})" if spec.example else ""
            report(line, f"'{label}' is '{shown(value)}', which is not in the expected form{example}.")
    elif spec.kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            report(line, f"'{label}' must be a whole number, not {_describe(value)}.")
        elif spec.minimum is not None and value < spec.minimum:
            report(line, f"'{label}' must be at least {spec.minimum}.")
        elif spec.maximum is not None and value > spec.maximum:
            report(line, f"'{label}' is {value}; it can be at most {spec.maximum}.")
    elif spec.kind == "boolean":
        if not isinstance(value, bool):
            report(line, f"'{label}' must be true or false, not {_describe(value)}.")
    elif spec.kind == "date":
        if parse_date(value) is None:
            if isinstance(value, str) and re.match(DATE_PATTERN, value):
                report(line, f"'{label}' is '{value}', which is not a real date.")
            else:
                report(line, f"'{label}' must be a date written YYYY-MM-DD, not {_describe(value)}.")
    elif spec.kind == "object":
        validate_fields(value, located, spec.properties, report, path, f"{label}.")
    elif spec.kind == "list":
        if not isinstance(value, list):
            report(line, f"'{label}' must be a list (one '- item' per line), not {_describe(value)}.")
            return
        assert spec.items is not None
        for index, item in enumerate(value):
            item_label = f"{label}[{index + 1}]"
            if spec.items.kind == "object":
                validate_fields(item, located, spec.items.properties, report, path + (index,), f"{item_label}.")
            else:
                _validate_value(item, spec.items, located, report, path + (index,), item_label)


def shown(value: str, limit: int = 60) -> str:
    """A value quoted in a message: control characters made visible, long values cut."""
    visible = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in value)
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"'{value}'"


def _closest(key: str, known: set[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
    return matches[0] if matches else None


def json_schema(specs: tuple[FieldSpec, ...] = CHAPTER_FIELDS, *, title: str = "Chapter front matter") -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for the front matter, for editors' YAML tooling."""
    schema = _object_schema(specs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}


def _object_schema(specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [spec.name for spec in specs if spec.required],
        "properties": {spec.name: _field_schema(spec) for spec in specs},
    }


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    result: dict[str, Any] = {"description": spec.description}
    if spec.kind == "date":
        result.update(type="string", format="date", pattern=DATE_PATTERN)
    elif spec.kind == "object":
        result.update(_object_schema(spec.properties))
    elif spec.kind == "list":
        assert spec.items is not None
        result.update(type="array", items=_field_schema(spec.items))
    else:
        result["type"] = spec.kind
    if spec.maximum is not None:
        result["maximum"] = spec.maximum
    if spec.pattern:
        result["pattern"] = spec.pattern
    if spec.enum:
        result["enum"] = list(spec.enum)
    if spec.minimum is not None:
        result["minimum"] = spec.minimum
    return result
