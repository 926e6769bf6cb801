"""Point in time (issue 15, in part): every version, the current one included, at an address that keeps its text."""

from __future__ import annotations

import json

from conftest import Build

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
