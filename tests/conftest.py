"""Shared helpers: real MkDocs builds of real manuals in temporary folders."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    def page(self, url_path: str) -> BeautifulSoup:
        """Parsed HTML of a built page, by its site path (``core/alpha/``)."""
        path = self.site / url_path
        if url_path.endswith("/") or url_path == "":
            path = path / "index.html"
        return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def run_mkdocs_build(project: Path, *extra: str, site: Path | None = None) -> Build:
    site = site or project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), *extra],
        capture_output=True, text=True, env=env, cwd=project,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


def copy_fixture(name: str, destination: Path) -> Path:
    target = destination / name
    shutil.copytree(FIXTURES / name, target)
    return target


def copy_example_manual(destination: Path) -> Path:
    """The repository's own example manual, without build output."""
    target = destination / "example"
    target.mkdir()
    for name in ("mkdocs.yml", "glossary.yml"):
        shutil.copy2(REPO / name, target / name)
    for folder in ("docs", "procedures"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` (except build output) with its hash, to prove nothing changed."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "site" not in path.relative_to(root).parts[:1]
    }


@pytest.fixture
def small_manual(tmp_path: Path) -> Path:
    return copy_fixture("small", tmp_path)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The example manual, built once for the whole session."""
    project = copy_example_manual(tmp_path_factory.mktemp("example"))
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_fixture("small", tmp_path_factory.mktemp("small"))
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build
