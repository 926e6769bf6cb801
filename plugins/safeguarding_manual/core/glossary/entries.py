"""The glossary: terms defined once in ``glossary.yml``, validated with file and line."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..reading.problems import ContentError, ProblemList
from ..reading.schema import FieldSpec, shown, validate_fields
from ..reading.text_files import read_text
from ..reading.yaml_lines import LocatedData, load_yaml
from ..safe_html.short_markdown import short_markdown_html, short_markdown_problems
from .matcher import form_key, inflections, is_word, normalise, slug, tokens

ENTRY_FIELDS = (
    FieldSpec("term", "string", "The term as it is usually written, e.g. Local Safeguarding Children Partnership.",
              required=True, one_line=True),
    FieldSpec("definition", "string", "What it means, in plain English (Markdown).", required=True),
    FieldSpec("abbreviation", "string", "Its abbreviation, e.g. LSCP; always matched case-sensitively.", one_line=True),
    FieldSpec("aliases", "list", "Other spellings, plurals, possessives and older names that should link too.",
              items=FieldSpec("alias", "string", "Another form of the term.", one_line=True)),
    FieldSpec("see_also", "list", "Related terms, by their 'term'.",
              items=FieldSpec("term", "string", "A term defined in this glossary.", one_line=True)),
    FieldSpec("source", "string", "The statute or guidance that defines it."),
    FieldSpec("case_sensitive", "boolean", "Match the term and aliases only with the exact capitals written here."),
    FieldSpec("local_override", "boolean", "In an area's glossary (areas/<area>/glossary.yml) only: true when this "
              "entry redefines, on the area's site, the regional term of the same name."),
)
GLOSSARY_FIELDS = (
    FieldSpec("terms", "list", "The glossary entries.", required=True,
              items=FieldSpec("entry", "object", "One term.", properties=ENTRY_FIELDS)),
)


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    abbreviation: str | None = None
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    source: str | None = None
    case_sensitive: bool = False
    line: int = 0
    #: The area whose glossary defines the term (None: the regional glossary).
    area: str | None = None
    local_override: bool = False

    @property
    def anchor(self) -> str:
        """A stable, readable fragment on the glossary page, derived from the term in any script."""
        text = slug(self.term)
        if not text:  # no letters or digits at all: a short, stable stand-in
            text = hashlib.sha256(self.term.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return "term-" + text

    @property
    def letter(self) -> str:
        first = normalise(self.term)[:1].upper()
        return first if first.isalpha() else "#"

    @property
    def other_names(self) -> list[str]:
        """Aliases a reader should see: not the plurals, possessives or spellings the matcher finds anyway."""
        found_anyway: set[str] = set()
        shown: list[str] = []

        def covers(base: str) -> None:
            words = tokens(base)
            found_anyway.add(form_key(base))
            found_anyway.update(form_key(" ".join([*words[:-1], last])) for last in inflections(words[-1]))

        for base in [self.term, *([self.abbreviation] if self.abbreviation else [])]:
            covers(base)
        for alias in self.aliases:
            if form_key(alias) not in found_anyway:
                shown.append(alias)
                covers(alias)
        return shown

    def surface_forms(self) -> list[tuple[str, bool]]:
        """Every written form that should link, with whether it must match case exactly."""
        forms = [(self.term, self.case_sensitive)]
        forms += [(alias, self.case_sensitive or _looks_like_abbreviation(alias)) for alias in self.aliases]
        if self.abbreviation:
            forms.append((self.abbreviation, True))
        return forms


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)

    def by_term(self, name: str) -> Term | None:
        return next((t for t in self.terms if t.term == name), None)

    def anchors(self) -> set[str]:
        """Every fragment of the glossary page a chapter may link to: each term and each letter."""
        return {term.anchor for term in self.terms} | {f"letter-{term.letter.lower()}" for term in self.terms}

    def sorted_terms(self) -> list[Term]:
        return sorted(self.terms, key=lambda t: normalise(t.term).casefold())


def _looks_like_abbreviation(text: str) -> bool:
    """``LSCP``, ``s47`` or ``CP2``: short forms that must not match ordinary words."""
    return bool(re.fullmatch(r"[A-Za-z]{0,2}[0-9]+[A-Za-z]?|[A-Z][A-Z0-9&]+s?", text))


def load_glossary(path: Path, problems: ProblemList | None = None) -> Glossary:
    """Read and validate ``glossary.yml``; raise :class:`ContentError` listing every problem."""
    own = problems if problems is not None else ProblemList(path.parent)
    glossary = _read(path, own)
    if problems is None and own:
        raise ContentError(own.sorted())
    return glossary


def _read(path: Path, problems: ProblemList) -> Glossary:
    if not path.exists():
        problems.add(path, None, "the glossary file is missing; create it with a 'terms:' list.")
        return Glossary()
    text = read_text(path, problems)
    if text is None:
        return Glossary()
    known = _READ.get((str(path), text))
    if known is not None:
        return known
    before_reading = len(problems)
    glossary = _read_text(path, text, problems)
    if len(problems) == before_reading:  # only a clean glossary is kept: a faulty one reports every time
        if len(_READ) >= 4:  # a file or two (an area adds its own): each rebuild while serving reads the same text
            _READ.clear()
        _READ[(str(path), text)] = glossary
    return glossary


#: (path, text) -> the glossary read from it, without problems; terms are frozen, so sharing them is safe.
_READ: dict[tuple[str, str], Glossary] = {}


def _read_text(path: Path, text: str, problems: ProblemList) -> Glossary:
    located = load_yaml(text, path, 1, problems)
    if located is None:
        return Glossary()
    before = len(problems)
    validate_fields(located.data, located, GLOSSARY_FIELDS,
                    lambda line, msg: problems.add(path, line, _name_entry(located, line, msg)))
    if len(problems) > before:
        return Glossary()
    terms = [
        Term(
            term=entry["term"].strip(), definition=entry["definition"].strip(),
            abbreviation=(entry.get("abbreviation") or "").strip() or None,
            aliases=tuple(a.strip() for a in entry.get("aliases") or ()),
            see_also=tuple(s.strip() for s in entry.get("see_also") or ()),
            source=entry.get("source"), case_sensitive=bool(entry.get("case_sensitive", False)),
            line=located.line("terms", index), local_override=bool(entry.get("local_override", False)),
        )
        for index, entry in enumerate(located.data["terms"])
    ]
    _check_forms(path, terms, problems)
    _check_claims(path, terms, problems)
    for index, term in enumerate(terms):
        for message in short_markdown_problems(term.definition):
            problems.add(path, located.line("terms", index, "definition"),
                         f"entry '{term.term}': in the definition, {message}")
    return Glossary(terms)


def _name_entry(located: LocatedData, line: int, message: str) -> str:
    """Prefix a message with the term of the entry it is in, so editors find it by name as well as line."""
    entries = located.data.get("terms") if isinstance(located.data, dict) else None
    if not isinstance(entries, list):
        return message
    name = None
    for index, entry in enumerate(entries):
        if located.line("terms", index) <= line and isinstance(entry, dict) and isinstance(entry.get("term"), str):
            name = entry["term"]
        elif located.line("terms", index) > line:
            break
    return f"entry '{shown(name)}': {message}" if name else message


#: Words so common that a glossary form made of one of them would link ordinary prose.
COMMON_WORDS = frozenset("""
a about above after again all also am an and any are as at be because been before being below between both but by
can could did do does done down during each either few for from further had has have he her here hers him his how i
if in into is it its just may me might more most must my no nor not now of off on once one only or other our ours out
over own same shall she should so some such than that the their them then there these they this those through to too
two under until up upon us very was we were what when where which while who whom whose why will with within without
would yes yet you your see note per via etc ie eg nb new old
""".split())


def _check_forms(path: Path, terms: list[Term], problems: ProblemList) -> None:
    """Forms that could never link, or that would link ordinary words, are refused rather than ignored."""
    for term in terms:
        kinds = {term.term: "term", **{a: "alias" for a in term.aliases}}
        kinds.update({term.abbreviation: "abbreviation"} if term.abbreviation else {})
        for form, case_sensitive in term.surface_forms():
            kind, words = kinds[form], [t for t in tokens(form) if is_word(t)]
            capitals = case_sensitive and len(words) == 1 and len(words[0]) > 1 and not words[0].islower()
            if not words:
                problems.add(path, term.line, f"the {kind} '{shown(form)}' in the entry '{shown(term.term)}' has no "
                                              "letters or digits, so it could never be linked; write it in words.")
            elif len(words) == 1 and (len(words[0]) == 1 or words[0].casefold() in COMMON_WORDS) and not capitals:
                problems.add(path, term.line, f"the {kind} '{shown(form)}' in the entry '{shown(term.term)}' would "
                                              f"link the ordinary word '{words[0]}' wherever it appears; use a "
                                              "longer phrase (for example the term in full).")


def _check_claims(path: Path, terms: list[Term], problems: ProblemList) -> None:
    """A written form may belong to one entry only, or a link could go to the wrong definition."""
    claimed: dict[str, Term] = {}
    anchors: dict[str, Term] = {}
    names = {t.term for t in terms}
    for term in terms:
        forms = [term.term, *term.aliases] + ([term.abbreviation] if term.abbreviation else [])
        for form in dict.fromkeys(forms):
            key = form_key(form)
            owner = claimed.get(key)
            if owner is None:
                claimed[key] = term
            elif owner is term:
                continue
            elif owner.term == term.term:
                problems.add(path, term.line, f"the term '{term.term}' is defined twice (first on line {owner.line}).")
            else:
                problems.add(path, term.line, f"'{form}' in the entry '{term.term}' is already claimed by the entry "
                                              f"'{owner.term}' (line {owner.line}); a form can belong to one entry only.")
        anchor_owner = anchors.setdefault(term.anchor, term)
        if anchor_owner is not term and anchor_owner.term != term.term:
            problems.add(path, term.line, f"the entry '{term.term}' would have the same link anchor as '{anchor_owner.term}' "
                                          f"(line {anchor_owner.line}); the two differ only in punctuation or capitals. "
                                          "Merge them, or make one an alias of the other.")
        for other in term.see_also:
            if other not in names:
                close = difflib.get_close_matches(other, sorted(names), n=1, cutoff=0.6)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                problems.add(path, term.line, f"the entry '{term.term}' has see_also '{other}', which is not a term "
                                              f"in the glossary.{hint}")


def definition_html(term: Term) -> str:
    """The definition as HTML: Markdown, with any raw HTML shown as text (see ``safe_html``)."""
    return short_markdown_html(term.definition)


def definition_text(term: Term, limit: int = 280) -> str:
    """The definition as plain text for the tooltip."""
    text = re.sub(r"<[^>]+>", "", definition_html(term))
    text = " ".join(text.replace("&amp;", "&").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
