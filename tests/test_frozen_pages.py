"""Frozen pages (archived versions, permanent addresses, comparisons) are made once and reused.

A build that reuses them must write exactly the bytes a build without the cache writes, whatever changed
in between; a change to what a frozen page shows must make that page again, and only what it touches.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Build, copy_example_manual, run_mkdocs_build
from safeguarding_manual.mkdocs_plugins.disk_cache import ENTRY_NAME

FROZEN_SUMMARY = re.compile(r"Frozen pages \([^)]*\): (\d+) reused from .*?, (\d+) made\.")
COPIED_SUMMARY = re.compile(r"(\d+) of those reused were copied without MkDocs' page loop\.")
PG3_VERSION = "practice-guidance/safe-recruitment/versions/1/"


def site_bytes(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def frozen_counts(build: Build) -> tuple[int, int]:
    """(pages reused, pages made), from the build's log."""
    found = FROZEN_SUMMARY.search(build.output)
    assert found, build.output
    return int(found.group(1)), int(found.group(2))


def build_ok(project: Path, site: Path) -> Build:
    build = run_mkdocs_build(project, site=site)
    assert build.returncode == 0, build.output
    return build


def uncached(project: Path, site: Path) -> Build:
    """The same project built with the cache switched off in its settings (restored afterwards)."""
    settings = project / "mkdocs.yml"
    text = settings.read_text("utf-8")
    settings.write_text(text.replace("procedures_dir: procedures",
                                     "procedures_dir: procedures\n      frozen_cache: false\n"
                                     "      conversion_cache: false"), "utf-8")
    try:
        build = run_mkdocs_build(project, site=site)
    finally:
        settings.write_text(text, "utf-8")
    assert build.returncode == 0, build.output
    assert FROZEN_SUMMARY.search(build.output) is None
    return build


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROCEDURES_CACHE_DIR", str(tmp_path / "cache"))
    return copy_example_manual(tmp_path)


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text("utf-8")
    assert old in text, f"{path} does not contain {old!r}"
    file.write_text(text.replace(old, new, 1), "utf-8")


def test_a_cached_build_is_byte_identical_to_an_uncached_one(project: Path, tmp_path: Path) -> None:
    cold = build_ok(project, tmp_path / "cold")
    reused, made = frozen_counts(cold)
    assert reused == 0 and made > 40
    warm = build_ok(project, tmp_path / "warm")
    assert frozen_counts(warm) == (made, 0)
    without = uncached(project, tmp_path / "without")
    expected = site_bytes(without.site)
    assert site_bytes(cold.site) == expected
    assert site_bytes(warm.site) == expected


def _front_matter_entry(cache: Path) -> tuple[Path, dict]:  # type: ignore[type-arg]
    """The stored front matter of the frozen pages' sources (one entry, see FrozenPages.read_source)."""
    found = []
    for path in (cache / "frozen-pages").rglob("*"):
        if path.is_file() and ENTRY_NAME.fullmatch(path.name):
            data = json.loads(zlib.decompress(path.read_bytes()))
            if "sources" in data:
                found.append((path, data))
    assert len(found) == 1
    return found[0]


def copied_count(build: Build) -> int:
    """Frozen pages copied from the cache before MkDocs' page loop, from the build's log."""
    found = COPIED_SUMMARY.search(build.output)
    assert found, build.output
    return int(found.group(1))


def test_front_matter_read_once_stands_in_for_the_key_and_a_wrong_one_only_costs_the_shortcut(
        project: Path, tmp_path: Path) -> None:
    """The third build finds the frozen pages before MkDocs' loop by the front matter the second stored,
    and writes the same bytes as a build without the cache. Front matter stored wrongly finds nothing
    there: the pages go through MkDocs, which reads their sources itself, and are found by their real key."""
    _, made = frozen_counts(build_ok(project, tmp_path / "cold"))
    assert frozen_counts(build_ok(project, tmp_path / "second")) == (made, 0)
    path, data = _front_matter_entry(tmp_path / "cache")
    assert len(data["sources"]) >= made // 2
    third = build_ok(project, tmp_path / "third")
    assert frozen_counts(third) == (made, 0) and copied_count(third) == made
    expected = site_bytes(uncached(project, tmp_path / "without").site)
    assert site_bytes(third.site) == expected
    data["sources"] = {digest: json.dumps({"planted": "by the test"}) for digest in data["sources"]}
    path.write_bytes(zlib.compress(json.dumps(data).encode("utf-8")))
    fourth = build_ok(project, tmp_path / "fourth")
    assert frozen_counts(fourth) == (made, 0) and copied_count(fourth) == 0
    assert site_bytes(fourth.site) == expected


def test_a_chapter_edit_makes_its_own_frozen_pages_again_and_reuses_the_rest(project: Path, tmp_path: Path) -> None:
    _, made = frozen_counts(build_ok(project, tmp_path / "first"))
    edit(project, "procedures/practice-guidance/safe-recruitment.md",
         "title: Safer Recruitment and Allegations against Staff", "title: Safer Recruitment of Staff")
    warm = build_ok(project, tmp_path / "warm")
    reused, made_again = frozen_counts(warm)
    assert reused + made_again == made
    assert 3 <= made_again < made // 2, "the chapter's versions and comparison are made again, not the whole archive"
    assert site_bytes(warm.site) == site_bytes(uncached(project, tmp_path / "without").site)
    notice = warm.page(PG3_VERSION).select_one(".status-banner--superseded").get_text(" ", strip=True)
    assert "Safer Recruitment of Staff, version 2" in notice


def test_site_wide_changes_reach_every_frozen_page(project: Path, tmp_path: Path) -> None:
    """Settings, the manual's title (in every citation), the glossary and the project's template overrides."""
    build_ok(project, tmp_path / "first")
    edit(project, "mkdocs.yml", "site_name: Example Safeguarding Children Procedures",
         "site_name: Renamed Procedures")
    edit(project, "procedures/manual.yml", "title: Example Safeguarding Children Procedures",
         "title: Example Procedures, Renamed")
    edit(project, "glossary.yml", "\n", "\n# a comment changes the file\n")
    overrides = project / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text('{% extends "base.html" %}\n{% block announce %}Override{% endblock %}\n',
                                         "utf-8")
    edit(project, "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    warm = build_ok(project, tmp_path / "warm")
    assert frozen_counts(warm)[0] == 0, "every frozen page shows the site name and a citation"
    again = build_ok(project, tmp_path / "again")
    assert frozen_counts(again)[1] == 0
    expected = site_bytes(uncached(project, tmp_path / "without").site)
    assert site_bytes(warm.site) == expected and site_bytes(again.site) == expected
    page = again.page(PG3_VERSION)
    assert "Example Procedures, Renamed" in page.select_one(".paragraph-cite .citation").get_text(" ", strip=True)


def test_a_frozen_page_with_a_problem_is_never_stored(project: Path, tmp_path: Path) -> None:
    """A hostile archived text fails every build, not only the first."""
    snapshot = "procedures/_archive/practice-guidance/safe-recruitment/v1.md"
    edit(project, snapshot, "## 1.", '<a href="javascript:alert(1)">x</a>\n\n## 1.')
    for attempt in ("first", "second"):
        build = run_mkdocs_build(project, site=tmp_path / attempt)
        assert build.returncode != 0, attempt
        assert "v1.md" in build.output and "javascript" in build.output.lower(), attempt
        assert not (tmp_path / attempt / PG3_VERSION / "index.html").exists()


def test_frozen_pages_carry_a_short_record_navigation_not_the_site_navigation(project: Path, tmp_path: Path) -> None:
    build = build_ok(project, tmp_path / "site")
    page = build.page(PG3_VERSION)
    navigation = page.select_one(".md-sidebar--primary nav")
    links = [(a.get_text(" ", strip=True), a["href"]) for a in navigation.select(".md-nav__list a")]
    assert links == [
        ("Home", "../../../../"),
        ("PG3. Safer Recruitment and Allegations against Staff (current version)", "../../"),
        ("All versions of this chapter", "../../#versions"),
        ("Amendments", "../../../../amendments/"),
        ("The manual on a date", "../../../../on-a-date/"),
    ]
    for _, href in links:
        target = (build.site / PG3_VERSION / href.split("#")[0] / "index.html").resolve()
        assert target.is_file(), href
    assert page.select_one(".md-tabs") is None
    chapter = build.page("practice-guidance/safe-recruitment/")
    assert len(chapter.select(".md-sidebar--primary .md-nav__link")) > len(links), "chapters keep the site navigation"


def test_serve_rebuilds_reuse_frozen_pages_and_match_an_uncached_build(project: Path, tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    """While serving, frozen pages come from the cache too (policy left out as for every served page)."""
    from test_serve_cache import serve_rebuild, site_files

    from safeguarding_manual.mkdocs_plugins.conversion_cache import CONVERSIONS

    CONVERSIONS.entries.clear()
    serve_rebuild(project, tmp_path / "first")
    with caplog.at_level(logging.INFO):
        serve_rebuild(project, tmp_path / "second")
    counts = FROZEN_SUMMARY.search(caplog.text)
    assert counts and int(counts.group(1)) > 40 and counts.group(2) == "0", caplog.text[-2000:]
    served = BeautifulSoup((tmp_path / "second" / PG3_VERSION / "index.html").read_text("utf-8"), "html.parser")
    assert served.select_one('meta[http-equiv="Content-Security-Policy"]') is None
    assert served.select_one(".record-nav") is not None
    CONVERSIONS.entries.clear()
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text("utf-8").replace(
        "procedures_dir: procedures", "procedures_dir: procedures\n      frozen_cache: false\n"
        "      conversion_cache: false"), "utf-8")
    serve_rebuild(project, tmp_path / "uncached")
    assert site_files(tmp_path / "second") == site_files(tmp_path / "uncached")


def test_tidying_the_cache_removes_only_its_own_old_entries(tmp_path: Path) -> None:
    """Set to a folder of other files by mistake, the cache deletes none of them."""
    import os

    from safeguarding_manual.mkdocs_plugins.frozen_pages import Entry, PageStore, _output_key

    store = PageStore(tmp_path)
    old_key, new_key = "ab" + "0" * 62, "cd" + "1" * 62
    store.put_page(old_key, Entry("<html>old</html>", [], {}))
    store.put_page(new_key, Entry("<html>new</html>", [], {}))
    others = [tmp_path / "ab" / "notes.txt", tmp_path / "photos" / ("ef" + "2" * 62), tmp_path / "ab" / ("cd" + "3" * 62)]
    for path in others:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not the cache's", "utf-8")
    month_ago = os.stat(tmp_path).st_mtime - 30 * 86400
    old_output = store._path(_output_key(old_key))
    for path in [tmp_path / "ab" / old_key, old_output, *others]:
        os.utime(path, (month_ago, month_ago))
    assert store.remove_unused() == 2  # the old page's links and its HTML
    assert store.get_links(old_key) is None and store.get_output(old_key) is None
    assert store.get_links(new_key) is not None and store.get_output(new_key) == "<html>new</html>"
    assert all(path.exists() for path in others)


def test_the_cache_is_looked_through_at_most_once_a_day(tmp_path: Path) -> None:
    import os

    from safeguarding_manual.mkdocs_plugins.frozen_pages import Entry, PageStore

    store = PageStore(tmp_path)
    key = "ab" + "0" * 62
    assert store.remove_unused() == 0  # looks through the empty folder, and notes it
    store.put_page(key, Entry("<html>old</html>", [], {}))
    month_ago = os.stat(tmp_path).st_mtime - 30 * 86400
    for path in tmp_path.glob("??/*"):
        os.utime(path, (month_ago, month_ago))
    assert store.remove_unused() == 0  # the same day: not looked through again
    day_ago = os.stat(tmp_path / ".tidied").st_mtime - 86400 - 60
    os.utime(tmp_path / ".tidied", (day_ago, day_ago))
    assert store.remove_unused() == 2


def test_pages_copied_from_the_cache_still_have_their_links_checked(project: Path, tmp_path: Path) -> None:
    """A stored page is copied into the site without MkDocs making it, but an anchor it links to that has
    since gone is still reported (the page's key holds where its links lead, not the anchors there): an
    archived version recorded with a link to a heading of a page under docs/, whose heading is renamed."""
    record_archived_text(project, "practice-guidance/safe-recruitment/v1.md", "## 1. Safer Recruitment",
                         "See [how accessible the site is](../accessibility.md#compliance-status).\n\n"
                         "## 1. Safer Recruitment")
    edit(project, "docs/accessibility.md", "## How accessible this website is",  # a link MkDocs notes when left out
         "The [first version of PG3](practice-guidance/safe-recruitment/versions/1.md) is kept.\n\n"
         "## How accessible this website is")
    _, made = frozen_counts(build_ok(project, tmp_path / "first"))
    warm = build_ok(project, tmp_path / "warm")
    assert frozen_counts(warm) == (made, 0)
    assert "excluded from the built site" not in warm.output, "MkDocs' notes about the copied pages are not shown"
    link = warm.page(PG3_VERSION).select_one('a[href$="#compliance-status"]')
    assert link is not None and link["href"] == "../../../../accessibility/#compliance-status"
    edit(project, "docs/accessibility.md", "## Compliance status", "## Compliance")
    broken = run_mkdocs_build(project, site=tmp_path / "broken")
    assert broken.returncode != 0
    assert frozen_counts(broken)[0] > 0, "the archived version was copied, not made again"
    assert "excluded from the built site" not in broken.output, "accessibility.md, converted again, links to it"
    assert re.search(r"Doc file '[^']*safe-recruitment/versions/1[^']*' contains a link '[^']*#compliance-status', "
                     r"but the doc 'accessibility.md' does not contain an anchor '#compliance-status'", broken.output), \
        broken.output
    assert not (tmp_path / "broken").exists() or not any((tmp_path / "broken").iterdir())


def record_archived_text(project: Path, archived: str, old: str, new: str) -> None:
    """Change an archived version and its recorded digest, as if it had been archived with that text."""
    edit(project, f"procedures/_archive/{archived}", old, new)
    digest = hashlib.sha256((project / "procedures/_archive" / archived).read_bytes()).hexdigest()
    manifest = project / "procedures/_archive/manifest.yml"
    lines = [f"{archived}: {digest}" if line.startswith(f"{archived}:") else line
             for line in manifest.read_text("utf-8").splitlines()]
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
