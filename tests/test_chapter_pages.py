"""Chapter pages in the London format, checked on built HTML (issue: foundation)."""

from __future__ import annotations


from conftest import Build, run_mkdocs_build, search_docs


def test_title_carries_the_chapter_id(small_build: Build) -> None:
    page = small_build.page("core/alpha/")
    h1 = page.select("article h1")
    assert len(h1) == 1
    assert h1[0].get_text(" ", strip=True) == "CP1. Alpha Procedure"
    assert page.title.get_text().startswith("CP1. Alpha Procedure")


def test_standard_lead_in_lines_link_to_amendments_and_glossary(small_build: Build) -> None:
    lead_in = small_build.page("core/alpha/").select_one(".lead-in")
    links = {a.get_text(): a["href"] for a in lead_in.find_all("a")}
    assert links == {"Amendments & Archives": "../../amendments/", "Glossary": "../../glossary/"}
    assert "For a record of all amendments and updates" in lead_in.get_text()
    assert (small_build.site / "amendments/index.html").exists()
    assert (small_build.site / "glossary/index.html").exists()


def test_amendment_box_is_built_from_metadata(small_build: Build) -> None:
    box = small_build.page("core/alpha/").select_one("section.amendment-box")
    assert box.h2.get_text() == "Amendment"
    # The editor's words, word for word, under the month they date from; nothing of ours added.
    assert [p.get_text() for p in box.find_all("p")] == ["June 2025", "First published."]
    assert box.select_one("p.amendment-date time")["datetime"] == "2025-06-02"
    # Never amended: no box, as in the London procedures.
    assert small_build.page("partnership/beta/").select_one("section.amendment-box") is None


def test_numbered_paragraphs_have_numbers_and_permalinks(small_build: Build) -> None:
    page = small_build.page("core/alpha/")
    blocks = page.select("div.numbered-paragraph")
    assert [b["id"] for b in blocks] == ["1.1", "1.2", "2.1"]
    for block in blocks:
        link = block.select_one("a.paragraph-number")
        assert link.get_text() == block["id"]
        assert link["href"] == f"#{block['id']}"


def test_a_numbered_paragraph_holds_following_paragraphs_and_lists(small_build: Build) -> None:
    first = small_build.page("core/alpha/").select_one('div.numbered-paragraph[id="1.1"] .paragraph-body')
    assert len(first.find_all("p")) == 2
    assert first.find("ul").get_text(strip=True) == "a list item inside 1.1"
    assert "A second paragraph belonging to 1.1." in first.get_text()


def test_sub_headings_do_not_restart_the_count(small_build: Build) -> None:
    page = small_build.page("core/alpha/")
    heading = page.find(lambda tag: tag.name == "h3" and "A sub-heading" in tag.get_text())
    assert heading is not None
    following = heading.find_next("div", class_="numbered-paragraph")
    assert following["id"] == "1.2"
    assert heading.find_parent("div", class_="numbered-paragraph") is None


def test_sections_have_stable_ids(small_build: Build) -> None:
    page = small_build.page("core/alpha/")
    sections = page.select("h2.numbered-section")
    assert [h["id"] for h in sections] == ["section-1", "section-2"]
    assert sections[0].get_text(strip=True).startswith("1. First Section")


def test_last_updated_version_and_related(small_build: Build) -> None:
    page = small_build.page("core/alpha/")
    details = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in page.select(".chapter-details dt")}
    assert details["Last updated"] == "2 June 2025"
    assert details["Version"] == "1 (permanent link to this version)"
    assert page.select_one(".chapter-details a.permanent-link")["href"] == "versions/1/"
    assert details["Owner"] == "Alpha Subgroup"
    related = page.select_one("nav.related-chapters")
    assert [a.get_text() for a in related.find_all("a")] == ["PA1. Beta Arrangements"]
    assert related.a["href"] == "../../partnership/beta/"


def test_cross_references_become_page_links(small_build: Build) -> None:
    paragraph = small_build.page("core/alpha/").select_one('div.numbered-paragraph[id="1.2"]')
    link = paragraph.find("a", string="Beta")
    assert link["href"] == "../../partnership/beta/#2.1"


def test_under_review_banner_is_a_labelled_region_with_a_heading(small_build: Build) -> None:
    banner = small_build.page("partnership/beta/").select_one("section.status-banner")
    heading = banner.find("h2")
    assert heading.get_text() == "This chapter is currently under review."  # London's wording, no manual.yml notice
    assert banner["aria-labelledby"] == heading["id"]
    # The chapter's own note and nothing else: no sentence of ours.
    assert [p.get_text() for p in banner.find_all("p")] == ["Being checked against new guidance."]
    assert small_build.page("core/alpha/").select_one("section.status-banner") is None


def test_part_contents_pages_list_chapters_with_flags(small_build: Build) -> None:
    page = small_build.page("partnership/")
    table = page.select_one("table.contents-table")
    assert table.caption.get_text() == "Chapters in Partnership Arrangements"
    assert [th.get_text() for th in table.select("thead th")] == ["ID", "Chapter", "Status", "Last updated"]
    row = [td.get_text(" ", strip=True) for td in table.select("tbody tr")[0].find_all("td")]
    assert row == ["PA1", "Beta Arrangements", "under review", "2 June 2025"]
    core_row = [td.get_text(" ", strip=True) for td in small_build.page("core/").select("tbody tr")[0].find_all("td")]
    assert core_row[2] == "updated"  # amended in the latest release


def test_home_page_shows_edition_and_entry_points(small_build: Build) -> None:
    page = small_build.page("")
    status = page.select_one(".manual-status")
    assert "1st edition" in status.get_text()
    assert "Last updated 2 June 2025" in status.get_text()
    links = [a.get_text() for a in status.select(".entry-points a")]
    assert "Glossary" in links and "Amendments & Archives" in links
    whats_new = page.select_one("section.whats-new")
    assert "June 2025" in whats_new.h2.get_text()
    assert "CP1. Alpha Procedure" in whats_new.get_text()


def test_no_third_party_fonts_or_scripts(small_build: Build) -> None:
    for path in small_build.site.rglob("*.html"):
        page = small_build.page(path.relative_to(small_build.site).as_posix().removesuffix("index.html"))
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in page.find_all(tag):
                value = element.get(attribute) or ""
                if tag == "link" and "canonical" in (element.get("rel") or []):
                    continue
                assert not value.startswith(("http://", "https://", "//")), (path, value)


def test_content_security_policy_allows_only_own_scripts(small_build: Build) -> None:
    page = small_build.page("core/alpha/")
    meta = page.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is page.head.find("meta", attrs={"http-equiv": True})
    policy = dict(part.strip().split(" ", 1) for part in meta["content"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert "'unsafe-inline'" not in meta["content"]
    # Our own files only: search is plain JavaScript, with no WebAssembly to allow.
    assert policy["script-src"].split() == ["'self'"]


def test_search_index_has_ids_paragraph_citations_and_text(small_build: Build) -> None:
    docs = search_docs(small_build.site)
    titles = {d["title"] for d in docs}
    assert "CP1. Alpha Procedure" in titles
    citation = next(d for d in docs if d["title"] == "CP1 1.2")
    assert citation["location"] == "core/alpha/#1.2"  # a part of its page that search answers with
    assert "Paragraph after the sub-heading" in citation["text"]
    # The header blocks are not indexed as chapter text.
    page_doc = next(d for d in docs if d["location"] == "core/alpha/")
    assert "For a record of all amendments" not in page_doc["text"]


def test_drafts_are_validated_but_not_published(example_build: Build) -> None:
    assert not (example_build.site / "practice-guidance/children-missing-education").exists()
    contents = example_build.page("practice-guidance/")
    assert "Children Missing Education" not in contents.get_text()


def test_renamed_chapter_keeps_its_old_url(example_build: Build) -> None:
    redirect = example_build.page("core-procedures/serious-case-reviews/")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../learning-reviews/"
    assert redirect.find("a")["href"] == "../learning-reviews/"
    assert redirect.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_withdrawn_chapter_has_a_banner(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import copy_fixture, run_mkdocs_build

    project = copy_fixture("small", tmp_path)
    beta = project / "procedures/partnership/beta.md"
    beta.write_text(beta.read_text().replace("status: under-review", "status: withdrawn\nwithdrawn_note: Follow CP1 instead."))
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    banner = build.page("partnership/beta/").select_one("section.status-banner--withdrawn")
    assert banner.h2.get_text() == "This chapter has been withdrawn."
    assert "Follow CP1 instead." in banner.get_text()


def test_example_manual_has_the_required_shape(example_build: Build) -> None:
    contents = {part: example_build.page(f"{part}/").select("table.contents-table tbody tr")
                for part in ("core-procedures", "partnership-arrangements", "practice-guidance")}
    assert sum(len(rows) for rows in contents.values()) >= 10
    flags = [row.find_all("td")[2].get_text(strip=True) for rows in contents.values() for row in rows]
    assert "under review" in flags and "updated" in flags
    home = example_build.page("")
    assert "Chapters under review" in home.get_text()
    assert "PA1. Local Safeguarding Children Partnerships" in home.select_one(".under-review-list").get_text()


def test_chapters_may_link_to_the_generated_pages_and_glossary_terms(small_manual) -> None:  # type: ignore[no-untyped-def]
    """The glossary, the amendments page and part contents are pages like any other for a chapter's links."""
    alpha = small_manual / "procedures/core/alpha.md"
    alpha.write_text(alpha.read_text() + "\nSee [the term](../glossary/index.md#term-safeguarding), "
                     "[amendments](../amendments/index.md) and [the part](../partnership/index.md).\n")
    build = run_mkdocs_build(small_manual)
    assert build.returncode == 0, build.output
    hrefs = [a["href"] for a in build.page("core/alpha/").select("article a")]
    assert "../../glossary/#term-safeguarding" in hrefs and "../../amendments/" in hrefs and "../../partnership/" in hrefs
