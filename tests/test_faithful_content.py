"""Real statutory text without loss: labelled lists, captions, anchors, the London header, overdue reviews.

PA7 (procedures/partnership-arrangements/regulation-5-functions.md) uses every construct of the London
format that we support; PA8 is the seed chapter on the duty to establish a partnership, converted.
Builds happen on conftest.TEST_DAY (2026-01-15), so "overdue" figures are fixed.
"""

from __future__ import annotations

import re

import pytest
from bs4 import Tag
from conftest import Build, GoodSite, append, assert_bad_input_fails_cleanly, copy_fixture, run_mkdocs_build

PA7 = "partnership-arrangements/regulation-5-functions/"
PA8 = "partnership-arrangements/duty-to-establish/"
ALPHA = "procedures/core/alpha.md"


def _labels(listing: Tag) -> list[str]:
    return [item.select_one(":scope > .item-label, :scope > p > .item-label").get_text()
            for item in listing.find_all("li", recursive=False)]


def _body(build: Build, url: str) -> Tag:
    return build.page(url).select_one("div.chapter-body")


# 1. Lettered, roman and numbered lists --------------------------------------------------------------

def test_lettered_and_roman_lists_are_ordered_lists_labelled_as_written(example_build: Build) -> None:
    paragraph = _body(example_build, PA7).select_one('div.numbered-paragraph[id="1.2"]')
    outer = paragraph.select_one("ol.labelled-list")
    assert outer["type"] == "a"
    assert _labels(outer) == ["(a)", "(b)", "(c)", "(d)", "(e)"]
    inner = outer.find("li").select_one("ol.labelled-list")
    assert inner["type"] == "i"
    assert _labels(inner) == ["(i)", "(ii)", "(iii)", "(iv)", "(v)", "(vi)"]
    # One marker per item: the label is the item's first words, not a bullet plus a typed label.
    assert paragraph.select("ul") == []
    fourth = inner.find_all("li", recursive=False)[3]
    assert fourth.get_text(" ", strip=True).startswith("(iv) looking into allegations")


def test_every_labelled_item_of_a_numbered_paragraph_has_its_own_anchor(example_build: Build) -> None:
    body = _body(example_build, PA7)
    ids = [item["id"] for item in body.select('div.numbered-paragraph[id="1.2"] li')]
    assert ids == ["1.2-a", "1.2-a-i", "1.2-a-ii", "1.2-a-iii", "1.2-a-iv", "1.2-a-v", "1.2-a-vi",
                   "1.2-b", "1.2-c", "1.2-d", "1.2-e"]
    numbered = body.select_one('div.numbered-paragraph[id="1.4"] ol.labelled-list')
    assert numbered["type"] == "1"
    assert [item["id"] for item in numbered.find_all("li")] == ["1.4-2", "1.4-3"]
    # Links to items are checked like links to paragraphs, and work.
    assert body.select_one('a[href="#1.2-a-iv"]').get_text() == "(a)(iv)"
    assert body.select_one('a[href="#1.4-3"]') is not None


def test_labels_are_text_so_they_print_and_are_read_aloud(example_build: Build) -> None:
    css = (example_build.site / "assets/procedures/procedures.css").read_text()
    assert re.search(r"ol\.labelled-list\s*\{[^}]*list-style:\s*none", css)  # no second, generated marker
    label = _body(example_build, PA7).select_one('li[id="1.2-b"] .item-label')
    assert label.get("aria-hidden") is None and label.get_text() == "(b)"


@pytest.mark.parametrize("source, kind, labels", [
    ("- (h) eighth\n- (i) ninth\n- (j) tenth\n", "a", ["(h)", "(i)", "(j)"]),
    ("- (A) first\n- (B) second\n", "A", ["(A)", "(B)"]),
    ("- (I) one\n- (II) two\n- (III) three\n", "I", ["(I)", "(II)", "(III)"]),
    ("- (a) first\n- (c) third, (b) was repealed\n", "a", ["(a)", "(c)"]),
    ("- (2A) inserted\n- (3) next\n", "1", ["(2A)", "(3)"]),
    ("- **(a)** bold, as pasted from a word processor\n- **(b)** second\n", "a", ["(a)", "(b)"]),
])
def test_list_kinds_follow_the_labels(tmp_path, source: str, kind: str, labels: list[str]) -> None:  # type: ignore[no-untyped-def]
    project = copy_fixture("small", tmp_path)
    append("procedures/core/alpha.md", f"\n**2.2** Items:\n\n{source}")(project)
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    listing = build.page("core/alpha/").select_one('div.numbered-paragraph[id="2.2"] ol.labelled-list')
    assert listing["type"] == kind
    assert _labels(listing) == labels


# 2. Captions ----------------------------------------------------------------------------------------------

def test_captions_of_tables_and_figures_and_london_caption_lines(example_build: Build) -> None:
    body = _body(example_build, PA7)
    table = body.select_one('div.numbered-paragraph[id="2.1"] table')
    assert table.find("caption").get_text() == "The minimum checks and where they are reported"
    assert table.find("caption") is table.contents[0] or table.find_all(recursive=False)[0].name == "caption"
    figure = body.select_one('div.numbered-paragraph[id="2.2"] figure')
    assert figure.img["src"].endswith("images/functions-cycle.svg")
    assert figure.img["alt"].startswith("The cycle")
    assert figure.figcaption.get_text() == "The partnership's cycle of work"
    kept = body.select_one('div.numbered-paragraph[id="1.2"] p.caption')
    assert kept.get_text() == "Caption: Regulation 5 functions of the partnership"
    # Captions act as headings: no glossary links in them.
    assert body.select("caption a.glossary-term, figcaption a.glossary-term, p.caption a.glossary-term") == []


# 3. The chapter header in London order -----------------------------------------------------------------

def test_header_is_title_lead_in_amendment_box_then_notice_in_the_partnerships_words(example_build: Build) -> None:
    article = example_build.page(PA7).select_one("article")
    order = [element for element in article.find_all(True, recursive=False)
             if element.name in ("h1", "div", "section", "dl")][:5]
    assert [(e.name, (e.get("class") or [""])[0]) for e in order] == [
        ("h1", ""), ("div", "lead-in"), ("section", "amendment-box"), ("section", "status-banner"),
        ("dl", "chapter-details")]
    box = order[2]
    assert [p.get_text() for p in box.find_all("p")] == [
        "September 2020", "In September 2020 this guidance was marked as under review."]
    banner = order[3]
    assert banner.h2.get_text() == "This chapter is currently under review."  # manual.yml notices.under_review
    assert [p.get_text() for p in banner.find_all("p")] == [
        "The London procedures group is rewriting this chapter for the new partnership arrangements. Until it is "
        "republished, follow this version."]


def test_notice_wording_comes_from_manual_yml(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = copy_fixture("small", tmp_path)
    append("procedures/manual.yml", "notices:\n  under_review: Under review by the Exampleton partnership.\n")(project)
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    banner = build.page("partnership/beta/").select_one("section.status-banner")
    assert banner.h2.get_text() == "Under review by the Exampleton partnership."


# 4. Overdue reviews -------------------------------------------------------------------------------------

def test_overdue_review_on_the_chapter_the_contents_and_the_reviews_page(example_build: Build) -> None:
    details = example_build.page(PA7).select_one(".chapter-details")
    review = details.find("dt", string="Next review").find_next_sibling("dd")
    assert review.get_text(" ", strip=True) == "1 September 2021 Review overdue by 4 years 4 months"
    contents = example_build.page("partnership-arrangements/")
    row = next(tr for tr in contents.select("table.contents-table tbody tr") if tr.td.get_text() == "PA7")
    assert [s.get_text() for s in row.select(".status-flag")] == ["under review", "review overdue by 4 years 4 months"]
    current = next(tr for tr in contents.select("table.contents-table tbody tr") if tr.td.get_text() == "PA2")
    assert current.select(".status-flag--review-overdue") == []
    reviews = example_build.page("reviews/")
    overdue = reviews.find("h2", id="overdue").find_next("table")
    rows = {tr.td.get_text(): [" ".join(cell.get_text().split()) for cell in tr.find_all(["th", "td"])]
            for tr in overdue.select("tbody tr")}
    assert rows["PA7"][2:4] == ["Review due: 1 September 2021",
                                "Status: Overdue by 4 years 4 months. Under review since September 2020."]
    assert example_build.page("").find("a", string="Reviews due")["href"] == "reviews/"


# 5. GitHub's preview and the site agree -----------------------------------------------------------------

GITHUB_CASES = """
**2.2** The partnership must:
- (a) publish its arrangements; and
- (b) report on them, see https://www.gov.uk/government/publications/working-together-to-safeguard-children-2.

**2.3** A table straight after a line:
| Member | Role |
| --- | --- |
| Police | Partner |

#NotAHeading stays text.

3. starts at three
4. four

```
- not a list, code
```
"""


def test_markdown_renders_as_githubs_preview_does(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = copy_fixture("small", tmp_path)
    append("procedures/core/alpha.md", GITHUB_CASES)(project)
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    body = build.page("core/alpha/").select_one("div.chapter-body")
    first = body.select_one('div.numbered-paragraph[id="2.2"]')
    assert _labels(first.select_one("ol.labelled-list")) == ["(a)", "(b)"]
    assert "- (a)" not in first.get_text()
    link = first.select_one('li[id="2.2-b"] a')
    assert link["href"] == link.get_text() == "https://www.gov.uk/government/publications/working-together-to-safeguard-children-2"
    second = body.select_one('div.numbered-paragraph[id="2.3"]')
    assert [th.get_text() for th in second.select("table th")] == ["Member", "Role"]
    assert second.find("h1") is None and "#NotAHeading stays text." in second.get_text()
    assert second.select_one("ol")["start"] == "3"
    assert second.select_one("pre code").get_text() == "- not a list, code\n"


@pytest.mark.parametrize("addition, line, message", [
    ("\n**2.2** Items:\n\n- one\n  - nested by two\n", 37,
     "this list item is indented by 2 space(s) more than the item above. GitHub's preview nests it"),
    ("\n**2.2** Items:\n\n- one\n\n  continued by two\n", 38,
     "this paragraph is indented by 2 space(s) after a blank line in a list"),
    ("\n**2.2** Items:\n\n- (a) labelled\n- not labelled\n", 36,
     "this list labels some items (such as '(a)') but not others"),
    ("\n**2.2** See [item](#2.2-c).\n\n- (a) one\n- (b) two\n", 34,
     "the link '#2.2-c' points to #2.2-c, but CP1 has no paragraph, section, list item or heading '2.2-c'. "
     "Did you mean '#2.2-b'?"),
    ("\n### Named {#named-anchor}\n\n**2.2** See [named](#named-anchr).\n", 36,
     "the link '#named-anchr' points to #named-anchr, but CP1 has no paragraph, section, list item or heading 'named-anchr'. Did you mean '#named-anchor'?"),
    ("\n**2.2** See [heading](#a-sub-heading_1).\n", 34,
     "the link '#a-sub-heading_1' points to #a-sub-heading_1, but CP1 has no paragraph, section, list item or heading 'a-sub-heading_1'"),
])
def test_differences_from_githubs_preview_and_broken_anchors_fail_with_the_line(
        tmp_path, good_small_site: GoodSite, addition: str, line: int, message: str) -> None:  # type: ignore[no-untyped-def]
    assert_bad_input_fails_cleanly(tmp_path, good_small_site, append(ALPHA, addition), f"{ALPHA}:{line}: {message}")


def test_links_to_explicit_anchors_headings_and_items_are_accepted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = copy_fixture("small", tmp_path)
    append(ALPHA, "\n### Named {#named-anchor}\n\n**2.2** See [named](#named-anchor), [heading](#a-sub-heading), "
                  "[item](#2.2-b) and [raw](#raw-anchor) <span id=\"raw-anchor\">here</span>.\n\n- (a) one\n- (b) two\n"
           )(project)
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    page = build.page("core/alpha/")
    for fragment in ("named-anchor", "a-sub-heading", "2.2-b", "raw-anchor"):
        assert page.select_one(f'[id="{fragment}"]') is not None, fragment


def test_an_item_anchor_cannot_be_forged(tmp_path, good_small_site: GoodSite) -> None:  # type: ignore[no-untyped-def]
    assert_bad_input_fails_cleanly(tmp_path, good_small_site, append(ALPHA, "\nForged.\n{: #1.1-a }\n"),
                                   f"{ALPHA}:35: the id '1.1-a' looks like the anchor of a lettered item")


# 7. The glossary on real text ------------------------------------------------------------------------------

def test_glossary_links_real_terms_but_not_admonition_titles(example_build: Build) -> None:
    body = _body(example_build, PA7)
    admonition = body.select_one("div.admonition")
    assert admonition.select(".admonition-title a") == []
    assert [a.get_text() for a in admonition.select("a.glossary-term")] == ["Multi-Agency\nSafeguarding Hub"]
    board = body.select_one('div.numbered-paragraph[id="2.3"] a.glossary-term')
    assert board.get_text() == "Health and Well-being Board"
    assert board["href"].endswith("#term-health-and-wellbeing-board")


# 8. The seed chapter, converted without loss ------------------------------------------------------------

def test_seed_chapter_on_the_duty_to_establish_keeps_every_list_and_item(example_build: Build) -> None:
    body = _body(example_build, PA8)
    objectives = body.select_one('div.numbered-paragraph[id="1.3"] ul')
    assert len(objectives.find_all("li")) == 2
    assert len(body.select_one('div.numbered-paragraph[id="1.4"] ul').find_all("li")) == 4
    members = body.select_one('div.numbered-paragraph[id="2.1"] > .paragraph-body > ul')
    items = members.find_all("li", recursive=False)
    assert len(items) == 12
    nested = items[-1].find("ul")
    assert nested is not None and len(nested.find_all("li")) == 4
    box = example_build.page(PA8).select_one("section.amendment-box")
    assert "brought into this manual at version 4 on 7 December 2023" in box.get_text()


def test_the_format_reference_chapter_holds_every_construct() -> None:
    """The example builds strictly (the session build), and its PA7 file really holds each construct."""
    from conftest import REPO

    source = (REPO / "procedures" / (PA7.rstrip("/") + ".md")).read_text()
    for construct in ("- (a) ", "    - (i) ", "- (2) ", "Caption: ", "{#regulation-5}", "!!! note", "| --- |",
                      "![", "status: under-review", "review_due: 2021-09-01"):
        assert construct in source, construct
