"""Point in time (issue 15): every version at an address that keeps its text, citations, the manual on any
date, marks on changed paragraphs, and renumbering that never breaks a citation."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, Build, run_mkdocs_build, search_docs
from manual_on_dates import EXPECTED, view_rows
from safeguarding_manual.core.content import load_content
from safeguarding_manual.core.editing.chapters import amend
from safeguarding_manual.core.history.paragraphs import align
from safeguarding_manual.core.pages.on_a_date import view_html

PA1 = "partnership-arrangements/local-safeguarding-children-partnerships/"


def _paragraphs(build: Build, url: str) -> dict[str, str]:
    return {block["id"]: " ".join(block.select_one(".paragraph-body").get_text().split())
            for block in build.page(url).select("div.chapter-body div.numbered-paragraph")}


def test_the_current_version_has_a_permanent_address_with_the_same_text(example_build: Build) -> None:
    chapter = example_build.page(PA1)
    link = chapter.select_one(".chapter-details a.permanent-link")
    assert link["href"] == "versions/3/" and link.get_text() == "permanent link to this version"
    assert _paragraphs(example_build, f"{PA1}versions/3/") == _paragraphs(example_build, PA1)
    permanent = example_build.page(f"{PA1}versions/3/")
    assert permanent.select_one("#permanent-title").get_text() == "Version 3, in force from 2 June 2025"
    assert permanent.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    timeline = chapter.select_one("section#versions li strong a")
    assert timeline["href"] == "versions/3/"


def test_every_published_chapter_has_one_and_anchors_work_on_every_version_page(example_build: Build) -> None:
    for page in example_build.site.rglob("versions/*/index.html"):
        html = page.read_text("utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # the old address of a renamed chapter's version, sending readers on
        assert 'class="numbered-paragraph"' in html or "threshold" in html, page
    docs = search_docs(example_build.site)
    assert docs and not [d for d in docs if "/versions/" in d["location"]]  # out of search: the chapter answers
    images = example_build.page("partnership-arrangements/regulation-5-functions/versions/1/").select("figure img")
    assert images and images[0]["src"] == "../../../images/functions-cycle.svg"
    assert (example_build.site / "partnership-arrangements/images/functions-cycle.svg").exists()


def test_every_numbered_paragraph_can_be_cited_at_its_versions_permanent_address(example_build: Build) -> None:
    page = example_build.page(PA1)
    blocks = page.select("div.chapter-body div.numbered-paragraph")
    assert blocks and all(block.select_one("details.paragraph-cite p.citation") for block in blocks)
    citation = page.select_one('div.numbered-paragraph[id="2.4"] .citation').get_text()
    assert citation == ("Example Safeguarding Children Procedures, PA1 Local Safeguarding Children Partnerships, para 2.4 "
                        "(version 3, in force from 2 June 2025), https://procedures.example.org/"
                        f"{PA1}versions/3/#2.4")
    summary = page.select_one('div.numbered-paragraph[id="2.4"] summary').get_text()
    assert summary == "Cite paragraph 2.4"  # "Cite" shown, the number for screen readers
    old = example_build.page(f"{PA1}versions/1/").select_one('div.numbered-paragraph[id="1.1"] .citation').get_text()
    assert "para 1.1 (version 1, in force from 5 June 2023)" in old and old.endswith(f"{PA1}versions/1/#1.1")
    assert example_build.page(f"{PA1}changes/3/").select("details.paragraph-cite") == []
    for path in example_build.site.rglob("*.html"):
        assert '<div class="paragraph-cite"></div>' not in path.read_text("utf-8"), path
    docs = search_docs(example_build.site)
    chapter_docs = [d for d in docs if d["location"].startswith(PA1)]
    assert chapter_docs and not [d for d in chapter_docs if "in force from 2 June 2025), https" in d["text"]]


# -- the manual on a date ------------------------------------------------------------------------------

def test_the_date_page_has_a_get_form_and_a_link_for_every_release(example_build: Build) -> None:
    page = example_build.page("on-a-date/")
    assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == "The manual on a date"
    form = page.select_one("form.on-a-date-form")
    assert form["method"] == "get" and form["action"] == "./"
    field = form.select_one("input[name=date]")
    assert field["type"] == "date" and form.select_one(f'label[for="{field["id"]}"]') is not None
    assert form["data-history"] == "history.json" and (example_build.site / "on-a-date/history.json").exists()
    links = {a.get_text(strip=True): a["href"] for a in page.select("ul.release-list a")}
    assert links == {"1 June 2026": "2026-06/", "1 December 2025": "2025-12/", "2 June 2025": "2025-06/",
                     "2 December 2024": "2024-12/", "3 June 2024": "2024-06/"}
    for href in links.values():
        assert (example_build.site / "on-a-date" / href / "index.html").exists()
    # Reachable from the navigation and the home page; the form page is found by search, the per-release
    # views (the same chapters again) are not.
    assert page.select_one('nav.md-nav a[href="./"]') is not None
    assert example_build.page("").select_one('ul.entry-points a[href="on-a-date/"]') is not None
    docs = search_docs(example_build.site)
    assert any(d["location"] == "on-a-date/" for d in docs)
    assert not [d for d in docs if d["location"].startswith("on-a-date/20")]


def test_the_static_view_of_a_release_day_matches_the_hand_written_expectation(example_build: Build) -> None:
    page = example_build.page("on-a-date/2025-06/")
    assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == "The manual on 2 June 2025"
    assert view_rows(page) == EXPECTED[dt.date(2025, 6, 2)]
    links = {row.select_one("td").get_text(strip=True): [a["href"] for a in row.select("a")]
             for row in page.select("table.on-a-date-table tbody tr")}
    assert links["CP5"] == ["../../core-procedures/learning-reviews/versions/1/"]  # its permanent address
    assert links["PG4"] == ["../../practice-guidance/secure-email/versions/1/"]  # the last text in force
    assert links["CP4"] == [] and links["PG3"] == []  # nothing to read yet
    for hrefs in links.values():
        for href in hrefs:
            assert (example_build.site / "on-a-date/2025-06" / href / "index.html").resolve().exists(), href
    assert "Children Missing Education" not in page.get_text()  # a draft is never shown


@pytest.mark.parametrize("day", sorted(EXPECTED), ids=str)
def test_the_core_answers_the_three_days_as_written_by_hand(day: dt.date) -> None:
    content = load_content(REPO / "procedures", project_root=REPO)
    view = BeautifulSoup(view_html(content.manual, content.history, day, "on-a-date/"), "html.parser")
    assert view_rows(view) == EXPECTED[day]


def test_the_forms_data_holds_every_version_with_its_dates(example_build: Build) -> None:
    data = json.loads((example_build.site / "on-a-date/history.json").read_text())
    parts = {part["title"]: part["chapters"] for part in data["parts"]}
    learning = next(c for c in parts["Core Procedures"] if c["versions"][-1]["id"] == "CP3")
    assert [(v["number"], v["id"], v["start"], v["until"]) for v in learning["versions"]] == [
        (1, "CP5", "2023-06-05", "2025-12-01"), (2, "CP3", "2025-12-01", None)]
    assert learning["versions"][0]["url"] == "core-procedures/learning-reviews/versions/1/"
    secure = next(c for c in parts["Practice Guidance"] if c["versions"][-1]["id"] == "PG4")
    assert secure["withdrawn"] is True
    assert not [c for chapters in parts.values() for c in chapters if c["versions"][-1]["id"] == "PG2"]


# -- marks on changed paragraphs, from the archived texts ---------------------------------------------

PG3 = "practice-guidance/safe-recruitment/"


def _marks(build: Build, url: str) -> dict[str, tuple[str, str]]:
    return {block["id"]: (" ".join(mark.get_text(" ", strip=True).split()), mark["href"])
            for block in build.page(url).select("div.chapter-body div.numbered-paragraph")
            if (mark := block.select_one("a.paragraph-change")) is not None}


def test_paragraphs_changed_in_the_latest_version_are_marked_and_link_to_the_comparison(example_build: Build) -> None:
    # PG3 version 2 inserted 1.2, so the old 1.2 (same words) is now 1.3.
    assert _marks(example_build, PG3) == {
        "1.2": ("New June 2026 : see what changed in paragraph 1.2", "changes/2/#change-1.2"),
        "1.3": ("Renumbered June 2026 (was 1.2) : see what changed in paragraph 1.3", "changes/2/#change-1.3"),
    }
    comparison = example_build.page(f"{PG3}changes/2/")
    assert comparison.select_one('[id="change-1.2"] h3').get_text(" ", strip=True) == "Paragraph 1.2 (added)"
    assert comparison.select_one('[id="change-1.3"] h3').get_text(" ", strip=True) == (
        "Paragraph 1.3 (was 1.2 in the version before) (renumbered)")
    # CP1 version 4 changed the words of three paragraphs (what the texts show, whatever the editors listed).
    cp1 = _marks(example_build, "core-procedures/responding-to-concerns/")
    assert {n: text.split(" :")[0] for n, (text, _) in cp1.items()} == {
        "1.3": "Amended June 2026", "2.1": "Amended June 2026", "2.2": "Amended June 2026"}
    # A chapter in its first version has nothing to mark, and no switch.
    assert _marks(example_build, "practice-guidance/private-fostering/") == {}
    assert example_build.page("practice-guidance/private-fostering/").select_one(".change-marks-switch") is None
    switch = example_build.page(PG3).select_one("p.change-marks-switch")
    assert switch.has_attr("hidden") and switch.button["aria-pressed"] == "true"  # shown by the script only
    # Marks are not searchable text and are not on archived pages.
    assert all(mark.has_attr("data-search-exclude") for mark in example_build.page(PG3).select("a.paragraph-change"))
    assert example_build.page(f"{PG3}versions/2/").select("a.paragraph-change") == []


def test_renumbered_paragraphs_are_explained_where_old_links_land(example_build: Build) -> None:
    notes = example_build.page(PG3).select("section#versions ul.renumbered-list li")
    assert [" ".join(li.get_text(" ", strip=True).split()) for li in notes] == [
        "Paragraph 1.2 of version 1 became 1.3 in version 2 (1 June 2026)."]
    assert [a["href"] for a in notes[0].select("a")] == ["versions/1/#1.2", "#1.3"]
    assert notes[0].get("id") is None  # 1.2 still exists (a new paragraph): a link to #1.2 lands on it
    old = example_build.page(f"{PG3}versions/1/")
    assert old.select_one('div.numbered-paragraph[id="1.2"] .paragraph-body').get_text(" ", strip=True).startswith(
        "Interview panels")  # the old version keeps the old numbering


# -- never a broken citation: renumbering must be declared --------------------------------------------

ALPHA = "procedures/core/alpha.md"


def _edit(project: Path, old: str, new: str) -> None:
    path = project / ALPHA
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _new_version(project: Path, paragraphs: list[str] | None = None) -> None:
    amend(project / "procedures", "CP1", "A new version.", date="2025-07-01", paragraphs=paragraphs)


def test_a_version_that_moves_paragraphs_without_saying_so_is_refused(small_manual: Path) -> None:
    _new_version(small_manual)
    _edit(small_manual, "**1.2** Paragraph after", "**1.2** A new paragraph on agency duties.\n\n**1.3** Paragraph after")
    build = run_mkdocs_build(small_manual)
    assert build.returncode != 0 and not build.site.exists()
    assert re.search(rf"{ALPHA}:[0-9]+: version 2 of CP1 changes the numbers of paragraphs of version 1 without "
                     r"saying where they went: the text of 1\.2 is now 1\.3\. .* add 'renumbered: \[1\.2 -> 1\.3\]' "
                     "to the amendment for version 2", build.output), build.output
    assert "Traceback" not in build.output
    _edit(small_manual, 'summary: "A new version."', 'summary: "A new version."\n    renumbered: [1.2 -> 1.3]')
    build = run_mkdocs_build(small_manual)
    assert build.returncode == 0, build.output
    notes = build.page("core/alpha/").select("ul.renumbered-list li")
    assert [" ".join(li.get_text(" ", strip=True).split()) for li in notes] == [
        "Paragraph 1.2 of version 1 became 1.3 in version 2 (1 July 2025)."]


def test_a_removed_paragraph_must_be_declared_and_old_links_to_it_land_on_the_note(small_manual: Path) -> None:
    _new_version(small_manual)
    _edit(small_manual, "**2.1** Text of 2.1", "Text once in 2.1")
    build = run_mkdocs_build(small_manual)
    assert re.search(rf"{ALPHA}:[0-9]+: version 2 of CP1 .* 2\.1 was removed.*'renumbered: \[2\.1 -> removed\]'",
                     build.output), build.output
    _edit(small_manual, 'summary: "A new version."', 'summary: "A new version."\n    renumbered: ["2.1 -> removed"]')
    build = run_mkdocs_build(small_manual)
    assert build.returncode == 0, build.output
    page = build.page("core/alpha/")
    note = page.find(id="2.1")  # an old link to #2.1 lands here, not nowhere
    assert note.name == "li" and " ".join(note.get_text(" ", strip=True).split()) == (
        "Paragraph 2.1 of version 1 was removed in version 2 (1 July 2025).")
    assert len(page.select('[id="2.1"]')) == 1


@pytest.mark.parametrize(("declared", "message"), [
    ("[9.9 -> 1.1]", "renumbered '9.9 -> 1.1': version 1 has no paragraph 9.9."),
    ("[1.2 -> 7.7]", "renumbered '1.2 -> 7.7': version 2 has no paragraph 7.7."),
    ("[1.2 -> 1.3, 1.2 -> removed]", "renumbered '1.2 -> removed': paragraph 1.2 is declared twice."),
    ("[1.2 -> elsewhere]", "'amendments[2].renumbered[1]' is '1.2 -> elsewhere', which is not in the expected form"),
])
def test_declarations_must_name_real_paragraphs(small_manual: Path, declared: str, message: str) -> None:
    _new_version(small_manual)
    _edit(small_manual, "**1.2** Paragraph after", "**1.2** A new paragraph on agency duties.\n\n**1.3** Paragraph after")
    _edit(small_manual, 'summary: "A new version."', f'summary: "A new version."\n    renumbered: {declared}')
    build = run_mkdocs_build(small_manual)
    assert build.returncode != 0 and message in build.output, build.output


def test_a_renumbering_with_no_version_before_it_is_refused(small_manual: Path) -> None:
    _edit(small_manual, "    summary: First published.\n", "    summary: First published.\n    renumbered: [1.1 -> 1.2]\n")
    build = run_mkdocs_build(small_manual)
    assert build.returncode != 0
    assert re.search(rf"{ALPHA}:[0-9]+: version 1 has no earlier version kept here to renumber; remove 'renumbered'",
                     build.output), build.output


def test_a_hand_written_list_that_disagrees_with_the_texts_is_reported(small_manual: Path) -> None:
    _new_version(small_manual, paragraphs=["1.1"])
    _edit(small_manual, "Paragraph after the sub-heading", "Paragraph, rewritten, after the sub-heading")
    build = run_mkdocs_build(small_manual)
    assert "names paragraph 1.1, but its text is the same in versions 1 and 2" in build.output, build.output
    assert "differ in paragraph(s) 1.2, which the amendment's 'paragraphs' list does not name" in build.output


def test_aligning_thousands_of_rewritten_paragraphs_takes_linear_time() -> None:
    """A hostile (or wholesale) rewrite must not make the build compare every paragraph with every other."""
    old = "\n\n".join(f"**1.{n}** " + " ".join(f"w{n}x{k}" for k in range(30)) for n in range(1, 3001))
    new = "\n\n".join(f"**1.{n}** " + " ".join(f"v{n}y{k}" for k in range(30)) for n in range(1, 3001))
    started = time.perf_counter()
    changes = align("## 1. A\n\n" + old, "## 1. A\n\n" + new)
    assert time.perf_counter() - started < 20
    assert len(changes.kept) == 3000 and len(changes.amended) == 3000  # rewritten in place, none moved


def test_the_permanent_page_reuses_the_chapters_text_with_every_address_still_working(example_build: Build) -> None:
    """The current version's page is made from the chapter's converted text (no second conversion): its links
    and images are read from two folders down, and glossary terms are plain text as on every version page."""
    checked = 0
    for chapter_page in example_build.site.glob("*/*/index.html"):
        chapter_url = chapter_page.parent.relative_to(example_build.site).as_posix() + "/"
        chapter = example_build.page(chapter_url)
        link = chapter.select_one(".chapter-details a.permanent-link")
        if link is None:
            continue
        permanent_url = chapter_url + link["href"]
        permanent = example_build.page(permanent_url)
        body = permanent.select_one("div.chapter-body")
        assert body.select("a.glossary-term") == [], permanent_url
        assert _paragraphs(example_build, permanent_url) == _paragraphs(example_build, chapter_url)
        for element in body.select("[href], [src]"):
            target = element.get("href") or element.get("src")
            if target.startswith(("#", "http", "mailto:", "tel:")):
                continue
            resolved = (example_build.site / permanent_url / target.split("#")[0]).resolve()
            assert resolved.exists() and (resolved.is_file() or (resolved / "index.html").exists()), (permanent_url, target)
            checked += 1
        contents = [a["href"] for a in permanent.select(".md-sidebar--secondary nav a")]
        assert contents == [a["href"] for a in chapter.select(".md-sidebar--secondary nav a")]  # contents kept
    assert checked > 10
