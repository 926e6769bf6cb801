"""While serving, a save that changes only a chapter's text rebuilds only the pages that show it, and the
served folder is then exactly what a full build writes; any other save rebuilds everything; a save that
breaks the build leaves the last good preview in place.

The session runs in this process through MkDocs' own API, as ``mkdocs serve`` does: the plugins started
once with ``command="serve"``, a freshly loaded configuration for every rebuild, always the same served
folder. Each full build to compare with runs in a process of its own (its session would end ours).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_example_manual
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from safeguarding_manual.core.manual import loading
from safeguarding_manual.core.reading import unchanged_files
from safeguarding_manual.mkdocs_plugins.quick_preview import PREVIEW

SERVE_URL = "http://127.0.0.1:8000/"
CHAPTER = "procedures/core-procedures/child-death-reviews.md"
CHAPTER_PAGE = "core-procedures/child-death-reviews/index.html"
UNTOUCHED_PAGE = "core-procedures/rapid-response/index.html"
FULL_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
config.site_url = sys.argv[3]
build(config, serve_url=sys.argv[3])
config.plugins.on_shutdown()
"""


class ServeSession:
    """``mkdocs serve`` without the web server: one start, then a rebuild per save."""

    def __init__(self, project: Path, served: Path) -> None:
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        self.project, self.served = project, served
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=False)
        self.plugins = config.plugins
        build(config, serve_url=SERVE_URL)
        PREVIEW.wait_for_search()  # the served page first, its search index a moment later

    def _config(self):  # type: ignore[no-untyped-def]
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.served))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> None:
        try:
            build(self._config(), serve_url=SERVE_URL)
        finally:
            PREVIEW.wait_for_search()

    def close(self) -> None:
        self.plugins.on_shutdown()


def site_files(site: Path) -> dict[str, str]:
    """Digest of every file of the site (the sitemap carries the build date)."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file() and not p.name.startswith("sitemap.xml")}


def full_build(project: Path, site: Path) -> dict[str, str]:
    subprocess.run([sys.executable, "-c", FULL_BUILD, str(project / "mkdocs.yml"), str(site), SERVE_URL],
                   check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return site_files(site)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    # What is made from a file is kept only once the file has been still for a while (racy-clean files
    # are read again: core.reading.unchanged_files); a test's files were all just written, so the wait is
    # taken away here and the rebuilds below reuse what is kept, as a long session does.
    monkeypatch.setattr(unchanged_files, "RACY_MARGIN_NS", 0)
    project = copy_example_manual(tmp_path)
    running = ServeSession(project, tmp_path / "served")
    yield running
    running.close()


def test_a_text_edit_rebuilds_only_its_pages_and_equals_a_full_build(session: ServeSession, tmp_path: Path) -> None:
    untouched = session.served / UNTOUCHED_PAGE
    written_before = untouched.stat().st_mtime_ns
    amendments = session.served / "amendments/index.html"  # made from front matter only: not made again
    amendments_before = amendments.stat().st_mtime_ns
    edit(session.project / CHAPTER, "**2.1** The panel", "**2.1** Edited while serving. The Director of "
         "Children's Services is told of every death. The panel")
    session.rebuild()
    assert PREVIEW.last is not None and PREVIEW.last_summary.partial
    assert PREVIEW.last_summary.skipped > 40, "the other chapters, their versions and their media are skipped"
    assert len(loading._CHAPTERS) > 10, "the unchanged chapters were kept, not read again"
    assert untouched.stat().st_mtime_ns == written_before, "a skipped page is left as it was"
    assert amendments.stat().st_mtime_ns == amendments_before, "the amendments page shows no chapter's text"
    page = BeautifulSoup((session.served / CHAPTER_PAGE).read_text("utf-8"), "html.parser")
    assert page.select_one('[id="2.1"] .paragraph-body').get_text(" ", strip=True).startswith("Edited while serving.")
    glossary = BeautifulSoup((session.served / "glossary/index.html").read_text("utf-8"), "html.parser")
    used_in = glossary.find(id="term-director-of-children-s-services").find_next_sibling("dd").select_one(".used-in")
    assert [a["href"] for a in used_in.find_all("a")][0] == "../core-procedures/child-death-reviews/", \
        "the glossary lists the chapter that now uses the term"
    assert site_files(session.served) == full_build(session.project, tmp_path / "full")


def test_a_title_or_a_new_section_rebuilds_everything(session: ServeSession, tmp_path: Path) -> None:
    edit(session.project / CHAPTER, "title: Child Death Reviews", "title: Child Death Reviews, retitled")
    session.rebuild()
    assert not PREVIEW.last_summary.partial
    other = BeautifulSoup((session.served / UNTOUCHED_PAGE).read_text("utf-8"), "html.parser")
    assert "Child Death Reviews, retitled" in other.select_one("nav.md-nav--primary").get_text(" ")
    assert site_files(session.served) == full_build(session.project, tmp_path / "full-title")

    edit(session.project / CHAPTER, "## 2. The Child Death Overview Panel", "## 2. The Panel")
    session.rebuild()  # the section keeps its number, and so its anchor
    assert PREVIEW.last_summary.partial
    assert site_files(session.served) == full_build(session.project, tmp_path / "full-heading")

    other = session.project / "procedures/core-procedures/rapid-response.md"
    other.write_text(other.read_text("utf-8") + "\n## 3. Added while serving\n\n**3.1** A new paragraph.\n", "utf-8")
    session.rebuild()
    assert not PREVIEW.last_summary.partial, "another page may link to a new anchor, or to one that went"
    assert site_files(session.served) == full_build(session.project, tmp_path / "full-section")


def test_a_broken_save_keeps_the_last_good_preview_and_the_next_save_is_right(session: ServeSession,
                                                                               tmp_path: Path) -> None:
    before = site_files(session.served)
    edit(session.project / CHAPTER, "**2.2** Where it", "**2.2** See [the missing part](learning-reviews.md#9.9). Where it")
    with pytest.raises(Abort):
        session.rebuild()
    assert site_files(session.served) == before, "the preview still shows the last good build"

    edit(session.project / CHAPTER, "See [the missing part](learning-reviews.md#9.9). ", "Edited again. ")
    session.rebuild()
    page = BeautifulSoup((session.served / CHAPTER_PAGE).read_text("utf-8"), "html.parser")
    assert page.select_one('[id="2.2"] .paragraph-body').get_text(" ", strip=True).startswith("Edited again.")
    assert site_files(session.served) == full_build(session.project, tmp_path / "full")


def test_text_edits_in_a_row_stay_equal_to_a_full_build(session: ServeSession, tmp_path: Path) -> None:
    edit(session.project / CHAPTER, "**2.3** Where the panel", "**2.3** First edit. Where the panel")
    session.rebuild()
    edit(session.project / "procedures/core-procedures/rapid-response.md", "**1.1** ", "**1.1** Second edit. ")
    session.rebuild()
    assert PREVIEW.last_summary.partial
    edit(session.project / "procedures/thresholds.md", "**If a child is in immediate danger, call 999.**",
         "**If a child is in immediate danger, call 999 at once.**")  # shown on the age groups' pages too
    session.rebuild()
    assert PREVIEW.last_summary.partial
    assert site_files(session.served) == full_build(session.project, tmp_path / "full")


def test_an_areas_preview_rebuilds_only_the_saved_chapter_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An area's site: its notes sit in the regional chapters, and its own folder counts for every page."""
    monkeypatch.setenv("PROCEDURES_AREA", "riverside")
    project = copy_example_manual(tmp_path)
    session = ServeSession(project, tmp_path / "served")
    try:
        edit(project / CHAPTER, "**2.1** The panel", "**2.1** Edited in Riverside's preview. The panel")
        session.rebuild()
        assert PREVIEW.last_summary.partial
        assert site_files(session.served) == full_build(project, tmp_path / "full")
        note = next((project / "areas/riverside/notes").glob("cp2-*.md"))
        note.write_text(note.read_text("utf-8").replace("---\n\n", "---\n\nEdited note. ", 1), "utf-8")
        session.rebuild()
        assert not PREVIEW.last_summary.partial, "an area's note shows on the regional chapter's page"
        assert site_files(session.served) == full_build(project, tmp_path / "full-note")
    finally:
        session.close()


def test_a_save_with_a_warning_is_not_shown_under_strict(session: ServeSession) -> None:
    """MkDocs aborts a strict build after its last plugin ran: the preview must not have taken its files."""
    before = site_files(session.served)
    guide = session.project / "docs" / "editor-guide.md"
    guide.write_text(guide.read_text("utf-8") + "\nSee [the old page](no-such-page.md).\n", "utf-8")
    with pytest.raises(Abort):
        session.rebuild()
    assert site_files(session.served) == before


def test_a_pipe_or_a_link_out_of_the_project_never_holds_a_rebuild(session: ServeSession) -> None:
    """Every file of the project counts for the site signature: one that cannot be read to its end (a named
    pipe, a link to a device) is counted without being read, so a save never waits for it."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes need a POSIX system")
    os.mkfifo(session.project / "procedures" / "core-procedures" / "pipe")
    (session.project / "docs" / "zeros").symlink_to("/dev/zero")
    edit(session.project / CHAPTER, "**2.1** The panel", "**2.1** Edited beside a pipe. The panel")
    outcome: list[BaseException | None] = []

    def rebuild() -> None:
        try:
            session.rebuild()
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - reported below
            outcome.append(error)

    worker = threading.Thread(target=rebuild, daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), "the rebuild waited on a pipe or a device"
    assert outcome, "the rebuild did not finish"
    if isinstance(outcome[0], Abort):  # refused: a link that leads out of the project is an error
        return
    assert outcome[0] is None


def _inbound_from_scratch() -> dict[str, dict[str, dict[str, str]]]:
    assert PREVIEW.last is not None
    found: dict[str, dict[str, dict[str, str]]] = {}
    for src_uri, shell in PREVIEW.last.shells.items():
        for target_uri, anchors in (shell.links_to_anchors or {}).items():
            found.setdefault(target_uri, {})[src_uri] = anchors
    return found


def test_the_links_into_each_page_are_kept_right_across_saves(session: ServeSession) -> None:
    """A rebuild checks the skipped pages' links into the pages it made from the links kept the other way
    round; after saves that add and take away a link, that record equals one made from every page."""
    target = "core-procedures/rapid-response.md"
    edit(session.project / CHAPTER, "**2.3** Where the panel",
         "**2.3** See [the first step](rapid-response.md#1.1). Where the panel")
    session.rebuild()
    assert PREVIEW.last_summary.partial and PREVIEW.last is not None
    assert PREVIEW.last.inbound[target]["core-procedures/child-death-reviews.md"] == {"1.1": "rapid-response.md#1.1"}
    assert {t: s for t, s in PREVIEW.last.inbound.items() if s} == _inbound_from_scratch()
    edit(session.project / CHAPTER, "See [the first step](rapid-response.md#1.1). ", "")
    session.rebuild()
    assert PREVIEW.last_summary.partial
    assert "core-procedures/child-death-reviews.md" not in PREVIEW.last.inbound.get(target, {})
    assert {t: s for t, s in PREVIEW.last.inbound.items() if s} == _inbound_from_scratch()
