"""The glossary page: an A-Z of terms with definitions, see-also links and "Used in" backlinks."""

from __future__ import annotations

import re
import urllib.parse
from itertools import groupby

from ..safe_html.escape import escape
from ..urls import relative_url
from .entries import Glossary, Term, definition_html

GLOSSARY_SRC_URI = "glossary/index.md"
PAGE_URL = "glossary/"


def used_in_marker(term: Term) -> str:
    return f"<!-- used-in:{term.anchor} -->"


#: Every marker ``used_in_marker`` writes (term anchors hold no spaces or angle brackets).
USED_IN_MARKER = re.compile(r"<!-- used-in:[^ <>]+ -->")


def glossary_markdown(glossary: Glossary) -> str:
    """The page source: the backlinks are filled in once every chapter has been rendered."""
    terms = glossary.sorted_terms()
    letters = [letter for letter, _ in groupby(terms, key=lambda t: t.letter)]
    index = "".join(f'<li><a href="#letter-{letter.lower()}">{letter}</a></li>' for letter in letters)
    sections = []
    for letter, group in groupby(terms, key=lambda t: t.letter):
        entries = "".join(_entry(term, glossary) for term in group)
        sections.append(f'<h2 id="letter-{letter.lower()}">{letter}</h2>\n<dl class="glossary">{entries}</dl>')
    return (
        # Search finds each term at the term (entries of its own); the page as a whole would outrank them.
        "---\nsearch:\n  exclude: true\n---\n\n"
        "# Glossary\n\n"
        "<p>Definitions of key terms used in these procedures. Terms are linked from the chapters where they are used.</p>\n\n"
        f'<nav class="glossary-az" aria-label="Glossary A to Z"><ul>{index}</ul></nav>\n\n'
        + "\n\n".join(sections) + "\n"
    )


def _entry(term: Term, glossary: Glossary) -> str:
    details = []
    if term.area:
        replaced = " It replaces the regional definition on this site." if term.local_override else ""
        details.append(f'<p class="local-label">Local definition: {escape(term.area)}.{replaced}</p>')
    if term.abbreviation:
        details.append(f"<p><strong>Abbreviation:</strong> {escape(term.abbreviation)}</p>")
    if term.other_names:
        details.append(f"<p><strong>Also written:</strong> {escape(', '.join(term.other_names))}</p>")
    if term.source:
        details.append(f"<p><strong>Source:</strong> {escape(term.source)}</p>")
    if term.see_also:
        links = ", ".join(
            f'<a href="#{other.anchor}">{escape(other.term)}</a>'
            for other in (glossary.by_term(name) for name in term.see_also) if other
        )
        details.append(f"<p><strong>See also:</strong> {links}</p>")
    return (
        f'<dt id="{term.anchor}">{escape(term.term)}</dt>'
        f'<dd>{definition_html(term)}{"".join(details)}{used_in_marker(term)}</dd>'
    )


#: How many chapters a term's "Used in" line names. A term that is also an everyday word ("child", "plan")
#: is used in nearly every chapter: hundreds of links help no reader, and at 1,000 chapters they made the
#: glossary page 13 MB. Past this many, the line says how many more and offers a search for the term.
USED_IN_SHOWN = 20


def used_in_html(links: list[tuple[str, str]], term: str) -> str:
    """``links`` are (site URL, chapter display title) pairs, by address; ``term`` is the term's name."""
    if not links:
        return '<p class="used-in"><strong>Used in:</strong> not yet used in a chapter.</p>'
    items = ", ".join(
        f'<a href="{escape(relative_url(PAGE_URL, url))}">{escape(title)}</a>' for url, title in links[:USED_IN_SHOWN]
    )
    more = len(links) - USED_IN_SHOWN
    if more > 0:
        search = "?" + urllib.parse.urlencode({"q": term})  # the theme opens its search on ?q=
        chapters = "chapter" if more == 1 else "chapters"
        items += (f' and {more} more {chapters} (<a href="{escape(search)}">search for '
                  f'\u201c{escape(term)}\u201d</a>)')
    return f'<p class="used-in"><strong>Used in:</strong> {items}</p>'
