"""No superseded text can be lost: against the published base, a changed chapter needs its record.

Each test makes a real git repository of the small manual, publishes it as ``main``, edits it as an
editor would on GitHub (words only), and runs ``procedures check --base main`` and
``procedures amend --from-base main`` as the pull-request workflow does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_mkdocs_build
from selectolax.lexbor import LexborHTMLParser

ALPHA = "procedures/core/alpha.md"


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args], cwd=project,
                          check=True, capture_output=True, text=True).stdout


def procedures(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "safeguarding_manual.cli", *args], cwd=project,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture
def published(small_manual: Path) -> Path:
    git(small_manual, "init", "-q", "-b", "main")
    git(small_manual, "add", "-A")
    git(small_manual, "commit", "-q", "-m", "published")
    return small_manual


def edit_words(project: Path, old: str = "The LSCP meets here.", new: str = "The LSCP meets monthly.") -> None:
    path = project / ALPHA
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_words_changed_without_a_record_fail_the_check_with_what_to_do(published: Path) -> None:
    edit_words(published)
    result = procedures(published, "check", "--base", "main")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{ALPHA}:5: the text of CP1 has changed since main, but it is still version 1, so the text published "
        "until now would be lost. Raise 'version' to 2, add an amendment (date, summary, version: 2) and archive "
        "the text of version 1 as procedures/_archive/core/alpha/v1.md: 'procedures amend --from-base main' does "
        "all three (the pull-request check offers it as a commit).")
    assert "Traceback" not in result.stdout + result.stderr


def test_front_matter_only_changes_need_no_new_version(published: Path) -> None:
    edit_words(published, "review_due: 2026-06-02", "review_due: 2026-09-01")
    result = procedures(published, "check", "--base", "main")
    assert "has changed since main" not in result.stdout


def test_amend_from_base_archives_the_published_text_and_the_check_then_passes(published: Path) -> None:
    published_text = (published / ALPHA).read_text("utf-8")
    edit_words(published)
    result = procedures(published, "amend", "--from-base", "main", "--summary", "Meetings are monthly.",
                        "--date", "2025-07-01")
    assert result.returncode == 0, result.stderr
    assert "CP1: archived the text published at main" in result.stdout
    snapshot = published / "procedures/_archive/core/alpha/v1.md"
    assert snapshot.read_text("utf-8") == published_text
    chapter = (published / ALPHA).read_text("utf-8")
    assert "version: 2\n" in chapter and "The LSCP meets monthly." in chapter
    assert 'summary: "Meetings are monthly."' in chapter and "last_updated: 2025-07-01" in chapter
    check = procedures(published, "check", "--base", "main")
    assert check.returncode == 0, check.stdout + check.stderr
    build = run_mkdocs_build(published)
    archived = build.page("core/alpha/versions/1/")
    assert "The LSCP meets here." in archived.select_one("article").get_text()


def test_amend_from_base_numbers_the_amendment_the_editor_wrote(published: Path) -> None:
    edit_words(published)
    edit_words(published, "    release: 2025-06\n", "    release: 2025-06\n  - date: 2025-07-01\n    summary: Monthly.\n")
    edit_words(published, "last_updated: 2025-06-02", "last_updated: 2025-07-01")
    result = procedures(published, "amend", "--from-base", "main")
    assert result.returncode == 0, result.stderr
    chapter = (published / ALPHA).read_text("utf-8")
    assert "  - date: 2025-07-01\n    version: 2\n    summary: Monthly.\n" in chapter
    assert procedures(published, "check", "--base", "main").returncode == 0


def test_amend_from_base_without_any_summary_asks_for_one_and_writes_nothing(published: Path) -> None:
    edit_words(published)
    before = (published / ALPHA).read_text("utf-8")
    result = procedures(published, "amend", "--from-base", "main")
    assert result.returncode == 2
    assert "no amendment says what changed" in result.stderr
    assert (published / ALPHA).read_text("utf-8") == before
    assert not (published / "procedures/_archive/core/alpha").exists()


def test_version_raised_by_hand_without_the_snapshot_is_completed(published: Path) -> None:
    edit_words(published)
    edit_words(published, "version: 1\nstatus", "version: 2\nstatus")
    edit_words(published, "    version: 1\n", "    version: 1\n  - date: 2025-06-02\n    summary: Monthly.\n    version: 2\n")
    assert "version 1 of CP1 is missing from the archive" in procedures(published, "check", "--base", "main").stdout
    assert procedures(published, "amend", "--from-base", "main").returncode == 0
    assert procedures(published, "check", "--base", "main").returncode == 0


def test_an_archived_text_that_differs_from_the_published_one_fails(published: Path) -> None:
    assert procedures(published, "amend", "--from-base", "main").stdout.startswith("Nothing to archive")
    edit_words(published)
    procedures(published, "amend", "--from-base", "main", "--summary", "Monthly.")
    git(published, "add", "-A")
    git(published, "commit", "-q", "-m", "version 2")
    snapshot = published / "procedures/_archive/core/alpha/v1.md"
    snapshot.write_text(snapshot.read_text("utf-8").replace("meets here", "met there"), "utf-8")
    procedures(published, "amend", "CP1", "--summary", "Resealed by hand.")  # a cover-up attempt re-records it
    result = procedures(published, "check", "--base", "main")
    assert result.returncode == 1
    assert "procedures/_archive/core/alpha/v1.md" in result.stdout


def test_a_version_that_goes_down_fails(published: Path) -> None:
    edit_words(published)
    procedures(published, "amend", "--from-base", "main", "--summary", "Monthly.")
    git(published, "add", "-A")
    git(published, "commit", "-q", "-m", "version 2")
    git(published, "branch", "-f", "release")
    git(published, "reset", "-q", "--hard", "HEAD~1")
    result = procedures(published, "check", "--base", "release")
    assert result.returncode == 1
    assert "CP1 is version 1 but was already version 2 at release; versions only go up." in result.stdout


def test_a_chapter_published_with_no_amendments_is_on_the_amendments_page_and_feed(small_build) -> None:  # type: ignore[no-untyped-def]
    """Beta (PA1) is published with ``amendments: []``: it still came into force, as version 1."""
    rows = [row.get_text(" ", strip=True) for row in small_build.page("amendments/").select("table tr")]
    assert any(row.startswith("PA1. Beta Arrangements Details: First published.") for row in rows), rows
    import xml.etree.ElementTree as ElementTree

    titles = [e.text for e in ElementTree.parse(small_build.site / "feed.xml").getroot()
              .iter("{http://www.w3.org/2005/Atom}title")]
    assert "PA1. Beta Arrangements (version 1)" in titles


def test_a_chapter_with_history_before_this_manual_says_so_and_needs_no_old_snapshots(small_manual: Path) -> None:
    beta = small_manual / "procedures/partnership/beta.md"
    beta.write_text(beta.read_text("utf-8").replace("version: 1\n", "version: 4\nversions_kept_from: 4\n"
                                                    "imported: 2025-05-01\n"), "utf-8")
    build = run_mkdocs_build(small_manual)
    assert build.returncode == 0, build.output
    page = build.page("partnership/beta/")
    box = page.select_one(".amendment-box").get_text(" ", strip=True)
    assert "brought into this manual at version 4 on 1 May 2025" in box
    assert "not been amended since it was first published" not in box
    assert "Versions 1 to 3: published before this manual was kept here" in page.select_one("#versions").get_text(" ")
    rows = [row.get_text(" ", strip=True) for row in build.page("amendments/").select("table tr")]
    assert any("Brought into this manual at version 4" in row for row in rows)


def test_history_before_this_manual_needs_its_import_date(small_manual: Path) -> None:
    beta = small_manual / "procedures/partnership/beta.md"
    beta.write_text(beta.read_text("utf-8").replace("version: 1\n", "version: 4\nversions_kept_from: 4\n"), "utf-8")
    build = run_mkdocs_build(small_manual)
    assert build.returncode != 0
    assert "procedures/partnership/beta.md:6: versions_kept_from needs 'imported: YYYY-MM-DD'" in build.output


def test_the_preview_opens_from_disk_and_lists_the_changed_pages(published: Path) -> None:
    edit_words(published)
    with (published / ALPHA).open("a", encoding="utf-8") as chapter:  # a link only the link checker sees
        chapter.write('\n<a href="../../partnership/nowhere/">Nowhere</a>\n')
    check = procedures(published, "check")
    assert check.returncode == 1 and "broken link" in check.stdout  # the link check fails...
    result = procedures(published, "preview", "--output", "preview", "--base", "main")
    assert result.returncode == 0, result.stdout + result.stderr  # ...and the preview is built all the same
    assert "- `core/alpha/index.html`" in result.stdout
    preview = published / "preview"
    broken = []
    for page in preview.rglob("*.html"):
        for node in LexborHTMLParser(page.read_text("utf-8")).css("a[href], link[href], script[src], img[src]"):
            target = node.attributes.get("href") or node.attributes.get("src") or ""
            path = target.split("#")[0].split("?")[0]
            if not path or ":" in path:
                continue
            resolved = (page.parent / path).resolve()
            if not resolved.is_file():
                broken.append(f"{page.relative_to(preview)} -> {target}")
    # only the link made broken: on the chapter and on its current version's permanent page
    assert broken == ["core/alpha/index.html -> ../../partnership/nowhere/index.html",
                      "core/alpha/versions/1/index.html -> ../../../../partnership/nowhere/index.html"], broken
    assert 'http-equiv="Content-Security-Policy"' not in (preview / "index.html").read_text("utf-8")
