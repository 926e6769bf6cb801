"""Point in time (issue 15): every version at an address that keeps its text, citations, the manual on any
date, marks on changed paragraphs, and renumbering that never breaks a citation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, Build
from manual_on_dates import EXPECTED, view_rows
from safeguarding_manual.core.content import load_content
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
    index = json.loads((example_build.site / "search/search_index.json").read_text())
    assert not [d for d in index["docs"] if "/versions/" in d["location"]]  # out of search: the chapter answers
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
    docs = json.loads((example_build.site / "search/search_index.json").read_text())["docs"]
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
    docs = json.loads((example_build.site / "search/search_index.json").read_text())["docs"]
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
