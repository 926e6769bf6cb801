"""What readers on a phone need, checked on the built HTML (the browser half is in tests/test_browser.py).

Builds happen on conftest.TEST_DAY (2026-01-15).
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import Build, copy_fixture, replace, run_mkdocs_build, search_docs

PA1 = "partnership-arrangements/local-safeguarding-children-partnerships/"


@pytest.mark.parametrize("path", [
    "partnership-arrangements/regulation-5-functions/", "thresholds/", f"{PA1}changes/3/", f"{PA1}versions/1/",
    "glossary/", "amendments/", "reviews/", "",
])
def test_every_page_kind_has_a_skip_link_to_its_title(example_build: Build, path: str) -> None:
    page = example_build.page(path)
    skip = page.select("a.md-skip")
    assert len(skip) == 1
    target = page.select_one(f'[id="{skip[0]["href"][1:]}"]')
    assert target is not None and target.name == "h1"
    assert target is page.select_one("article h1")


def test_the_skip_link_lands_before_the_notices_on_a_chapter(example_build: Build) -> None:
    page = example_build.page(PA1)
    assert page.select_one("a.md-skip")["href"] == "#chapter-title"
    title = page.select_one("#chapter-title")
    assert title.find_next("section", class_="status-banner") is not None  # the notice comes after the landing


def test_a_superseded_version_says_so_first_and_keeps_saying_so(example_build: Build) -> None:
    page = example_build.page(f"{PA1}versions/1/")
    assert page.title.get_text().startswith("Superseded: PA1. Local Safeguarding Children Partnerships (version 1)")
    marker = page.select_one("p.superseded-marker")
    assert marker.get_text(" ", strip=True).startswith("Superseded version 1 (in force 5 June 2023 to 3 June 2024)")
    assert marker.a["href"] == "../../"


def test_navigation_status_icons_differ_by_kind_and_carry_words(example_build: Build) -> None:
    page = example_build.page("partnership-arrangements/accountability/")
    nav = {a.get_text(" ", strip=True): a for a in page.select("nav.md-nav--primary a.md-nav__link")}
    pa1 = next(link for text, link in nav.items() if text.startswith("PA1."))
    status = pa1.select_one(".md-status")
    assert "md-status--under-review" in status["class"]
    assert status.select_one(".visually-hidden").get_text() == "Under review"
    pa2 = next(link for text, link in nav.items() if text.startswith("PA2."))
    assert pa2.select_one(".md-status") is None  # a current chapter has no icon
    thresholds = next(link for text, link in nav.items() if text.startswith("Thresholds"))
    assert thresholds.select_one(".md-status--new .visually-hidden").get_text() == "New or updated in the latest release"


def test_an_overdue_chapter_has_its_own_icon(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    project = copy_fixture("small", tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2027, 3, 1, tzinfo=dt.timezone.utc).timestamp())))
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    page = build.page("core/alpha/")
    status = page.select_one("nav.md-nav--primary .md-status--review-overdue")
    assert status is not None and status.select_one(".visually-hidden").get_text() == "Review overdue"


def test_amendments_rows_name_their_cells_and_say_when_each_change_took_effect(example_build: Build) -> None:
    table = example_build.page("amendments/").select_one("table.amendments-table")
    assert [th.get_text() for th in table.select("thead th")] == ["Chapter", "Details", "Sections affected", "Versions"]
    row = next(tr for tr in table.select("tbody tr") if tr.th.get_text(strip=True).startswith("CP1."))
    assert row.th["scope"] == "row"
    assert [label.get_text() for label in row.select(".cell-label")] == ["Details: ", "Sections affected: ", "Versions: "]
    assert row.select_one(".amendment-effect time")["datetime"] == "2026-06-01"
    assert [a.get_text() for a in row.select("td:last-child a")] == ["What changed", "Text before (version 3)"]


def test_comparison_pages_say_when_the_change_took_effect(example_build: Build) -> None:
    page = example_build.page(f"{PA1}changes/3/")
    assert page.select_one(".change-date").get_text(" ", strip=True) == (
        "This change took effect on 2 June 2025 , when version 3 came into force.")
    assert page.select_one("ins.diff .visually-hidden").get_text().startswith("[inserted")


def test_telephone_numbers_in_text_are_tel_links(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = copy_fixture("small", tmp_path)
    replace("procedures/core/alpha.md", "**1.2**", "**1.2** Ring 020 7946 0000 or +44 1234 567890, not 2004 or "
            "1.2.3, then")(project)
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    paragraph = build.page("core/alpha/").select_one('div.numbered-paragraph[id="1.2"]')
    assert [(a["href"], a.get_text()) for a in paragraph.select('a[href^="tel:"]')] == [
        ("tel:+442079460000", "020 7946 0000"), ("tel:+441234567890", "+44 1234 567890")]


def test_the_glossary_lists_other_names_not_the_plurals_it_links_anyway(example_build: Build) -> None:
    page = example_build.page("glossary/")
    entry = page.select_one('[id="term-local-safeguarding-children-partnership"]').find_next("dd")
    written = next(p for p in entry.find_all("p") if p.get_text().startswith("Also written:"))
    assert written.get_text() == "Also written: safeguarding partnership, the partnership's"


def test_the_printed_stamp_gives_the_web_address(example_build: Build) -> None:
    stamp = example_build.page(PA1).select_one(".print-stamp")
    assert f"check https://procedures.example.org/{PA1} for the current version" in stamp.get_text()


# Thresholds on a phone ---------------------------------------------------------------------------------

def test_thresholds_open_with_contents_jump_links_and_age_pages(example_build: Build) -> None:
    page = example_build.page("thresholds/")
    contents = page.select_one("nav.threshold-contents")
    hrefs = [a["href"] for a in contents.select("a")]
    for level in ("1", "2", "3", "4"):
        assert f"#level-{level}" in hrefs
    assert "#indicators" in hrefs and "#levels" in hrefs
    for domain in page.select("tbody[data-domain]"):
        assert f"#{domain['id']}" in hrefs
    for href in hrefs:
        if href.startswith("#"):
            assert page.select_one(f'[id="{href[1:]}"]') is not None, href
    ages = {a.get_text(): a["href"] for a in contents.select("ul.age-filter a")}
    assert ages == {"All ages": "./", "Under 5": "ages/under-5/", "5 to 11": "ages/5-11/", "12 to 17": "ages/12-17/"}
    # the contents come before the levels and the matrix
    assert contents.find_next("h2", id="levels") is not None


def test_an_age_page_shows_only_that_age_and_says_so_where_a_cell_is_empty(example_build: Build) -> None:
    whole = example_build.page("thresholds/")
    page = example_build.page("thresholds/ages/under-5/")
    assert page.select_one("[data-threshold-filters]") is None  # already filtered: no second filter
    assert page.select_one('ul.age-filter a[aria-current="page"]').get_text() == "Under 5"
    shown = page.select("table.threshold-table li[data-ages]")
    assert shown and all(not li["data-ages"] or "under-5" in li["data-ages"].split() for li in shown)
    hidden = [li["id"] for li in whole.select("table.threshold-table li[data-ages]")
              if li["data-ages"] and "under-5" not in li["data-ages"].split()]
    assert hidden and all(page.select_one(f'[id="{i}"]') is None for i in hidden)
    empty = page.select("table.threshold-table p.no-indicators")
    assert empty, "some cells have indicators only for other ages"
    note = empty[0]
    assert note.get_text(" ", strip=True).startswith("No indicators listed for Under 5 at this level.")
    row = note.find_parent("tr")["id"]
    assert note.a["href"] == f"../../#{row}" and whole.select_one(f'tr[id="{row}"]') is not None
    locations = [d["location"] for d in search_docs(example_build.site)]
    assert "thresholds/" in locations and not [loc for loc in locations if loc.startswith("thresholds/ages/")]


# Search ----------------------------------------------------------------------------------------------------

def test_search_index_gives_paragraphs_and_terms_their_own_results_and_remembers_former_names(
        example_build: Build) -> None:
    docs = {d["location"]: d for d in search_docs(example_build.site)}
    assert docs["partnership-arrangements/independent-chair-and-annual-report/#2.2"]["title"] == "PA4 2.2"
    # One record per page, its paragraphs as parts, each paragraph's words indexed once (sections keep
    # only their titles): the index a phone reads stays small.
    assert not [loc for loc in docs if "?at=" in loc and "?at=term-" not in loc]
    chapter = docs["partnership-arrangements/independent-chair-and-annual-report/"]["text"]
    words = docs["partnership-arrangements/independent-chair-and-annual-report/#2.2"]["text"].split()[3:15]
    assert len(words) == 12 and chapter.count(" ".join(words)) == 1
    assert docs["glossary/?at=term-local-authority-designated-officer"]["text"].endswith("Also: LADO, designated officer.")
    learning = docs["core-procedures/learning-reviews/"]
    assert "Formerly CP5 Serious Case Reviews." in learning["text"]
    assert not [loc for loc in docs if loc.endswith(("#amendment-title", "#versions-title", "#related-title"))]
    assert "glossary/" not in docs  # the page gives way to its terms
