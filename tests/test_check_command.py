"""The one check command: content, strict build and linkchecker, reported as file:line lines."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from safeguarding_manual import check

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


def test_a_build_started_beside_failing_source_checks_is_stopped_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The strict build runs while the sources are checked; when they fail it is stopped, with what it started."""
    project = copy_fixture("small", tmp_path / "project")
    alpha = project / "procedures/core/alpha.md"
    alpha.write_text(alpha.read_text().replace("status: current", "status: live"))
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    problems = check.run_check(project / "mkdocs.yml")
    assert [problem.format() for problem in problems] == [
        "procedures/core/alpha.md:6: 'status' is 'live'; it must be one of: current, under-review, draft, withdrawn."]
    assert list(temp.iterdir()) == []
    running = [cmdline for cmdline in _command_lines() if str(temp) in cmdline]
    assert running == []


def _command_lines() -> list[str]:
    lines = []
    for process in Path("/proc").iterdir():
        try:
            lines.append((process / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace"))
        except OSError:
            continue
    return lines


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


def test_every_anchor_is_checked_on_the_page_and_line_that_links_to_it(tmp_path: Path) -> None:
    project = copy_fixture("small", tmp_path)
    (project / "docs/index.md").write_text(
        "# Home\n\n"
        "<p><a href=\"core/alpha/#1.1\">there</a></p>\n\n"
        "<p><a href=\"core/alpha/#%31.1\">there, encoded</a></p>\n\n"
        "<p><a href=\"#nowhere-on-this-page\">not on this page</a></p>\n\n"
        "<p><a href=\"core/alpha/index.html#9.9\">not on that page</a></p>\n\n"
        "<p><a href=\"../../../../etc/hostname#x\">out of the site</a></p>\n"
    )
    result = run_check(project)
    built = tmp_path / "built"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(built)], cwd=project,
                   check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    home = (built / "index.html").read_text("utf-8").splitlines()

    def line_of(href: str) -> int:
        return next(number for number, text in enumerate(home, 1) if f'href="{href}"' in text)

    problems = [line for line in result.stdout.splitlines() if line.startswith("site/")]
    assert f"site/:{line_of('#nowhere-on-this-page')}: broken link to /#nowhere-on-this-page: " \
           "Anchor 'nowhere-on-this-page' is not on that page." in problems, result.stdout
    assert f"site/:{line_of('core/alpha/index.html#9.9')}: broken link to /core/alpha/index.html#9.9: " \
           "Anchor '9.9' is not on that page." in problems, result.stdout
    assert not any("1.1" in line for line in problems), result.stdout
    assert any("etc/hostname" in line and "404" in line for line in problems), result.stdout
    assert len(problems) == 3, result.stdout
    assert result.returncode == 1


def test_anchors_on_pages_linkchecker_never_reads_are_still_checked(tmp_path: Path) -> None:
    """robots.txt keeps linkchecker out of /b/; the anchor plugin downloads it once at the end and judges the
    links into it. (The site is in pytest's private folder: the plugin reads nothing from disk, so linkchecker
    run as root, which becomes 'nobody', checks it all the same.)"""
    from safeguarding_manual.check import _check_links

    problems = [problem.format() for problem in _check_links(_robots_site(tmp_path), tmp_path, external=False)]
    assert problems == ["site/:3: broken link to /b/#missing: Anchor 'missing' is not on that page."]


def _robots_site(folder: Path) -> Path:
    site = folder / "site"
    (site / "b").mkdir(parents=True)
    (site / "index.html").write_text('<!doctype html><html><head><title>Home</title></head><body>\n'
                                     '<p><a href="b/#there">there</a></p>\n<p><a href="b/#missing">missing</a></p>\n'
                                     '</body></html>\n')
    (site / "b/index.html").write_text('<!doctype html><html><head><title>B</title></head><body>'
                                       '<p id="there">text</p></body></html>\n')
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /b/\n")
    return site


def test_a_page_linked_only_with_a_query_is_checked_once_as_itself(tmp_path: Path) -> None:
    """The glossary links "?q=term" searches: each query serves the same page, so linkchecker must not read the
    page once per query (at 1,000 chapters that was most of the check), yet the page's own links are checked,
    and each problem on it is reported once."""
    from safeguarding_manual.check import _check_links

    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "index.html").write_text('<!doctype html><html><head><title>Home</title></head><body>\n'
                                     '<p><a href="b/?q=one">one</a> <a href="b/?q=two#there">two</a></p>\n'
                                     '<p><a href="b/?q=three#nowhere">three</a></p>\n</body></html>\n')
    (site / "b/index.html").write_text('<!doctype html><html><head><title>B</title></head><body>\n'
                                       '<p id="there"><a href="../missing/">gone</a></p>\n'
                                       '<p><a href="#not-here">not here</a></p>\n</body></html>\n')
    problems = sorted(problem.format() for problem in _check_links(site, tmp_path, external=False))
    assert len(problems) == 3, problems
    assert problems[0] == "site/:3: broken link to /b/?q=three#nowhere: Anchor 'nowhere' is not on that page."
    assert problems[1] == "site/b/:2: broken link to ../missing/: 404 File not found"
    assert problems[2] == "site/b/:3: broken link to /b/#not-here: Anchor 'not-here' is not on that page."



def test_an_address_linked_again_on_a_page_still_has_every_anchor_judged(tmp_path: Path) -> None:
    """linkchecker is handed each address of a page once (a chapter links its own paragraphs hundreds of
    times); a broken address is still reported, and every anchor of every repeat is still judged, on its line."""
    from safeguarding_manual.check import _check_links

    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "index.html").write_text(
        '<!doctype html><html><head><title>Home</title></head><body>\n'
        '<p><a href="b/#one">one</a> <a href="b/#two">two</a></p>\n'
        '<p><a href="b/#gone">gone</a></p>\n'
        '<p id="here"><a href="#here">here</a> <a href="#here">again</a> <a href="#not-here">not here</a></p>\n'
        '<p><a href="missing/">missing</a> <a href="missing/#x">missing again</a></p>\n'
        '<p><a href="b/#one">one again</a> <a href="b/?q=x#two">two, searched</a> <a href="b/#gone-too">gone too</a></p>\n'
        '</body></html>\n')
    (site / "b/index.html").write_text('<!doctype html><html><head><title>B</title></head><body>'
                                       '<p id="one">one</p><p id="two">two</p></body></html>\n')
    problems = sorted(problem.format() for problem in _check_links(site, tmp_path, external=False))
    assert problems == [
        "site/:3: broken link to /b/#gone: Anchor 'gone' is not on that page.",
        "site/:4: broken link to /#not-here: Anchor 'not-here' is not on that page.",
        "site/:5: broken link to missing/: 404 File not found",
        "site/:6: broken link to /b/#gone-too: Anchor 'gone-too' is not on that page.",
    ]

def test_a_linkchecker_run_that_stops_part_way_fails_the_check() -> None:
    from safeguarding_manual.check import _linkchecker_failure

    finished = "urlname;parentname\n# Stopped checking at 2026-12-01 05:42:59+000 (1 seconds)\n"
    assert _linkchecker_failure(subprocess.CompletedProcess([], 0, finished, "")) == []
    assert _linkchecker_failure(subprocess.CompletedProcess([], 1, finished, "")) == []
    for stopped in (subprocess.CompletedProcess([], 2, finished, "internal error, over and out"),
                    subprocess.CompletedProcess([], 0, finished, "WARNING internal error occurred"),
                    subprocess.CompletedProcess([], -9, "urlname;parentname\n", "")):
        [problem] = _linkchecker_failure(stopped)
        assert problem.file == "site/" and "linkchecker stopped" in problem.message


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
