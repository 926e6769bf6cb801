"""Rebuilds while serving reuse unchanged pages' HTML, and the result equals a build without the cache.

These builds run in this process through MkDocs' own API, as ``mkdocs serve`` does: one set of plugin
instances (started once with ``command="serve"``) and a freshly loaded configuration for every rebuild.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_example_manual
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from safeguarding_manual.mkdocs_plugins.conversion_cache import CONVERSIONS

CHAPTER = "procedures/core-procedures/child-death-reviews.md"
CHAPTER_PAGE = "core-procedures/child-death-reviews/index.html"


def serve_rebuild(project: Path, site: Path) -> None:
    """One rebuild as ``mkdocs serve`` runs it."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_shutdown()  # waits for the search index, which follows the served page


def site_files(site: Path) -> dict[str, str]:
    """Digest of every file MkDocs writes for readers (the sitemap carries the build date)."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file() and not p.name.startswith("sitemap.xml")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    CONVERSIONS.entries.clear()
    CONVERSIONS.hits = CONVERSIONS.misses = 0
    project = copy_example_manual(tmp_path)
    settings = project / "mkdocs.yml"  # counted here: the conversions of every page, frozen pages included
    settings.write_text(settings.read_text("utf-8").replace(  # the conversions kept in memory, not on disk
        "procedures_dir: procedures", "procedures_dir: procedures\n      frozen_cache: false\n"
        "      conversion_cache: false"), "utf-8")
    return project


def test_rebuild_reuses_unchanged_pages_and_matches_an_uncached_build(project: Path, tmp_path: Path) -> None:
    serve_rebuild(project, tmp_path / "first")
    pages = CONVERSIONS.misses
    assert pages > 40 and CONVERSIONS.hits == 0

    serve_rebuild(project, tmp_path / "unchanged")
    assert CONVERSIONS.hits == pages and CONVERSIONS.misses == pages
    assert CONVERSIONS.build_summary() == (pages, 0)
    assert site_files(tmp_path / "unchanged") == site_files(tmp_path / "first")

    source = project / CHAPTER
    source.write_text(source.read_text("utf-8").replace("**2.1** ", "**2.1** Edited while serving. ", 1), "utf-8")
    serve_rebuild(project, tmp_path / "edited")
    converted_again = CONVERSIONS.misses - pages
    assert 1 <= converted_again <= 3, "only the edited chapter and the comparison against it are converted"
    edited = BeautifulSoup((tmp_path / "edited" / CHAPTER_PAGE).read_text("utf-8"), "html.parser")
    assert edited.select_one('[id="2.1"] .paragraph-body').get_text(" ", strip=True).startswith("Edited while serving.")

    CONVERSIONS.entries.clear()
    serve_rebuild(project, tmp_path / "uncached")
    assert site_files(tmp_path / "edited") == site_files(tmp_path / "uncached")


def test_a_glossary_change_converts_every_page_again(project: Path, tmp_path: Path) -> None:
    serve_rebuild(project, tmp_path / "first")
    pages = CONVERSIONS.misses
    glossary = project / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8") + "\n", "utf-8")  # same terms, new file contents
    serve_rebuild(project, tmp_path / "second")
    assert CONVERSIONS.hits == 0 and CONVERSIONS.misses == 2 * pages


def test_a_page_that_warned_warns_again_on_every_rebuild(project: Path, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    guide = project / "docs" / "editor-guide.md"
    guide.write_text(guide.read_text("utf-8") + "\nSee [the old page](no-such-page.md).\n", "utf-8")
    for attempt in ("first", "second"):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort):
            serve_rebuild(project, tmp_path / attempt)
        assert any("no-such-page.md" in record.getMessage() for record in caplog.records), attempt


def stop_server(server: "subprocess.Popen[bytes]") -> None:
    """As Ctrl-C does, so that MkDocs removes its folders (it does not on SIGTERM); SIGTERM if that fails
    (a process started with SIGINT ignored never sees it)."""
    import subprocess

    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.terminate()
        server.wait(timeout=20)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, contains: str, timeout: float = 60) -> str:
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        try:
            text = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")  # noqa: S310 - loopback only
            if contains in text:
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {contains!r}")


@pytest.mark.parametrize("edit, page, expected", [
    ("glossary.yml", "glossary/", "Protecting children, edited while serving."),
    ("procedures/manual.yml", "core/", "Core Procedures, retitled while serving"),
    ("procedures/core/alpha.md", "core/alpha/", "The panel met again while serving."),  # only its pages rebuilt
])
def test_serve_rebuilds_when_any_content_file_is_saved(small_manual: Path, edit: str, page: str, expected: str) -> None:
    """A real ``mkdocs serve``: saving the glossary, the manual's settings or a chapter's text shows on the
    served page."""
    import subprocess
    import sys

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=small_manual, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/{page}"
        _wait_for(url, "</html>")
        path = small_manual / edit
        text = path.read_text("utf-8")
        text = text.replace("Protecting children from harm and promoting their welfare.", expected) \
            if edit == "glossary.yml" else text.replace("title: Core Procedures", f"title: {expected}") \
            if edit.endswith("manual.yml") else text.replace("**1.1** ", f"**1.1** {expected} ", 1)
        path.write_text(text, "utf-8")
        _wait_for(url, expected)
    finally:
        stop_server(server)
