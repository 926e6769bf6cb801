"""The one check command: content, strict build and linkchecker, reported as file:line lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import copy_example_manual, copy_fixture, tree_digest


def run_check(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "safeguarding_manual.cli", "check", *args], cwd=project,
                          capture_output=True, text=True, env={**os.environ, **(env or {})})


def test_example_manual_passes_every_check_and_is_published(tmp_path: Path) -> None:
    project = copy_example_manual(tmp_path)
    result = run_check(project, "--output", "public")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed" in result.stdout
    assert (project / "public/index.html").exists()
    assert (project / "public/thresholds/index.html").exists()


def test_content_problems_are_listed_as_file_line_message_with_annotations(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    alpha = project / "procedures/core/alpha.md"
    alpha.write_text(alpha.read_text().replace("status: current", "status: live").replace("**1.2**", "**1.4**"))
    (project / "glossary.yml").write_text("terms:\n  - term: A\n    definition: ''\n")
    (project / "site").mkdir()
    (project / "site/index.html").write_text("last good site")
    before = tree_digest(project)
    result = run_check(project, "--output", "site", env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert "procedures/core/alpha.md:6: 'status' is 'live'; it must be one of: current, under-review, draft, withdrawn." in lines
    assert "procedures/core/alpha.md:28: paragraph 1.4 skips 1.2; number paragraphs one after another." in lines
    assert "glossary.yml:3: entry 'A': 'terms[1].definition' must not be empty." in lines
    assert "::error file=procedures/core/alpha.md,line=6::'status' is 'live'; it must be one of: current, under-review, draft, withdrawn." in lines
    # alpha's front matter is wrong, yet the link to its renumbered paragraph is judged in the same run
    assert any(line.startswith("procedures/partnership/beta.md:18: the link '../core/alpha.md#1.2' points to #1.2")
               for line in lines), lines
    assert lines[-1] == "4 problem(s) found."
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_digest(project) == before
    assert (project / "site/index.html").read_text() == "last good site"


def test_links_missed_by_markdown_are_found_by_linkchecker(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    (project / "docs/index.md").write_text(
        "# Home\n\n<p><a href=\"core/alpha/#9.9\">a missing paragraph</a> and <a href=\"nowhere/\">a missing page</a></p>\n"
    )
    result = run_check(project)
    assert result.returncode == 1, result.stdout
    problems = [line for line in result.stdout.splitlines() if line.startswith("site/")]
    assert any("nowhere/" in line and "broken link" in line for line in problems), result.stdout
    assert any("#9.9" in line and "Anchor" in line for line in problems), result.stdout
    assert all(line.startswith("site/:3:") or line.startswith("site/") for line in problems)


def test_missing_config_is_a_clear_error(tmp_path: Path) -> None:
    result = run_check(tmp_path)
    assert result.returncode == 2
    assert "mkdocs.yml does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_edit_link_on_every_chapter(example_build) -> None:  # type: ignore[no-untyped-def]
    for path in ("core-procedures/child-death-reviews/", "thresholds/"):
        edit = example_build.page(path).select_one("a[rel=edit]")
        source = "thresholds.md" if path == "thresholds/" else "core-procedures/child-death-reviews.md"
        assert edit["href"] == f"https://github.com/example-lscp/procedures/edit/main/procedures/{source}"


def test_builds_under_properdocs(tmp_path: Path) -> None:
    """ProperDocs, the maintained fork of MkDocs 1.x, builds the same manual with the same plugins."""
    project = copy_example_manual(tmp_path)
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    from bs4 import BeautifulSoup

    page = BeautifulSoup((tmp_path / "out/core-procedures/child-death-reviews/index.html").read_text(), "html.parser")
    assert page.select_one("article h1").get_text(" ", strip=True) == "CP2. Child Death Reviews"
    assert [d["id"] for d in page.select("div.numbered-paragraph")][:2] == ["1.1", "1.2"]
