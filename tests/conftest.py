"""Shared helpers: real MkDocs builds of real manuals in temporary folders."""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
#: Every build in the tests happens on this day (reviews are overdue relative to the build's day).
TEST_DAY = dt.date(2026, 1, 15)
os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc).timestamp()))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Each test process keeps frozen pages (mkdocs_plugins/frozen_pages.py) in a folder of its own, never the
#: user's cache: a test must not pass because of pages another run made.
FROZEN_CACHE = tempfile.mkdtemp(prefix="procedures-cache-")
os.environ["PROCEDURES_CACHE_DIR"] = FROZEN_CACHE
atexit.register(shutil.rmtree, FROZEN_CACHE, True)


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


def run_mkdocs_build(project: Path, *extra: str, site: Path | None = None, area: str | None = None) -> Build:
    """A strict build as editors run it; with ``area``, that area's site (``PROCEDURES_AREA``)."""
    site = site or project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PROCEDURES_AREA", None)
    if area is not None:
        env["PROCEDURES_AREA"] = area
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), *extra],
        capture_output=True, text=True, env=env, cwd=project,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


def search_docs(site: Path) -> list[dict[str, str]]:
    """Every result the built site's search can give, read back from its word index (``search-index/``,
    one JSON file per record): a page or glossary term (address, title, its whole text, parts included),
    then each part of the page the search can answer with (``page#anchor``: a section or numbered paragraph,
    its heading as title and its own words as text)."""
    index = json.loads((site / "search-index" / "index.json").read_text("utf-8"))
    folder = site / "search-index" / index["folder"] / "r"
    docs = []
    for number in range(index["records"]):
        data = json.loads((folder / f"{number}.json").read_text("utf-8"))
        whole = " ".join([data["t"], data["x"], *(f"{title} {text}" for _, title, text in data["p"])])
        docs.append({"location": data["u"], "title": data["t"], "text": whole})
        docs.extend({"location": f"{data['u']}#{anchor}", "title": title, "text": text}
                    for anchor, title, text in data["p"])
    return docs


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
    for folder in ("docs", "procedures", "areas"):
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


# -- the bad-input corpus: mutations and the one check every case must pass ------------------------

Mutation = Callable[[Path], None]


def replace(path: str, old: str, new: str, count: int = 1) -> Mutation:
    def mutate(project: Path) -> None:
        file = project / path
        text = file.read_text("utf-8")
        assert old in text, f"fixture does not contain {old!r}"
        file.write_text(text.replace(old, new, count), "utf-8")
    return mutate


def write(path: str, content: str | bytes) -> Mutation:
    def mutate(project: Path) -> None:
        file = project / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return mutate


def append(path: str, text: str) -> Mutation:
    def mutate(project: Path) -> None:
        with (project / path).open("a", encoding="utf-8") as handle:
            handle.write(text)
    return mutate


def link(path: str, target: str) -> Mutation:
    """Make ``path`` a symbolic link to ``target`` (absolute, or relative to the project)."""
    def mutate(project: Path) -> None:
        file = project / path
        file.parent.mkdir(parents=True, exist_ok=True)
        if file.exists() or file.is_symlink():
            file.unlink()
        file.symlink_to(target if target.startswith("/") else project / target)
    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(project: Path) -> None:
        for mutation in mutations:
            mutation(project)
    return mutate


@dataclass
class GoodSite:
    """The small fixture and its site, built once; each case starts from copies of both."""

    project: Path
    site: Path
    site_digest: dict[str, str] = field(repr=False)


@pytest.fixture(scope="session")
def good_small_site(tmp_path_factory: pytest.TempPathFactory) -> GoodSite:
    project = copy_fixture("small", tmp_path_factory.mktemp("good"))
    build = run_mkdocs_build(project, site=project.parent / "site")
    assert build.returncode == 0, build.output
    return GoodSite(project, build.site, tree_digest(build.site))


def listing(root: Path) -> set[str]:
    """Every path below ``root``, links included, to prove that nothing was written where it should not be."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*")}


def assert_bad_input_fails_cleanly(tmp_path: Path, good: GoodSite, mutate: Mutation, expected: str) -> Build:
    """The case fails the strict build with ``expected`` in the output, no traceback, and touches nothing.

    The project sits two folders down (``tmp/work/project`` with ``tmp/work/site``) so that a write that
    escapes the site folder would land in a folder this check lists.
    """
    work = tmp_path / "work"
    project = work / "project"
    shutil.copytree(good.project, project, symlinks=True)
    shutil.copytree(good.site, work / "site")
    mutate(project)
    source_before = tree_digest(project)
    around_before = listing(tmp_path)

    build = run_mkdocs_build(project, site=work / "site")

    assert build.returncode != 0, f"built without error:\n{build.output}"
    assert expected in build.output, build.output
    assert "Traceback" not in build.output, build.output
    assert tree_digest(project) == source_before, "the build changed the source tree"
    assert tree_digest(work / "site") == good.site_digest, "the last good site was replaced"
    assert listing(tmp_path) == around_before, f"files appeared: {sorted(listing(tmp_path) - around_before)}"
    return build


@dataclass
class InProcessBuild:
    ok: bool
    output: str


def build_in_process(project: Path, site: Path) -> InProcessBuild:
    """A strict MkDocs build in this process (no interpreter start-up): for tests that build many times.

    An exception other than MkDocs' own build errors is a crash: its traceback is put in the output.
    """
    import io
    import logging
    import traceback

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
        build(config)
        ok = True
    except (MkDocsException, SystemExit) as error:
        stream.write(f"Aborted: {error}\n")
        ok = False
    except Exception:  # noqa: BLE001 - a crash must show in the test's output, not end it
        stream.write(traceback.format_exc())
        ok = False
    finally:
        logger.removeHandler(handler)
    return InProcessBuild(ok, stream.getvalue())


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The small fixture with a script payload in every content field (see ``hostile_content.py``)."""
    from hostile_content import seed_payloads

    project = copy_fixture("small", tmp_path_factory.mktemp("hostile"))
    seed_payloads(project)
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build
