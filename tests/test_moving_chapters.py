"""Moving or renaming a chapter keeps every old address, link and archived version working."""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Build, run_mkdocs_build, tree_digest
from safeguarding_manual.cli import main
from safeguarding_manual.core.editing.chapters import amend


def run(capsys: pytest.CaptureFixture[str], project: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--procedures", str(project / "procedures"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def followed(build: Build, page_url: str, href: str) -> str:
    """The site path a relative link on a page leads to."""
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(page_url, path)) + "/"
    return target.lstrip("./") + (f"#{fragment}" if fragment else "")


@pytest.fixture
def moved(small_manual: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Build, str]:
    """Alpha (CP1) has an archived version, and a docs page links to it; it moves one folder down."""
    amend(small_manual / "procedures", "CP1", "Paragraph 1.1 reworded.", date="2025-07-01")
    alpha = small_manual / "procedures/core/alpha.md"
    alpha.write_text(alpha.read_text().replace("The LSCP meets here.", "The LSCP meets here monthly."))
    index = small_manual / "docs/index.md"
    index.write_text(index.read_text() + "\nRead [paragraph 1.2 of Alpha](core/alpha.md#1.2).\n")
    code, out, err = run(capsys, small_manual, "move", "CP1", "core/adults/alpha-renamed.md", "--docs",
                         str(small_manual / "docs"))
    assert code == 0, err
    build = run_mkdocs_build(small_manual)
    assert build.returncode == 0, build.output
    return small_manual, build, out


def test_move_rewrites_files_archive_and_links(moved: tuple[Path, Build, str]) -> None:
    project, _, out = moved
    procedures = project / "procedures"
    assert not (procedures / "core/alpha.md").exists()
    text = (procedures / "core/adults/alpha-renamed.md").read_text()
    assert 'redirect_from: ["core/alpha/"]' in text
    assert "[Beta](../../partnership/beta.md#2.1)" in text, "its own links are re-pointed from the new folder"
    assert "(../core/adults/alpha-renamed.md#1.2)" in (procedures / "partnership/beta.md").read_text()
    assert "(core/adults/alpha-renamed.md#1.2)" in (project / "docs/index.md").read_text()
    assert (procedures / "_archive/core/adults/alpha-renamed/v1.md").exists()
    assert not (procedures / "_archive/core/alpha").exists()
    manifest = (procedures / "_archive/manifest.yml").read_text()
    assert "core/adults/alpha-renamed/v1.md: " in manifest and "core/alpha/v1.md" not in manifest
    assert "now redirects to core/adults/alpha-renamed/" in out


def test_old_addresses_redirect_to_the_moved_pages(moved: tuple[Path, Build, str]) -> None:
    _, build, _ = moved
    for old, new in (("core/alpha/", "core/adults/alpha-renamed/"),
                     ("core/alpha/versions/1/", "core/adults/alpha-renamed/versions/1/"),
                     ("core/alpha/changes/2/", "core/adults/alpha-renamed/changes/2/")):
        page = build.page(old)
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert followed(build, old, refresh.split("url=", 1)[1]) == new
        script = page.find("script")
        assert script.string is None, "no inline script: the site's CSP runs only its own files"
        assert followed(build, old, script["data-target"]) == new
        sender = (build.site / old / "index.html").parent / script["src"]
        assert "location.hash" in sender.resolve().read_text("utf-8"), "a cited paragraph (#1.2) survives the redirect"
        assert "Content-Security-Policy" in page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["http-equiv"]
        assert (build.site / new / "index.html").exists()


def test_archived_version_links_still_lead_to_the_right_chapter(moved: tuple[Path, Build, str]) -> None:
    """The archived text was written in core/; its link to Beta is read from there."""
    _, build, _ = moved
    url = "core/adults/alpha-renamed/versions/1/"
    links = [a["href"] for a in build.page(url).select(".chapter-body a") if "beta" in a["href"]]
    assert [followed(build, url, href) for href in links] == ["partnership/beta/#2.1"]


@pytest.mark.parametrize("destination, message", [
    ("partnership/beta.md", "already exists"),
    ("core/Alpha Renamed.md", "cannot be a chapter path"),
    ("_archive/core/alpha2.md", "cannot be moved into the archive"),
    ("core/alpha.md", "already at core/alpha.md"),
    ("../outside.md", "cannot be a chapter path"),
])
def test_refused_moves_say_why_and_change_nothing(small_manual: Path, capsys: pytest.CaptureFixture[str],
                                                  destination: str, message: str) -> None:
    before = tree_digest(small_manual)
    code, out, err = run(capsys, small_manual, "move", "CP1", destination)
    assert code == 2 and message in err, err
    assert "Traceback" not in out + err
    assert tree_digest(small_manual) == before


# --- procedures check --base: addresses published at an earlier commit must still work ---------------


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args], cwd=project,
                   check=True, capture_output=True)


def check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "safeguarding_manual.cli", "check", *args], cwd=project,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture
def repository(small_manual: Path) -> Path:
    gamma = small_manual / "procedures/partnership/gamma.md"
    gamma.write_text((small_manual / "procedures/partnership/beta.md").read_text()
                     .replace("id: PA1", "id: PA2").replace("Beta", "Gamma").replace("status: under-review", "status: current")
                     .replace("See [Alpha 1.2](../core/alpha.md#1.2).", "Stands alone."))
    git(small_manual, "init", "-q", "-b", "main")
    git(small_manual, "add", "-A")
    git(small_manual, "commit", "-q", "-m", "published")
    return small_manual


def test_a_chapter_renamed_by_hand_without_a_redirect_fails_the_check(repository: Path) -> None:
    (repository / "procedures/core/alpha.md").rename(repository / "procedures/core/alpha-renamed.md")
    beta = repository / "procedures/partnership/beta.md"
    beta.write_text(beta.read_text().replace("../core/alpha.md", "../core/alpha-renamed.md"))
    result = check(repository, "--base", "main")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "procedures/core/alpha.md: CP1 was published at core/alpha/ in main, but no chapter or redirect serves "
        "that address now. If you moved or renamed the file, use 'procedures move' or add \"redirect_from: "
        "[core/alpha/]\" to its new file; to retire the chapter, restore the file with 'status: withdrawn'.")
    assert "Traceback" not in result.stdout + result.stderr


def test_a_chapter_moved_with_the_command_passes_the_check(repository: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, repository, "move", "CP1", "core/alpha-renamed.md", "--docs", str(repository / "docs"))
    assert code == 0, err
    result = check(repository, "--base", "main")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_published_chapter_turned_into_a_draft_fails_the_check(repository: Path) -> None:
    gamma = repository / "procedures/partnership/gamma.md"
    gamma.write_text(gamma.read_text().replace("status: current", "status: draft"))
    result = check(repository, "--base", "main")
    assert result.returncode == 1
    assert result.stdout.startswith("procedures/partnership/gamma.md:6: PA2 was published at main and is now a "
                                    "draft, so its page partnership/gamma/ would disappear.")


def test_an_unknown_base_is_explained(repository: Path) -> None:
    result = check(repository, "--base", "origin/no-such-branch")
    assert result.returncode == 1
    assert "git does not know the commit 'origin/no-such-branch'" in result.stdout
    assert "fetch-depth: 0" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_base_outside_a_git_repository_is_explained(small_manual: Path) -> None:
    result = check(small_manual, "--base", "main")
    assert result.returncode == 1
    assert "is not in a git repository; --base compares with the manual's git history" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
