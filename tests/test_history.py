"""Amendments, archive of superseded versions, comparisons and the feed (issue: amendments)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

import pytest
from conftest import Build, copy_fixture, run_mkdocs_build, search_docs
from safeguarding_manual.core.editing.chapters import amend

ATOM = "{http://www.w3.org/2005/Atom}"
ALPHA = "procedures/core/alpha.md"


def _rewrite(project: Path, old: str, new: str) -> None:
    path = project / ALPHA
    path.write_text(path.read_text().replace(old, new))


@pytest.fixture(scope="module")
def five_versions(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Alpha amended four times (five versions); its ID changes from CP1 to CP7 at version 3."""
    project = copy_fixture("small", tmp_path_factory.mktemp("five"))
    procedures = project / "procedures"
    beta = project / "procedures/partnership/beta.md"
    # The editor's order: 'procedures amend' records the text in force, then the new text is written.
    amend(procedures, "CP1", "Paragraph 2.1 reworded.", date="2025-07-01", paragraphs=["2.1"])
    _rewrite(project, "Text of 2.1 mentions", "Text of 2.1 first mentions")
    amend(procedures, "CP1", "Chapter renumbered CP7; meeting frequency added.", date="2025-08-01", paragraphs=["1.1"])
    _rewrite(project, "id: CP1", "id: CP7")
    beta.write_text(beta.read_text().replace("related: [CP1]", "related: [CP7]"))
    _rewrite(project, "The LSCP meets here.", "The LSCP meets here every month.")
    amend(procedures, "CP7", "Two paragraphs added to section 2.", date="2025-09-01", release="2025-06", paragraphs=["2"])
    _rewrite(project, "not the abbreviation.", "not the abbreviation.\n\n**2.2** A new paragraph.\n\n**2.3** Another one.\n\nAnd more")
    amend(procedures, "CP7", "Paragraph 2.3 removed.", date="2025-10-01", paragraphs=["2"])
    _rewrite(project, "**2.3** Another one.\n\n", "")
    # Paragraph 2.3 of version 4 is gone: the editor says so, or the build refuses (test_point_in_time).
    _rewrite(project, 'summary: "Paragraph 2.3 removed."', 'summary: "Paragraph 2.3 removed."\n    renumbered: [2.3 -> removed]')
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build


def test_amend_records_versions_in_the_archive(five_versions: Build) -> None:
    project = five_versions.site.parent
    archive = project / "procedures/_archive/core/alpha"
    assert sorted(p.name for p in archive.iterdir()) == ["v1.md", "v2.md", "v3.md", "v4.md"]
    text = (project / ALPHA).read_text()
    assert "version: 5\n" in text and "last_updated: 2025-10-01" in text
    assert 'summary: "Paragraph 2.3 removed."' in text


def test_timeline_lists_every_version_with_dates(five_versions: Build) -> None:
    timeline = five_versions.page("core/alpha/").select_one("section#versions")
    items = [" ".join(li.get_text().split()) for li in timeline.select("ol > li")]
    assert len(items) == 5
    assert items[0].startswith("Version 5 (current), in force from 1 October 2025")
    assert items[-1].startswith("Version 1 (CP1), in force 2 June 2025 to 1 July 2025")
    assert "Version 3 (CP7)" in items[2]


def test_archived_version_has_banner_noindex_and_is_not_searchable(five_versions: Build) -> None:
    page = five_versions.page("core/alpha/versions/1/")
    banner = page.select_one("section.status-banner--superseded")
    assert banner.h2.get_text() == "This version was superseded on 1 July 2025"
    current = banner.find("a", string="Read the current version")
    assert current["href"] == "../../"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.select_one("article h1").get_text(" ", strip=True).startswith("CP1. Alpha Procedure")
    # The old ID is kept on the old version; the current page shows the new one.
    assert five_versions.page("core/alpha/").select_one("article h1").get_text(" ", strip=True).startswith("CP7.")
    docs = search_docs(five_versions.site)
    assert docs and not [d for d in docs if "/versions/" in d["location"] or "/changes/" in d["location"]]
    # Archived pages are kept out of the navigation.
    nav_links = [a["href"] for a in five_versions.page("core/alpha/").select("nav.md-nav a")]
    assert not [href for href in nav_links if "versions" in href]


def test_sitemap_lists_current_pages_but_not_archived_ones(five_versions: Build) -> None:
    sitemap = etree.parse(five_versions.site / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://fixture.example.org/core/alpha/" in locations
    assert "https://fixture.example.org/glossary/" in locations
    assert not [url for url in locations if "/versions/" in url or "/changes/" in url]
    archived = [p for p in five_versions.site.rglob("index.html") if "versions" in p.parts or "changes" in p.parts]
    # four archived versions, four comparisons, and the permanent addresses of the two current versions
    assert len(archived) == 10, "archived versions, comparisons and permanent addresses are still published"


def test_comparison_marks_words_in_text_as_well_as_colour(five_versions: Build) -> None:
    page = five_versions.page("core/alpha/changes/3/")
    unit = page.select_one('div.diff-unit[id="change-1.1"]')
    assert unit.h3.get_text(" ", strip=True) == "Paragraph 1.1 (changed)"
    inserted = unit.select_one("ins.diff")
    assert inserted.get_text() == "[inserted: every month]"
    assert inserted.select_one(".visually-hidden").get_text() == "[inserted: "
    assert unit.select_one("del.diff") is None  # punctuation is its own token: only words were inserted
    added = five_versions.page("core/alpha/changes/4/")
    kinds = {div["id"]: div.h3.get_text(" ", strip=True) for div in added.select("div.diff-unit")}
    assert kinds["change-2.2"] == "Paragraph 2.2 (added)" and kinds["change-2.3"] == "Paragraph 2.3 (added)"
    removed = five_versions.page("core/alpha/changes/5/")
    assert removed.select_one('div.diff-unit[id="change-2.3"] h3').get_text(" ", strip=True) == "Paragraph 2.3 (removed)"


def test_amendments_page_groups_by_release_newest_first(five_versions: Build) -> None:
    page = five_versions.page("amendments/")
    headings = [h.get_text(strip=True) for h in page.select("article h2") if h.get("id", "").startswith("release-")]
    assert headings[:2] == ["October 2025", "August 2025"]
    june = page.find("h2", id="release-2025-06").find_next("table")
    rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in june.select("tbody tr")]
    added = next(row for row in rows if row[1].startswith("Details: Two paragraphs added to section 2."))
    # Honest labels: what changed, and the text before it (the version that was replaced, said so)
    assert added[0] == "CP7. Alpha Procedure" and added[2] == "Sections affected: 2"
    assert added[3] == "Versions: What changed · Text before (version 3)"
    assert "In force from" in added[1]
    links = june.select("tbody a")
    assert any(a["href"] == "../core/alpha/changes/4/" for a in links)
    assert any(a["href"] == "../core/alpha/versions/3/" for a in links)
    under_review = page.find("h2", id="under-review").find_next("ul")
    assert "PA1. Beta Arrangements" in under_review.get_text()


def test_feed_is_valid_atom_linking_to_changes_and_discoverable(five_versions: Build) -> None:
    feed = etree.parse(five_versions.site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "CP7. Alpha Procedure (version 5)"
    assert first.find(f"{ATOM}link").get("href") == "https://fixture.example.org/core/alpha/changes/5/"
    for page in ("", "core/alpha/", "glossary/"):
        link = five_versions.page(page).head.find("link", attrs={"type": "application/atom+xml"})
        assert link is not None and link["href"].endswith("feed.xml")
    home = five_versions.page("")
    assert home.find("a", string="Subscribe to updates (Atom feed)") is not None


def test_example_manual_history(example_build: Build) -> None:
    """The shipped example has several versions, a renamed chapter with a redirect and a changed ID."""
    page = example_build.page("core-procedures/responding-to-concerns/")
    assert len(page.select("section#versions ol > li")) == 4
    old = example_build.page("core-procedures/learning-reviews/versions/1/")
    assert old.select_one("article h1").get_text(" ", strip=True).startswith("CP5. Serious Case Reviews")
    redirect = example_build.page("core-procedures/serious-case-reviews/")
    refresh = redirect.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=../learning-reviews/"
    amendments = example_build.page("amendments/")
    releases = [h.get_text(strip=True) for h in amendments.select("article h2") if h.get("id", "").startswith("release-")]
    # chapters published with no amendment entry appear from their first version (November 2023), PA8 from when
    # it was brought in (December 2023), PG4 (withdrawn since) first published in June 2023, PA7 with its one
    # amendment (September 2020)
    assert releases == ["June 2026", "December 2025", "June 2025", "December 2024", "June 2024", "December 2023",
                        "November 2023", "June 2023", "September 2020"]
