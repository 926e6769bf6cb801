"""``mkdocs build`` reuses what an earlier build made (converted HTML, the theme's search entries, the safety
checks' verdicts) and writes exactly the bytes a build without any cache writes.

Each test has a cache folder of its own (``PROCEDURES_CACHE_DIR``), so the first build is a cold one.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest
from conftest import Build, copy_example_manual, run_mkdocs_build, search_docs
from test_frozen_pages import edit, site_bytes

CONVERSION_SUMMARY = re.compile(r"Converted (\d+) page\(s\); reused the HTML of (\d+) unchanged page\(s\)\.")
CHAPTER = "procedures/core-procedures/child-death-reviews.md"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROCEDURES_CACHE_DIR", str(tmp_path / "cache"))
    return copy_example_manual(tmp_path)


def build_ok(project: Path, site: Path, area: str | None = None) -> Build:
    build = run_mkdocs_build(project, site=site, area=area)
    assert build.returncode == 0, build.output[-3000:]
    return build


def conversions(build: Build) -> tuple[int, int]:
    """(pages converted, pages whose HTML was reused), from the build's log."""
    found = CONVERSION_SUMMARY.search(build.output)
    assert found, build.output[-3000:]
    return int(found.group(1)), int(found.group(2))


def without_cache(project: Path, site: Path, area: str | None = None) -> Build:
    """The same project with every cache switched off in its settings (restored afterwards)."""
    settings = project / "mkdocs.yml"
    text = settings.read_text("utf-8")
    settings.write_text(text.replace("procedures_dir: procedures", "procedures_dir: procedures\n"
                                     "      frozen_cache: false\n      conversion_cache: false"), "utf-8")
    try:
        build = build_ok(project, site, area)
    finally:
        settings.write_text(text, "utf-8")
    assert CONVERSION_SUMMARY.search(build.output) is None
    return build


def test_a_build_from_the_cache_is_byte_identical_to_one_without(project: Path, tmp_path: Path) -> None:
    cold = build_ok(project, tmp_path / "cold")
    converted, reused = conversions(cold)
    assert reused == 0 and converted > 30
    warm = build_ok(project, tmp_path / "warm")
    assert conversions(warm) == (0, converted)
    expected = site_bytes(without_cache(project, tmp_path / "without").site)
    assert site_bytes(cold.site) == expected
    assert site_bytes(warm.site) == expected


def test_an_edit_converts_only_its_page_and_matches_a_build_without_cache(project: Path, tmp_path: Path) -> None:
    converted, _ = conversions(build_ok(project, tmp_path / "first"))
    edit(project, CHAPTER, "**2.1** ", "**2.1** Edited between builds. ")
    second = build_ok(project, tmp_path / "second")
    again, reused = conversions(second)
    assert again == 1 and reused == converted - 1, "only the edited chapter is converted again"
    assert "Edited between builds" in " ".join(doc["text"] for doc in search_docs(second.site)), \
        "the search index changes with the text"
    page = second.page("core-procedures/child-death-reviews/")
    assert page.select_one('[id="2.1"] .paragraph-body').get_text(" ", strip=True).startswith("Edited between builds.")
    assert site_bytes(second.site) == site_bytes(without_cache(project, tmp_path / "without").site)


@pytest.mark.parametrize("path, old, new, all_again", [
    ("glossary.yml", "definition: ", "definition: Edited. ", True),  # links and tooltips on every page
    ("mkdocs.yml", "site_name: ", "site_name: Renamed ", True),  # any setting
    ("procedures/manual.yml", "title: Core Procedures", "title: Core Procedures Renamed", False),  # a part's name
    ("procedures/manual.yml", "title: ", "title: Retitled ", False),  # the manual's title, shown around pages
])
def test_a_site_wide_change_reaches_every_page(project: Path, tmp_path: Path, path: str, old: str, new: str,
                                               all_again: bool) -> None:
    build_ok(project, tmp_path / "first")
    edit(project, path, old, new)
    second = build_ok(project, tmp_path / "second")
    if all_again:
        assert conversions(second)[1] == 0
    assert site_bytes(second.site) == site_bytes(without_cache(project, tmp_path / "without").site)


def test_a_page_with_a_problem_is_never_kept_and_fails_every_build(project: Path, tmp_path: Path) -> None:
    guide = project / "docs" / "editor-guide.md"
    guide.write_text(guide.read_text("utf-8") + "\nSee [the old page](no-such-page.md).\n", "utf-8")
    for attempt in ("first", "second"):
        build = run_mkdocs_build(project, site=tmp_path / attempt)
        assert build.returncode != 0 and "no-such-page.md" in build.output, attempt


def test_a_hostile_page_is_refused_on_every_build(project: Path, tmp_path: Path) -> None:
    """The sanitiser's verdict is kept only for clean HTML: a refused page is checked, and refused, each time."""
    edit(project, CHAPTER, "**2.1** ", "**2.1** [Read this](javascript:alert(1)) ")
    for attempt in ("first", "second"):
        build = run_mkdocs_build(project, site=tmp_path / attempt)
        assert build.returncode != 0, attempt
        assert "child-death-reviews.md" in build.output and "javascript" in build.output.lower(), build.output[-2000:]


def test_an_area_glossary_edit_reaches_every_page_of_the_area(project: Path, tmp_path: Path) -> None:
    """An area's glossary additions are part of every page's key, whatever the plugins' order."""
    settings = project / "mkdocs.yml"  # the glossary plugin before the procedures plugin
    text = settings.read_text("utf-8")
    glossary_block = text[text.index("  - glossary:"):text.index("\nvalidation:")]
    settings.write_text(text.replace(glossary_block + "\n", "").replace(
        "  - procedures:", glossary_block + "\n  - procedures:"), "utf-8")
    build_ok(project, tmp_path / "first", "riverside")
    edit(project, "areas/riverside/glossary.yml", 'definition: "The Riverside', 'definition: "Edited locally. The Riverside')
    second = build_ok(project, tmp_path / "second", "riverside")
    assert conversions(second)[1] == 0
    expected = site_bytes(without_cache(project, tmp_path / "without", "riverside").site)
    assert site_bytes(second.site) == expected


def test_a_frozen_page_whose_html_left_the_cache_is_made_again(project: Path, tmp_path: Path) -> None:
    """A frozen page's links and its HTML are kept apart (the HTML is read only when written); with its HTML
    gone the page is made again, never written blank."""
    build_ok(project, tmp_path / "first")
    entries = {path: json.loads(zlib.decompress(path.read_bytes()))
               for path in (tmp_path / "cache" / "frozen-pages").glob("??/*") if path.is_file()}
    outputs = [path for path, entry in entries.items() if "output" in entry]
    markers = [path for path, entry in entries.items() if "stored" in entry]  # pages are stored for these settings
    assert outputs and len(markers) == 1 and len(outputs) * 2 + 1 == len(entries)
    for path in outputs:
        path.unlink()
    second = build_ok(project, tmp_path / "second")
    assert site_bytes(second.site) == site_bytes(without_cache(project, tmp_path / "without").site)


def test_paragraph_alignments_are_kept_and_an_entry_of_another_shape_is_compared_again(project: Path,
                                                                                       tmp_path: Path) -> None:
    build_ok(project, tmp_path / "first")
    entries = [path for path in (tmp_path / "cache" / "alignments").glob("??/*") if path.is_file()]
    assert entries  # every archived version against the one before
    for path in entries:
        key = json.loads(zlib.decompress(path.read_bytes()))["key"]
        path.write_bytes(zlib.compress(json.dumps({"key": key, "kept": 5, "amended": "1.1"}).encode()))
    second = build_ok(project, tmp_path / "second")
    assert site_bytes(second.site) == site_bytes(without_cache(project, tmp_path / "without").site)
