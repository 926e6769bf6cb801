"""The threshold document: structure, anchors, table semantics, no-JavaScript content, validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, Build, copy_fixture, run_mkdocs_build


def _project(tmp_path: Path) -> Path:
    project = copy_fixture("small", tmp_path)
    shutil.copy(FIXTURES / "thresholds.md", project / "procedures/thresholds.md")
    return project


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = run_mkdocs_build(_project(tmp_path_factory.mktemp("thresholds")))
    assert result.returncode == 0, result.output
    return result


def test_thresholds_page_is_a_chapter_with_a_stable_url(build: Build) -> None:
    page = build.page("thresholds/")
    assert page.select_one("article h1").get_text(" ", strip=True) == "CP9. Thresholds"
    assert page.select_one(".chapter-details") is not None  # a chapter's header (no AMENDMENT box: never amended)
    assert "not a tick-box exercise" in page.select_one(".chapter-body").get_text()
    home = build.page("")
    assert home.find("a", string="Thresholds: when a child needs help")["href"] == "thresholds/"


def test_every_level_has_an_anchor_and_its_response(build: Build) -> None:
    page = build.page("thresholds/")
    levels = page.select("section.threshold-level")
    assert [s["id"] for s in levels] == ["level-1", "level-2", "level-3", "level-4"]
    level_two = page.find(id="level-2")
    assert level_two.h3.get_text() == "Level 2: Early help"
    assert "Start an early help assessment." in level_two.get_text()
    assert level_two.find("a", href="tel:01234000000").get_text() == "01234 000 000"
    procedures = [a.get_text() for a in page.find(id="level-4").select("a") if "procedure" in a.get_text().lower() or "." in a.get_text()]
    assert "CP1. Alpha Procedure" in procedures and "PA1. Beta Arrangements" in procedures


def test_matrix_is_a_real_table_with_caption_and_headers(build: Build) -> None:
    table = build.page("thresholds/").select_one("table.threshold-table")
    assert "not a checklist" in table.caption.get_text()
    column_headers = [th.get_text() for th in table.select("thead th[scope=col]")]
    assert column_headers == ["Domain", "Level 1: Universal", "Level 2: Early help", "Level 3: Targeted", "Level 4: Specialist"]
    assert [th.get_text() for th in table.select("tbody th[scope=row]")] == ["Health", "Basic care", "Housing"]
    assert [th.get_text() for th in table.select("tbody th[scope=colgroup]")] == ["Development", "Parenting", "Family"]
    health = table.find("th", string="Health").parent
    cells = health.find_all("td")
    assert len(cells) == 4
    assert cells[3]["data-level"] == "Level 4: Specialist"


def test_every_indicator_is_deep_linkable_and_present_without_javascript(build: Build) -> None:
    page = build.page("thresholds/")
    items = page.select("table.threshold-table li")
    assert [li["id"] for li in items] == ["indicator-h1", "indicator-h4", "indicator-c2", "indicator-f3"]
    for li in items:
        assert li.select_one("a.indicator-link")["href"] == f"#{li['id']}"
        assert not li.has_attr("hidden")
    assert page.find(id="indicator-h4")["data-ages"] == "young"
    # The filter controls are added by script; the HTML itself holds everything.
    assert page.select("select") == []
    assert page.select_one("[data-threshold-filters]")["data-age-groups"] == "young=Under 5;older=5 and over"


def test_printed_copy_is_stamped_with_version(build: Build) -> None:
    stamp = build.page("thresholds/").select_one(".print-stamp")
    assert "Printed copy of version 1" in stamp.get_text()
    assert "check https://fixture.example.org/thresholds/ for the current version" in stamp.get_text()


@pytest.mark.parametrize("old, new, message", [
    ("    response: {what_to_do: Contact the hub.}\n", "", "procedures/thresholds.md:24: level 3 ('Targeted') has no response"),
    ("{id: f3, level: 3,", "{id: f3, level: 7,", "procedures/thresholds.md:46: indicator 'f3' has level 7, which is not one of the levels"),
    ("domain: family, subdomain: housing", "domain: environment, subdomain: housing", "procedures/thresholds.md:46: indicator 'f3' has domain 'environment', which is not defined"),
    ("subdomain: housing, text", "subdomain: school, text", "procedures/thresholds.md:46: indicator 'f3' has sub-domain 'school', which is not part of 'family'"),
    ("{id: c2,", "{id: h1,", "procedures/thresholds.md:45: the indicator ID 'h1' is used twice (first on line 43)"),
    ("ages: [older]", "ages: [teen]", "procedures/thresholds.md:46: indicator 'f3' has age group 'teen', which is not listed"),
    ("procedures: [CP1, PA1]", "procedures: [CP1, ZZ1]", "procedures/thresholds.md:31: level 4 links to procedure 'ZZ1', which is not a published chapter"),
    ("  - {id: h1, level: 1, domain: dev, subdomain: health, text: Healthy.}\n", "  - {id: h1, level: 1, domain: dev, subdomain: health}\n", "procedures/thresholds.md:43: the required field 'indicators[1].text' is missing"),
])
def test_threshold_validation_errors(tmp_path: Path, old: str, new: str, message: str) -> None:
    project = _project(tmp_path)
    path = project / "procedures/thresholds.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    result = run_mkdocs_build(project)
    assert result.returncode != 0
    assert message in result.output, result.output
    assert "Traceback" not in result.output


def test_example_thresholds_meet_the_minimum(example_build: Build) -> None:
    page = example_build.page("thresholds/")
    assert len(page.select("section.threshold-level")) >= 4
    assert len(page.select("tbody th[scope=colgroup]")) >= 3
    assert len(page.select("table.threshold-table li[id^=indicator-]")) >= 40


def test_thresholds_are_archived_and_compared_like_chapters(tmp_path: Path) -> None:
    from safeguarding_manual.core.editing.chapters import amend

    project = _project(tmp_path)
    amend(project / "procedures", "CP9", "Health indicator reworded.", date="2025-07-01")
    path = project / "procedures/thresholds.md"
    path.write_text(path.read_text().replace("text: Healthy.}", "text: Healthy and thriving.}"))
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.output
    old = result.page("thresholds/versions/1/")
    assert old.select_one(".status-banner--superseded") is not None
    assert old.find(id="indicator-h1").get_text(" ", strip=True).startswith("Healthy.")
    changes = result.page("thresholds/changes/2/")
    changed = [div for div in changes.select("div.diff-unit") if "and thriving" in div.get_text()]
    assert changed and changed[0].select_one("ins.diff").get_text() == "[inserted: and thriving]"
