"""Moving or renaming a chapter keeps every old address, link and archived version working."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from conftest import Build, run_mkdocs_build, tree_digest
from safeguarding_manual.cli import main
from safeguarding_manual.core.editing import amend


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
        assert "location.hash" in page.find("script").string, "a cited paragraph (#1.2) survives the redirect"
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
