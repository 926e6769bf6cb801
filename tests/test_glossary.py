"""Glossary linking rules, the glossary page and its validation (issue: glossary)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Build, copy_fixture, run_mkdocs_build, search_docs

GLOSSARY = """\
terms:
  - term: Local Safeguarding Children Partnership
    abbreviation: LSCP
    aliases: [LSCPs, LSCP's, Local Safeguarding Children Partnerships]
    definition: The **local** arrangement for keeping children safe.
    see_also: [Safeguarding]
    source: Children Act 2004
  - term: Safeguarding
    definition: Protecting children from harm.
  - term: child in need
    aliases: [children in need]
    definition: A child who needs services to reach a reasonable standard of health.
  - term: Cafcass
    case_sensitive: true
    definition: The service that represents children in family courts.
  - term: Jugendamt
    aliases: [Jugendämter]
    definition: A German youth welfare office.
  - term: early help
    definition: Support as soon as a problem emerges.
  - term: Ofsted
    definition: The inspectorate.
"""

GAMMA = """\
---
id: CP2
title: Gamma Rules
part: CP
version: 1
status: current
last_updated: 2025-06-02
review_due: 2026-06-02
owner: Gamma Subgroup
amendments: []
---

## 1. Safeguarding in a heading is not linked

**1.1** Local Safeguarding Children Partnership comes first in this paragraph.

**1.2** Later, LSCP appears again and Safeguarding stands alone.

**1.3** The word lscp in lower case is not the abbreviation; neither is Childinneed or earlyhelp.

**1.4** Punctuation: (children in need), then `Cafcass in code`, then [Ofsted link](../partnership/beta.md) and
![early help](pic.png) in alt text, and <span class="no-glossary">early help</span> opted out.

- In a list: Cafcass.

| Column |
| ------ |
| Cafcass again, early help in a table |

**1.5** Non-ASCII: die Jugendämter arbeiten mit. The paragraph ends with early help

## 2. Second section

**2.1** Safeguarding again in a new section.
"""

OPTED_OUT = """\
---
id: CP3
title: No Links Here
part: CP
version: 1
status: current
last_updated: 2025-06-02
review_due: 2026-06-02
owner: Gamma Subgroup
glossary_links: false
amendments: []
---

## 1. Section

**1.1** Safeguarding and LSCP and early help are not linked here.
"""


def _project(tmp_path: Path, link_first: str = "page") -> Path:
    project = copy_fixture("small", tmp_path)
    (project / "glossary.yml").write_text(GLOSSARY)
    (project / "procedures/core/gamma.md").write_text(GAMMA)
    (project / "procedures/core/opted-out.md").write_text(OPTED_OUT)
    (project / "procedures/core/pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    if link_first != "page":
        config = (project / "mkdocs.yml").read_text().replace("  - glossary\n", f"  - glossary:\n      link_first: {link_first}\n")
        (project / "mkdocs.yml").write_text(config)
    return project


@pytest.fixture(scope="module")
def glossary_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_mkdocs_build(_project(tmp_path_factory.mktemp("glossary")))
    assert build.returncode == 0, build.output
    return build


def _links(page: BeautifulSoup) -> list[tuple[str, str]]:
    return [(a.get_text(), a["href"].split("#")[1]) for a in page.select("article a.glossary-term")]


def _paragraph_links(build: Build, number: str) -> list[str]:
    block = build.page("core/gamma/").select_one(f'div.numbered-paragraph[id="{number}"]')
    return [a.get_text() for a in block.select("a.glossary-term")]


def test_longest_match_wins_and_first_occurrence_per_page(glossary_build: Build) -> None:
    links = _links(glossary_build.page("core/gamma/"))
    texts = [text for text, _ in links]
    assert texts[0] == "Local Safeguarding Children Partnership"
    assert ("Local Safeguarding Children Partnership", "term-local-safeguarding-children-partnership") in links
    assert texts.count("LSCP") == 0  # the abbreviation is the same entry, already linked on this page
    assert "Safeguarding" in _paragraph_links(glossary_build, "1.2")  # first stand-alone use
    assert _paragraph_links(glossary_build, "2.1") == []  # first per page: not again


def test_terms_in_headings_are_not_linked(glossary_build: Build) -> None:
    for heading in glossary_build.page("core/gamma/").select("article h1, article h2, article h3"):
        assert heading.select("a.glossary-term") == []


def test_abbreviations_are_case_sensitive_and_whole_words_only(glossary_build: Build) -> None:
    assert _paragraph_links(glossary_build, "1.3") == []


def test_punctuation_code_links_alt_text_and_opt_out(glossary_build: Build) -> None:
    block = glossary_build.page("core/gamma/").select_one('div.numbered-paragraph[id="1.4"]')
    # Code and opted-out text are skipped, so the first linked Cafcass is the list's, early help the table's.
    assert [a.get_text() for a in block.select("a.glossary-term")] == ["children in need", "Cafcass", "early help"]
    assert block.find("code").get_text() == "Cafcass in code"
    assert block.find("code").find("a") is None
    assert "glossary-term" not in (block.find("a", string="Ofsted link").get("class") or [])
    assert block.find("img")["alt"] == "early help"
    assert block.select_one("span.no-glossary").get_text() == "early help"
    assert block.select_one("span.no-glossary").find("a") is None
    assert [a.get_text() for a in block.find("li").select("a.glossary-term")] == ["Cafcass"]


def test_terms_in_tables_and_at_paragraph_end_and_non_ascii(glossary_build: Build) -> None:
    page = glossary_build.page("core/gamma/")
    cell = page.select_one("table td")
    assert [a.get_text() for a in cell.select("a.glossary-term")] == ["early help"]
    assert _paragraph_links(glossary_build, "1.5") == ["Jugendämter"]


def test_tooltip_is_plain_text_definition_for_hover_focus_and_screen_readers(glossary_build: Build) -> None:
    link = glossary_build.page("core/gamma/").select_one("a.glossary-term")
    assert link["title"] == "The local arrangement for keeping children safe."
    assert link["href"].startswith("../../glossary/#term-")
    assert link.name == "a"  # focusable: the tooltip also shows on keyboard focus


def test_chapter_can_opt_out(glossary_build: Build) -> None:
    assert glossary_build.page("core/opted-out/").select("a.glossary-term") == []


def test_glossary_page_is_not_linked_and_lists_everything(glossary_build: Build) -> None:
    page = glossary_build.page("glossary/")
    assert page.select("a.glossary-term") == []
    letters = [a.get_text() for a in page.select("nav.glossary-az a")]
    assert letters == sorted(letters) and "L" in letters and "S" in letters
    entry = page.find("dt", id="term-local-safeguarding-children-partnership")
    definition = entry.find_next_sibling("dd")
    text = definition.get_text(" ", strip=True)
    assert definition.find("strong").get_text() == "local"
    assert "Abbreviation: LSCP" in text and "Source: Children Act 2004" in text
    assert "Also written" not in text  # its aliases are plurals and possessives, linked anyway
    assert definition.find("a", string="Safeguarding")["href"] == "#term-safeguarding"
    used_in = {a.get_text() for a in definition.select(".used-in a")}
    assert used_in == {"CP1. Alpha Procedure", "CP2. Gamma Rules"}
    assert "CP3. No Links Here" not in used_in


def test_a_term_used_in_many_chapters_names_twenty_and_offers_a_search(tmp_path: Path) -> None:
    project = _project(tmp_path)
    for number in range(10, 35):
        chapter = OPTED_OUT.replace("id: CP3", f"id: CP{number}").replace("title: No Links Here", f"title: Many {number}")
        (project / f"procedures/core/many-{number}.md").write_text(chapter.replace("glossary_links: false\n", ""))
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    definition = build.page("glossary/").find("dt", id="term-safeguarding").find_next_sibling("dd")
    used_in = definition.select_one(".used-in")
    chapters = [a for a in used_in.select("a") if not a["href"].startswith("?")]
    assert len(chapters) == 20
    assert all(build.page(a["href"].removeprefix("../")).select_one("a.glossary-term[href$='#term-safeguarding']")
               for a in chapters)
    [search] = [a for a in used_in.select("a") if a["href"].startswith("?")]
    assert search["href"] == "?q=Safeguarding" and search.get_text() == "search for \u201cSafeguarding\u201d"
    assert "and 7 more chapters" in used_in.get_text(" ", strip=True)  # CP1, CP2 and 25 more use it: 27 in all


def test_first_per_section_setting(tmp_path: Path) -> None:
    build = run_mkdocs_build(_project(tmp_path, link_first="section"))
    assert build.returncode == 0, build.output
    assert _paragraph_links(build, "2.1") == ["Safeguarding"]


def test_glossary_terms_are_in_the_search_index(glossary_build: Build) -> None:
    glossary_docs = {d["location"]: d for d in search_docs(glossary_build.site) if d["location"].startswith("glossary/")}
    # One result per term, at the term: the page itself is not a result, so it cannot outrank them.
    assert glossary_docs["glossary/?at=term-jugendamt"]["title"] == "Jugendamt"
    assert "youth welfare office" in glossary_docs["glossary/?at=term-jugendamt"]["text"]
    assert "glossary/" not in glossary_docs and not any("#letter-" in location for location in glossary_docs)


@pytest.mark.parametrize("glossary, message", [
    ("terms:\n  - term: A\n    definition: x\n  - term: A\n    definition: y\n", "glossary.yml:4: the term 'A' is defined twice"),
    ("terms:\n  - term: A\n    abbreviation: AB\n    definition: x\n  - term: B\n    aliases: [AB]\n    definition: y\n",
     "glossary.yml:5: 'AB' in the entry 'B' is already claimed by the entry 'A'"),
    ("terms:\n  - term: A\n    definition: ''\n", "glossary.yml:3: entry 'A': 'terms[1].definition' must not be empty"),
    ("terms:\n  - term: A\n    definition: x\n    see_also: [Nope]\n", "glossary.yml:2: the entry 'A' has see_also 'Nope'"),
    ("terms:\n  - term: A\n    definitoin: x\n", "glossary.yml:3: entry 'A': unknown field 'terms[1].definitoin'. Did you mean 'definition'?"),
    ("terms:\n  - term: A\n    definition: x\n    case_sensitive: maybe\n", "glossary.yml:4: entry 'A': 'terms[1].case_sensitive' must be true or false"),
])
def test_glossary_validation_errors_fail_the_strict_build(tmp_path: Path, glossary: str, message: str) -> None:
    project = copy_fixture("small", tmp_path)
    (project / "glossary.yml").write_text(glossary)
    build = run_mkdocs_build(project)
    assert build.returncode != 0
    assert message in build.output
    assert "Traceback" not in build.output
