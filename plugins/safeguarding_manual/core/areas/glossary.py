"""An area's glossary: the regional terms plus the area's additions from ``areas/<area>/glossary.yml``.

An area may add terms. It may redefine a regional term only by saying so (``local_override: true``
on its entry); the glossary page then labels the definition as local. Any other clash, a term or
one of its written forms that is already the region's, stops the build naming both files, because a
link in a regional chapter would otherwise lead to a definition nobody chose.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..glossary.entries import Glossary, Term, load_glossary
from ..glossary.matcher import form_key
from ..reading.problems import ProblemList
from .settings import Area


def site_glossary(regional_file: Path, area: Area | None, problems: ProblemList) -> Glossary:
    """The glossary a site links to: the region's, with the area's additions when building an area."""
    regional = load_glossary(regional_file, problems)
    for term in regional.terms:
        if term.local_override:
            problems.add(regional_file, term.line, f"entry '{term.term}': 'local_override' belongs in an area's "
                                                   "glossary (areas/<area>/glossary.yml); remove it here.")
    if area is None or not area.glossary_file.exists():
        return regional
    local = load_glossary(area.glossary_file, problems)
    return Glossary(_merge(regional, regional_file, local, area, problems))


def _merge(regional: Glossary, regional_file: Path, local: Glossary, area: Area,
           problems: ProblemList) -> list[Term]:
    overridden = {term.term for term in local.terms if term.local_override}
    for term in local.terms:
        if term.local_override and regional.by_term(term.term) is None:
            problems.add(area.glossary_file, term.line,
                         f"entry '{term.term}': 'local_override: true' redefines a regional term, but "
                         f"{problems.display_path(regional_file)} has no term '{term.term}'. Write the term exactly "
                         "as the regional glossary does, or remove 'local_override' to add a new term.")
    claimed = {form_key(form): term for term in regional.terms if term.term not in overridden
               for form, _ in term.surface_forms()}
    for term in local.terms:
        clash = next((claimed[key] for form, _ in term.surface_forms() if (key := form_key(form)) in claimed), None)
        if clash is not None:
            hint = ("add 'local_override: true' to this entry, with the term written exactly as there"
                    if clash.term == term.term or not term.local_override else "remove that form from this entry")
            problems.add(area.glossary_file, term.line,
                         f"entry '{term.term}' clashes with the regional term '{clash.term}' "
                         f"({problems.display_path(regional_file)}, line {clash.line}): links to it would go to "
                         f"another definition. An area redefines a regional term only explicitly: {hint}; "
                         "otherwise choose another term.")
    kept = [term for term in regional.terms if term.term not in overridden]
    return kept + [replace(term, area=area.name) for term in local.terms]
