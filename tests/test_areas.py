"""Shared procedures, local content: the regional site and each area's site, built from one repository.

The example repository has two areas, Riverside (a borough) and Northshire (a county). These tests
build all three sites with ``procedures build-all`` and read the HTML: local boxes only where they
belong, amendments and feeds per area, no link from one area's site into another's pages; then they
make the hostile and careless edits an area's editor might make and check each is refused by name.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from safeguarding_manual.core.areas.affected import affected_areas
from safeguarding_manual.core.editing.chapters import amend

from conftest import copy_example_manual, run_mkdocs_build, search_docs

AREAS = ("northshire", "riverside")
ATOM = "{http://www.w3.org/2005/Atom}"


def procedures(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PROCEDURES_AREA", None)
    return subprocess.run([sys.executable, "-m", "safeguarding_manual.cli", *args], cwd=project, env=env,
                          capture_output=True, text=True)


@dataclass
class Sites:
    project: Path
    root: Path

    def site(self, area: str | None) -> Path:
        return self.root / area if area else self.root

    def page(self, area: str | None, url: str) -> BeautifulSoup:
        path = self.site(area) / url
        path = path / "index.html" if url.endswith("/") or url == "" else path
        return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    project = copy_example_manual(tmp_path_factory.mktemp("areas"))
    result = procedures(project, "build-all", "--output", "published")
    assert result.returncode == 0, result.stdout + result.stderr
    return Sites(project, project / "published")


def html_pages(site: Path, skip: tuple[str, ...] = ()) -> list[Path]:
    return [p for p in site.rglob("*.html") if not any(p.relative_to(site).as_posix().startswith(s) for s in skip)]


# -- what each site shows --------------------------------------------------------------------------


def test_each_site_is_complete_on_its_own(sites: Sites) -> None:
    for area in (None, *AREAS):
        site = sites.site(area)
        for required in ("index.html", "glossary/index.html", "amendments/index.html", "feed.xml",
                         "thresholds/index.html", "on-a-date/index.html", "search-index/index.json",
                         "core-procedures/responding-to-concerns/versions/3/index.html"):
            assert (site / required).is_file(), f"{area or 'regional'}: {required} missing"


def test_local_notes_are_boxed_at_their_paragraph_on_their_area_only(sites: Sites) -> None:
    riverside = sites.page("riverside", "core-procedures/responding-to-concerns/")
    boxes = riverside.select("aside.local-content")
    assert len(boxes) == 1
    assert boxes[0].find_parent("div", class_="numbered-paragraph")["id"] == "1.3"
    assert boxes[0].select_one(".local-content__title").get_text(strip=True) == "Local content: Riverside"
    assert "020 7946 0100" in boxes[0].get_text()
    northshire = sites.page("northshire", "core-procedures/responding-to-concerns/")
    [box] = northshire.select("aside.local-content")
    assert box.find_parent("div", class_="numbered-paragraph")["id"] == "1.3"
    assert "Northshire Multi-Agency Safeguarding Hub" in box.get_text() and "Riverside" not in box.get_text()
    cp2 = sites.page("riverside", "core-procedures/child-death-reviews/")
    assert [b.find_parent("div", class_="numbered-paragraph")["id"] for b in cp2.select("aside.local-content")] == ["2.1"]
    assert not sites.page("northshire", "core-procedures/child-death-reviews/").select("aside.local-content")
    for page in html_pages(sites.root, skip=AREAS):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        assert not soup.select(".local-content, .local-label"), f"local content on the regional site: {page}"


def test_the_permanent_record_of_a_regional_version_carries_no_local_note(sites: Sites) -> None:
    version = sites.page("riverside", "core-procedures/responding-to-concerns/versions/4/")
    assert version.select(".numbered-paragraph")
    assert not version.select("aside.local-content")


def test_local_chapters_are_published_on_their_own_area_only(sites: Sites) -> None:
    own = sites.page("riverside", "riverside-local/front-door/")
    assert own.select_one("#chapter-title").get_text(" ", strip=True) == "RL1. Riverside Children's Front Door"
    assert "Riverside's own" in own.select_one(".local-label").get_text()
    assert not (sites.site(None) / "riverside-local").exists()
    assert not (sites.site("northshire") / "riverside-local").exists()
    assert (sites.site("northshire") / "northshire-local" / "rural-working" / "index.html").is_file()
    contents = sites.page("riverside", "riverside-local/")
    assert "RL1" in contents.select_one("article").get_text()


def test_an_area_publishes_its_own_threshold_document_marked_as_local(sites: Sites) -> None:
    local = sites.page("northshire", "thresholds/")
    assert "Northshire's own version of CP4" in local.select_one(".local-label").get_text()
    assert "01632 960 200" in local.get_text()
    regional = sites.page(None, "thresholds/")
    assert not regional.select(".local-label") and "01632 960 200" not in regional.get_text()


def test_no_link_leads_from_one_area_into_another(sites: Sites) -> None:
    for area in AREAS:
        site = sites.site(area)
        for page in html_pages(site):
            soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
            folder = posixpath.dirname("/" + page.relative_to(sites.root).as_posix())
            for element in soup.select("a[href], link[href]"):
                href = element["href"]
                if re.match(r"^[a-z]+:", href) or href.startswith("#"):
                    continue
                target = posixpath.normpath(posixpath.join(folder, href.split("#")[0]))
                assert target.startswith(f"/{area}/") or target == f"/{area}", \
                    f"{page.relative_to(sites.root)} links out of {area}'s site: {href}"
        for other in AREAS:
            if other != area:
                text = "\n".join(p.read_text("utf-8") for p in html_pages(site))
                assert f"{other}-local" not in text


def test_amendments_page_and_feed_hold_regional_amendments_everywhere_and_local_ones_at_home(sites: Sites) -> None:
    def rows(area: str | None) -> list[str]:
        return [th.get_text(" ", strip=True) for th in sites.page(area, "amendments/").select("th[scope=row]")]

    def feed(area: str | None) -> list[str]:
        tree = etree.fromstring((sites.site(area) / "feed.xml").read_bytes())
        return [entry.findtext(f"{ATOM}title") for entry in tree.iter(f"{ATOM}entry")]

    regional = rows(None)
    assert "CP1. Responding to Concerns about a Child" in regional
    assert not [r for r in regional if "Local note" in r or r.startswith(("RL", "NL"))]
    riverside = rows("riverside")
    assert "CP1. Responding to Concerns about a Child" in riverside
    assert "RL1. Riverside Children's Front Door" in riverside
    assert "Local note (Riverside): CP1. Responding to Concerns about a Child, paragraph 1.3" in riverside
    assert not [r for r in riverside if "Northshire" in r or r.startswith("NL")]
    assert any(t.startswith("RL1.") for t in feed("riverside"))
    assert any(t.startswith("Local note (Riverside)") for t in feed("riverside"))
    assert not any(t.startswith(("RL1.", "NL1.", "Local note")) for t in feed(None))
    assert not any("Riverside" in t for t in feed("northshire"))
    assert any(t.startswith("CP2. Child Death Reviews") for t in feed("northshire"))


def test_area_glossary_adds_terms_marked_as_local(sites: Sites) -> None:
    glossary = sites.page("northshire", "glossary/")
    term = glossary.select_one("#term-district-team")
    assert term is not None
    assert "Local definition: Northshire" in term.find_next_sibling("dd").get_text()
    assert sites.page("riverside", "glossary/").select_one("#term-district-team") is None
    assert sites.page(None, "glossary/").select_one("#term-district-team") is None


def test_area_site_names_its_partnership_and_address(sites: Sites) -> None:
    page = sites.page("riverside", "")
    assert page.select_one("title").get_text().endswith("Riverside: Example Safeguarding Children Procedures")
    assert "Riverside Safeguarding Children Partnership" in page.select_one(".md-copyright").get_text()
    assert page.select_one('link[rel="canonical"]')["href"].startswith("https://procedures.example.org/riverside/")
    contacts = sites.page("riverside", "local-contacts/")
    assert contacts.select_one('a[href="tel:02079460100"]').get_text() == "020 7946 0100"
    notes = sites.page("riverside", "local-notes/")
    assert notes.select_one("#local-note-cp1-referrals") is not None
    assert "Local contact details added." in notes.select_one("article").get_text()


def test_search_of_an_area_finds_its_local_content_and_not_anothers(sites: Sites) -> None:
    riverside = " ".join(d["text"] for d in search_docs(sites.site("riverside")))
    assert "Riverside Children's Front Door" in riverside
    assert "Northshire Multi-Agency" not in riverside
    regional = search_docs(sites.site(None))
    assert not [d for d in regional if d["location"].startswith(("riverside-local", "northshire-local"))]
    assert "Riverside shares its Child Death Overview Panel" not in " ".join(d["text"] for d in regional)
    assert "Riverside shares its Child Death Overview Panel" in riverside


# -- conflicts and explicit overrides --------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_example_manual(tmp_path)


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _amend_cp1(project: Path, renumbered: str, old: str, new: str) -> None:
    """A regional amendment to CP1, recorded as editors record it, that moves or removes paragraph 1.3."""
    amend(project / "procedures", "CP1", "Referral route rewritten.", date="2026-07-01")
    chapter = project / "procedures" / "core-procedures" / "responding-to-concerns.md"
    _rewrite(chapter, "    version: 5\n", f"    version: 5\n    renumbered: [{renumbered}]\n")
    _rewrite(chapter, old, new)


CP1_13 = "**1.3** Where you think a child may be a child in need"


@pytest.mark.parametrize("renumbered, replacement, happened", [
    ('"1.3 -> removed"', "Where you think a child may be a child in need", "removed paragraph 1.3"),
    ('"1.3 -> 1.4"', "**1.3** Talk to your designated safeguarding lead about every concern you record, the same day "
                     "if you can, and write down what you agreed.\n\n**1.4** Where you think a child may be a child in "
                     "need", "renumbered paragraph 1.3 to 1.4"),
])
def test_a_note_on_a_paragraph_that_a_regional_amendment_moved_or_removed_stops_the_areas_build(
        project: Path, renumbered: str, replacement: str, happened: str) -> None:
    _amend_cp1(project, renumbered, CP1_13, replacement)
    assert run_mkdocs_build(project, site=project / "regional").returncode == 0  # the region's change is sound
    build = run_mkdocs_build(project, site=project / "riverside", area="riverside")
    assert build.returncode != 0
    assert "Traceback" not in build.output
    [line] = [line for line in build.output.splitlines() if "areas/riverside/notes/cp1-referrals.md" in line]
    assert happened in line and "procedures/core-procedures/responding-to-concerns.md" in line, line
    assert not (project / "riverside").exists()
    check = procedures(project, "check", "--area", "northshire")
    assert check.returncode == 1 and "areas/northshire/notes/cp1-hub.md" in check.stdout


def test_a_note_checked_against_the_new_version_builds_again(project: Path) -> None:
    _amend_cp1(project, '"1.3 -> removed"', CP1_13, "Where you think a child may be a child in need")
    note = project / "areas" / "riverside" / "notes" / "cp1-referrals.md"
    _rewrite(note, 'paragraph: "1.3"\nchapter_version: 4', 'paragraph: "1.2"\nchapter_version: 5')
    build = run_mkdocs_build(project, site=project / "riverside", area="riverside")
    assert build.returncode == 0, build.output
    [box] = build.page("core-procedures/responding-to-concerns/").select("aside.local-content")
    assert box.find_parent("div", class_="numbered-paragraph")["id"] == "1.2"


LOCAL = "areas/riverside/procedures/riverside-local/front-door.md"


@pytest.mark.parametrize("path, old, new, expected", [
    (LOCAL, "id: RL1", "id: CP2", "has the ID CP2, which is the regional chapter CP2 (procedures/core-procedures/"
                                  "child-death-reviews.md)"),
    ("areas/riverside/procedures/thresholds.md", "local_override: true\n", "",
     "has the ID CP4, which is the regional chapter CP4 (procedures/thresholds.md)"),
    ("areas/riverside/glossary.yml", "Riverside Children's Front Door", "Child Death Overview Panel",
     "clashes with the regional term 'Child Death Overview Panel' (glossary.yml, line"),
    ("areas/riverside/glossary.yml", "Riverside Children's Front Door", "CDOP",
     "clashes with the regional term 'Child Death Overview Panel'"),
    ("areas/riverside/notes/cp2-panel.md", 'paragraph: "2.1"', 'paragraph: "9.9"', "CP2 (procedures/core-procedures/"
                                                                                  "child-death-reviews.md) has no paragraph 9.9"),
    ("areas/riverside/notes/cp2-panel.md", "chapter: CP2", "chapter: RL1", "notes are for regional chapters"),
    ("areas/riverside/notes/cp2-panel.md", "chapter_version: 2", "chapter_version: 3", "CP2 is at version 2"),
    ("areas/riverside/notes/cp2-panel.md", "Send notifications", "[Send](../../x.md) notifications",
     "is not a whole address"),
    ("areas/riverside/notes/cp2-panel.md", "Send notifications", "<script>alert(1)</script>", "cp2-panel.md"),
    ("areas/riverside/notes/cp2-panel.md", "Send notifications", "![map](map.png) Send", "cannot show an image"),
    ("areas/riverside/notes/cp2-panel.md", "Send notifications", "[x](javascript:alert(1)) Send", "cp2-panel.md"),
    ("areas/riverside/notes/cp2-panel.md", "version: 1\nlast", "version: 2\nlast", "version 1 of this note is "
                                                                                   "missing from its archive"),
    ("areas/riverside/area.yml", "name: Riverside", "nom: Riverside", "unknown field 'nom'"),
    ("areas/riverside/area.yml", "  id: RL\n", "  id: CP\n", "takes the ID or folder of the regional part CP"),
    (LOCAL, "part: RL", "part: CP", "an area's own chapters belong to its local part, RL"),
])
def test_conflicting_or_careless_area_edits_stop_the_build_naming_the_files(
        project: Path, path: str, old: str, new: str, expected: str) -> None:
    _rewrite(project / path, old, new)
    build = run_mkdocs_build(project, site=project / "out", area="riverside")
    assert build.returncode != 0, build.output
    assert expected in build.output, build.output
    assert path in build.output, build.output
    assert "Traceback" not in build.output
    assert not (project / "out").exists()


def test_an_explicit_override_of_a_glossary_term_is_shown_as_local(project: Path) -> None:
    glossary = project / "areas" / "riverside" / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8") + (
        "  - term: Child Death Overview Panel\n    abbreviation: CDOP\n    local_override: true\n"
        "    definition: In Riverside, the panel shared with two neighbouring boroughs.\n"), "utf-8")
    build = run_mkdocs_build(project, site=project / "out", area="riverside")
    assert build.returncode == 0, build.output
    term = build.page("glossary/").select_one("#term-child-death-overview-panel").find_next_sibling("dd")
    assert "shared with two neighbouring boroughs" in term.get_text()
    assert "replaces the regional definition" in term.select_one(".local-label").get_text()


def test_override_must_keep_the_regional_path(project: Path) -> None:
    local = project / "areas" / "riverside" / "procedures"
    (local / "thresholds.md").rename(local / "riverside-local" / "thresholds.md")
    build = run_mkdocs_build(project, site=project / "out", area="riverside")
    assert build.returncode != 0
    assert "keeps the regional chapter's path, so move it to the same path" in build.output


def test_hostile_area_settings_are_shown_as_text(project: Path) -> None:
    settings = project / "areas" / "riverside" / "area.yml"
    _rewrite(settings, "name: Riverside", "name: '<script>alert(1)</script> & <b>Riverside</b>'")
    _rewrite(settings, "partnership: Riverside", "partnership: <img src=x onerror=alert(1)> Riverside")
    _rewrite(settings, 'name: "Riverside Children\'s Front Door"', 'name: "<iframe src=//evil.example>"')
    build = run_mkdocs_build(project, site=project / "out", area="riverside")
    assert build.returncode == 0, build.output
    for url in ("", "local-contacts/", "core-procedures/responding-to-concerns/", "glossary/"):
        page = build.page(url)
        assert not page.select("iframe, img[onerror], b")
        assert not [s for s in page.select("script") if "alert" in (s.string or "")]
    assert "<script>alert(1)</script> & <b>Riverside</b>" in build.page("").select_one("title").get_text()


@pytest.mark.parametrize("area, expected", [
    ("../procedures", "is not an area name"),
    ("westshire", "there is no area 'westshire'"),
])
def test_an_unknown_or_malformed_area_is_refused(project: Path, area: str, expected: str) -> None:
    result = procedures(project, "build", "--area", area, "--output", "out")
    assert result.returncode != 0 and expected in result.stdout + result.stderr
    build = run_mkdocs_build(project, site=project / "out", area=area)
    assert build.returncode != 0 and expected in build.output and "Traceback" not in build.output
    assert not (project / "out").exists()


def test_build_all_publishes_nothing_when_one_area_fails(project: Path) -> None:
    published = project / "published"
    published.mkdir()
    (published / "last-good.txt").write_text("the last good sites", "utf-8")
    _rewrite(project / LOCAL, "id: RL1", "id: CP2")
    result = procedures(project, "build-all", "--output", "published")
    assert result.returncode == 1
    assert "Nothing was published." in result.stdout and LOCAL in result.stdout
    assert sorted(p.name for p in published.iterdir()) == ["last-good.txt"]


def test_an_area_cannot_take_a_folder_of_the_regional_site(project: Path) -> None:
    shutil.copytree(project / "areas" / "riverside", project / "areas" / "glossary")
    _rewrite(project / "areas" / "glossary" / "area.yml", "site_url: https://procedures.example.org/riverside/",
             "site_url: https://procedures.example.org/glossary/")
    result = procedures(project, "build-all", "--output", "published")
    assert result.returncode == 1 and "also the address of a page or folder of the regional site" in result.stdout
    assert not (project / "published").exists()


def test_a_repository_without_areas_builds_one_manual_as_before(project: Path) -> None:
    shutil.rmtree(project / "areas")
    result = procedures(project, "build-all", "--output", "published")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "published" / "index.html").is_file()
    assert procedures(project, "areas").stdout.strip() == "[]"


# -- adding an area, and building only what a change affects ---------------------------------------


def test_init_adds_an_area_that_builds(project: Path) -> None:
    result = procedures(project, "init", "--area", "east-vale", "--name", "East Vale")
    assert result.returncode == 0, result.stderr
    assert (project / "areas" / "east-vale" / "area.yml").is_file()
    assert procedures(project, "init", "--area", "east-vale").returncode != 0  # never over an existing area
    build = run_mkdocs_build(project, site=project / "out", area="east-vale")
    assert build.returncode == 0, build.output
    assert build.page("").select_one("title").get_text().endswith("East Vale: Example Safeguarding Children Procedures")


def test_a_change_builds_the_areas_it_affects() -> None:
    project = Path(__file__).resolve().parent.parent
    assert affected_areas(project, ["areas/riverside/notes/cp2-panel.md"]) == ["riverside"]
    assert affected_areas(project, ["areas/riverside/area.yml", "areas/northshire/glossary.yml"]) == list(AREAS)
    assert affected_areas(project, ["procedures/core-procedures/child-death-reviews.md"]) == list(AREAS)
    assert affected_areas(project, ["areas/riverside/area.yml", "glossary.yml"]) == list(AREAS)
    assert affected_areas(project, []) == []


def _commit_all(project: Path) -> None:
    """The project as a git repository with one commit, to compare changes with."""
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "base"]):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def test_areas_command_reads_the_change_from_git(project: Path) -> None:
    _commit_all(project)
    assert procedures(project, "areas", "--base", "HEAD").stdout.strip() == "[]"
    _rewrite(project / "areas" / "northshire" / "notes" / "cp1-hub.md", "rural district", "rural parish")
    assert procedures(project, "areas", "--base", "HEAD").stdout.strip() == '["northshire"]'
    _rewrite(project / "glossary.yml", "statutory arrangement", "legal arrangement")
    assert procedures(project, "areas", "--base", "HEAD").stdout.strip() == '["northshire", "riverside"]'


def test_amending_a_note_keeps_its_text_and_the_site_shows_the_record(project: Path) -> None:
    note = project / "areas" / "riverside" / "notes" / "cp2-panel.md"
    before = note.read_text("utf-8")
    result = procedures(project, "amend", "--area", "riverside", "--note", "cp2-panel.md", "--summary",
                        "Coordinator's address changed.", "--date", "2026-07-01")
    assert result.returncode == 0, result.stderr
    snapshot = project / "areas" / "riverside" / "notes" / "_archive" / "cp2-panel" / "v1.md"
    assert snapshot.read_text("utf-8") == before
    _rewrite(note, "cdop@riverside.example", "panel@riverside.example")
    build = run_mkdocs_build(project, site=project / "out", area="riverside")
    assert build.returncode == 0, build.output
    [box] = build.page("core-procedures/child-death-reviews/").select("aside.local-content")
    assert "panel@riverside.example" in box.get_text() and "version 2" in box.get_text()
    record = build.page("local-notes/")
    [earlier] = record.select("details.local-note-version")
    assert "cdop@riverside.example" in earlier.get_text() and "Version 1" in earlier.summary.get_text()
    assert "Coordinator's address changed." in build.page("amendments/").get_text()
    snapshot.write_text(before.replace("Riverside", "Elsewhere"), "utf-8")  # an archived text edited afterwards
    build = run_mkdocs_build(project, site=project / "out2", area="riverside")
    assert build.returncode != 0 and "this archived text of a note is not the one recorded" in build.output


def test_a_new_local_chapter_goes_into_the_areas_local_part(project: Path) -> None:
    result = procedures(project, "new", "--area", "riverside", "--part", "RL", "--title", "Private Fostering in Riverside")
    assert result.returncode == 0, result.stderr
    path = project / "areas" / "riverside" / "procedures" / "riverside-local" / "private-fostering-in-riverside.md"
    assert "id: RL2" in path.read_text("utf-8")
    assert procedures(project, "new", "--part", "RL", "--title", "X").returncode != 0  # no such part in the region


def test_amending_an_areas_own_chapter_archives_it_in_the_areas_folder(project: Path) -> None:
    result = procedures(project, "amend", "--area", "riverside", "RL1", "--summary", "Hours extended.",
                        "--date", "2026-07-01")
    assert result.returncode == 0, result.stderr
    archive = project / "areas" / "riverside" / "procedures" / "_archive"
    assert (archive / "riverside-local" / "front-door" / "v1.md").is_file()
    assert "riverside-local/front-door/v1.md" in (archive / "manifest.yml").read_text("utf-8")
    assert not (project / "procedures" / "_archive" / "riverside-local").exists()
    build = run_mkdocs_build(project, site=project / "out", area="riverside")
    assert build.returncode == 0, build.output
    assert (build.site / "riverside-local" / "front-door" / "versions" / "1" / "index.html").is_file()


def test_check_base_refuses_a_note_whose_words_changed_without_a_new_version(project: Path) -> None:
    _commit_all(project)
    note = project / "areas" / "riverside" / "notes" / "cp2-panel.md"
    _rewrite(note, "cdop@riverside.example", "panel@riverside.example")  # edited in the browser, no new version
    result = procedures(project, "check", "--area", "riverside", "--base", "HEAD")
    assert result.returncode == 1
    [line] = [line for line in result.stdout.splitlines() if line.startswith("areas/riverside/notes/cp2-panel.md")]
    assert "the text published until now would be lost" in line and "procedures amend --area riverside --note" in line


def test_check_base_refuses_an_areas_own_chapter_changed_without_archiving(project: Path) -> None:
    _commit_all(project)
    _rewrite(project / LOCAL, "single place in the borough", "one place in the borough")  # edited in the browser
    result = procedures(project, "check", "--area", "riverside", "--base", "HEAD")
    assert result.returncode == 1
    [line] = [line for line in result.stdout.splitlines() if line.startswith(LOCAL)]
    assert "would be lost" in line and "areas/riverside/procedures/_archive/riverside-local/front-door/v1.md" in line
