"""The editors' command line: init, new, amend, due, schema; refusals change nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_mkdocs_build, tree_digest
from safeguarding_manual.cli import main, schemas


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_init_creates_a_complete_manual_that_passes_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "init", str(tmp_path / "new"), "--title", "Northshire Procedures",
                       "--publisher", "Northshire Safeguarding Children Partnership", "--area", "Northshire",
                       "--site-url", "https://procedures.northshire.example/",
                       "--repo-url", "https://github.com/northshire/procedures")
    assert code == 0 and "as a git repository with a first commit" in out
    assert "Settings > Pages, set Source to 'GitHub Actions'" in out
    new = tmp_path / "new"
    for name in (".github/workflows/check.yml", ".github/workflows/publish.yml", ".gitignore", "CONTRIBUTING.md",
                 "requirements.txt", "docs/editor-guide.md", "docs/accessibility.md", "docs/privacy.md",
                 "procedures/thresholds.md"):
        assert (new / name).is_file(), name
    assert "run by the Northshire Safeguarding Children Partnership" in (new / "docs/accessibility.md").read_text()
    log = subprocess.run(["git", "log", "--oneline"], cwd=new, capture_output=True, text=True).stdout
    assert len(log.splitlines()) == 1
    check = subprocess.run([sys.executable, "-m", "safeguarding_manual.cli", "check", "--output", "site"], cwd=new,
                           capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert check.returncode == 0, check.stdout + check.stderr
    site = new / "site"
    chapter = (site / "core-procedures/responding-to-concerns/index.html").read_text()
    assert "https://github.com/northshire/procedures/edit/main/procedures/core-procedures/responding-to-concerns.md" in chapter
    assert "<id>https://procedures.northshire.example/feed.xml</id>" in (site / "feed.xml").read_text()
    assert (site / "editor-guide/index.html").exists() and (site / "privacy/index.html").exists()


def test_the_scaffold_guides_are_the_example_manuals_own() -> None:
    """A new manual gets the same editor guide, CONTRIBUTING, accessibility and privacy pages, in its own name."""
    from safeguarding_manual.scaffolding import SCAFFOLD, SHARED_GUIDES, scaffold_text

    for source, copy in SHARED_GUIDES.items():
        assert (SCAFFOLD / copy).read_text() == scaffold_text((REPO / source).read_text()), (
            f"{copy} in the scaffold is out of step with {source}: copy it again with scaffold_text()")


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("x")
    code, _, err = run(capsys, "init", str(tmp_path))
    assert code == 2 and "is not empty" in err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_new_creates_a_draft_with_the_next_free_id(small_manual: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--procedures", str(small_manual / "procedures"), "new", "--part", "CP",
                       "--title", "Missing Children")
    assert code == 0 and "as CP2" in out
    text = (small_manual / "procedures/core/missing-children.md").read_text()
    assert "id: CP2\n" in text and "status: draft\n" in text
    assert run_mkdocs_build(small_manual).returncode == 0


@pytest.mark.parametrize("args, message", [
    (["new", "--part", "ZZ", "--title", "X"], "no part 'ZZ'"),
    (["new", "--part", "CP", "--title", "Alpha"], "alpha.md already exists"),
    (["new", "--part", "CP", "--title", "Bad: title"], "without ':' or '#'"),
    (["amend", "CP9", "--summary", "x"], "no chapter 'CP9'"),
    (["amend", "CP1", "--summary", " "], "give a summary"),
    (["amend", "CP1", "--summary", "x", "--date", "2025-02-30"], "'2025-02-30' is not a real date"),
    (["amend", "CP1", "--summary", "x", "--date", "2020-01-01"], "is before the chapter's last_updated"),
    (["amend", "CP1", "--summary", "x", "--release", "1999-01"], "release '1999-01' is not in procedures/manual.yml"),
    (["amend", "CP1", "--summary", "x", "--paragraphs", "one"], "'one' is not a section or paragraph number"),
    (["due", "--within", "-3"], "--within must be zero or more days"),
    (["due", "--today", "soon"], "'soon' is not a real date"),
])
def test_refused_commands_say_why_and_change_nothing(small_manual: Path, capsys: pytest.CaptureFixture[str],
                                                     args: list[str], message: str) -> None:
    if args[0] == "new" and args[-1] == "Alpha":
        args = [*args, "--file-name", "alpha"]
    before = tree_digest(small_manual)
    code, out, err = run(capsys, "--procedures", str(small_manual / "procedures"), *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out
    assert tree_digest(small_manual) == before


def test_commands_refuse_a_manual_with_problems(small_manual: Path, capsys: pytest.CaptureFixture[str]) -> None:
    alpha = small_manual / "procedures/core/alpha.md"
    alpha.write_text(alpha.read_text().replace("status: current", "status: nonsense"))
    before = tree_digest(small_manual)
    code, _, err = run(capsys, "--procedures", str(small_manual / "procedures"), "amend", "CP1", "--summary", "x")
    assert code == 2 and "fix them first" in err and "procedures/core/alpha.md:6:" in err
    assert tree_digest(small_manual) == before


def test_amend_then_build(small_manual: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--procedures", str(small_manual / "procedures"), "amend", "CP1", "--summary",
                       "Clarified: who attends.", "--date", "2025-07-01", "--release", "2025-06", "--paragraphs", "1.1")
    assert code == 0 and "now version 2" in out
    text = (small_manual / "procedures/core/alpha.md").read_text()
    assert '  - date: 2025-07-01\n    summary: "Clarified: who attends."\n    version: 2\n    release: "2025-06"\n' \
           '    paragraphs: ["1.1"]\n' in text
    # The amendment names 1.1: the build holds the editor to it (an unchanged 1.1 would be refused).
    (small_manual / "procedures/core/alpha.md").write_text(text.replace("members attend.", "members and lay members attend."))
    build = run_mkdocs_build(small_manual)
    assert build.returncode == 0, build.output
    assert build.page("core/alpha/versions/1/").select_one(".status-banner--superseded") is not None


def test_due_lists_overdue_and_upcoming_reviews(small_manual: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--procedures", str(small_manual / "procedures"), "due", "--today", "2026-06-01")
    assert code == 0 and out.strip() == "No chapter reviews are due."
    code, out, _ = run(capsys, "--procedures", str(small_manual / "procedures"), "due", "--today", "2026-06-01",
                       "--within", "5")
    lines = out.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == ["CP1", "PA1"]
    assert lines[0].split("\t")[2] == "due in 1 days"
    code, out, _ = run(capsys, "--procedures", str(small_manual / "procedures"), "due", "--today", "2026-07-01")
    assert "29 days overdue" in out


def test_published_json_schemas_are_up_to_date() -> None:
    for name, schema in schemas().items():
        committed = json.loads((REPO / "docs/schemas" / name).read_text())
        assert committed == schema, f"docs/schemas/{name} is stale: run 'procedures schema'"
    chapter = schemas()["chapter.schema.json"]
    assert set(chapter["required"]) == {"id", "title", "part", "version", "status", "last_updated", "review_due",
                                        "owner", "amendments"}
    assert chapter["properties"]["status"]["enum"] == ["current", "under-review", "draft", "withdrawn"]


def test_the_workflows_gate_publishing_and_help_editors_on_github() -> None:
    """What CI cannot run here is read: the steps that keep nothing lost and publish only what passed."""
    import yaml

    check = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text())
    steps = {step.get("name", ""): step for step in check["jobs"]["check"]["steps"]}
    archive = steps["Archive the published text of chapters edited on GitHub"]["run"]
    assert "procedures amend --from-base" in archive and "git push" in archive and "GITHUB_STEP_SUMMARY" in archive
    assert steps["Build a preview to open from disk, and list the pages changed"]["if"] == "always()"
    assert "procedures preview" in steps["Build a preview to open from disk, and list the pages changed"]["run"]
    assert check["permissions"]["contents"] == "write"
    publish = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text())
    names = [step.get("name", step.get("uses", "")) for step in publish["jobs"]["build"]["steps"]]
    tests = next(i for i, name in enumerate(names) if "accessibility" in name)
    upload = names.index("actions/upload-artifact@v4")
    assert tests < upload, "the site is handed on for publishing only after the browser tests passed"
    assert "pytest" in publish["jobs"]["build"]["steps"][tests]["run"]
    assemble = publish["jobs"]["assemble"]
    assert assemble["needs"] == ["build", "area"] and "needs.build.result == 'success'" in assemble["if"]
    assert "actions/upload-pages-artifact@v3" in [step.get("uses") for step in assemble["steps"]]
    assert publish["jobs"]["deploy"]["needs"] == "assemble"


def test_areas_build_as_a_matrix_and_pull_requests_build_only_the_areas_they_affect() -> None:
    """One job per area, plus the regional site; a pull request checks only the areas its change affects."""
    import yaml

    for root in (REPO / ".github/workflows", REPO / "plugins/safeguarding_manual/scaffold/dot-github/workflows"):
        publish = yaml.safe_load((root / "publish.yml").read_text())
        assert "procedures areas" in publish["jobs"]["areas"]["steps"][-1]["run"]
        area = publish["jobs"]["area"]
        assert area["strategy"]["matrix"]["area"] == "${{ fromJSON(needs.areas.outputs.list) }}"
        assert any('--area "$AREA"' in (step.get("run") or "") for step in area["steps"])
        check = yaml.safe_load((root / "check.yml").read_text())
        assert 'procedures areas --base "$BASE"' in check["jobs"]["areas"]["steps"][-1]["run"]
        assert check["jobs"]["areas"]["steps"][0]["with"]["fetch-depth"] == 0
        runs = [step.get("run") or "" for step in check["jobs"]["check-area"]["steps"]]
        assert any('procedures check --area "${{ matrix.area }}"' in run for run in runs)


def test_only_builds_of_main_write_the_frozen_page_cache() -> None:
    """A pull request reads the pages main's builds made but never stores any: it cannot plant a page."""
    import yaml

    for root in (REPO / ".github/workflows", REPO / "plugins/safeguarding_manual/scaffold/dot-github/workflows"):
        check = yaml.safe_load((root / "check.yml").read_text())
        publish = yaml.safe_load((root / "publish.yml").read_text())
        assert check[True]["pull_request"] is None and publish[True] == {"push": {"branches": ["main"]}}  # YAML 1.1: on = True
        check_uses = [step.get("uses", "") for step in check["jobs"]["check"]["steps"]]
        publish_uses = [step.get("uses", "") for step in publish["jobs"]["build"]["steps"]]
        assert "actions/cache/restore@v4" in check_uses and "actions/cache@v4" not in check_uses, root
        assert "actions/cache@v4" in publish_uses, root
        cached = next(s for s in publish["jobs"]["build"]["steps"] if s.get("uses") == "actions/cache@v4")
        assert cached["with"]["path"] == "~/.cache/safeguarding-manual"
