"""A large build with an empty cache makes the theme's search entries in worker processes
(``mkdocs_plugins/search_workers.py``): the site it writes is byte for byte the one a build that indexes every
page itself writes, and a worker that dies costs time, never a page's entries."""

from __future__ import annotations

import concurrent.futures
import json
import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from conftest import copy_example_manual, run_mkdocs_build, search_docs
from safeguarding_manual.mkdocs_plugins import search_workers
from safeguarding_manual.mkdocs_plugins.search_workers import (PageForSearch, SearchWorkers, TocItem, theme_entries,
                                                               worker_count)
from test_frozen_pages import site_bytes

STARTED = "Search entries of the pages after the first 10 are made in 1 other process(es)."
#: The theme's search settings as its plugin gives them by default.
SETTINGS = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stemmer"], "fields": {}}


def build_with_workers(project: Path, site: Path, workers: str, cache: Path) -> str:
    """A verbose strict build with an empty cache and ``PROCEDURES_SEARCH_WORKERS=workers``; its log."""
    names = ("PROCEDURES_SEARCH_WORKERS", "PROCEDURES_SEARCH_WORKERS_AFTER", "PROCEDURES_CACHE_DIR")
    saved = {name: os.environ.get(name) for name in names}
    # the example manual is smaller than the manuals workers are meant for: they start after its tenth page
    os.environ.update(PROCEDURES_SEARCH_WORKERS=workers, PROCEDURES_SEARCH_WORKERS_AFTER="10",
                      PROCEDURES_CACHE_DIR=str(cache))
    try:
        build = run_mkdocs_build(project, "-v", site=site)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    assert build.returncode == 0, build.output[-3000:]
    return build.output


def test_entries_made_by_workers_give_the_same_site_as_entries_made_in_the_build(tmp_path: Path) -> None:
    project = copy_example_manual(tmp_path)
    alone = build_with_workers(project, tmp_path / "alone", "0", tmp_path / "cache-alone")
    helped = build_with_workers(project, tmp_path / "helped", "1", tmp_path / "cache-helped")
    assert STARTED not in alone
    assert STARTED in helped, "the example manual has enough pages to start a worker"
    docs = search_docs(tmp_path / "helped")
    assert docs == search_docs(tmp_path / "alone")
    assert any("#" in doc["location"] for doc in docs), "sections found through the table of contents"
    assert site_bytes(tmp_path / "helped") == site_bytes(tmp_path / "alone")
    # the entries the workers made were stored: a second build finds them all and starts no worker
    again = build_with_workers(project, tmp_path / "again", "1", tmp_path / "cache-helped")
    assert STARTED not in again
    assert site_bytes(tmp_path / "again") == site_bytes(tmp_path / "alone")


def page(url: str, body: str) -> PageForSearch:
    return PageForSearch(url=url, content=f'<h1 id="top">Title {url}</h1><p>{body}</p><h2 id="more">More</h2>'
                                             f"<p>second part of {url}</p>",
                         title=f"Title {url}", toc=(TocItem("top", "#top", (TocItem("more", "#more", ()),)),),
                         meta={"search": {"boost": 2}})


def test_a_page_whose_worker_died_is_indexed_in_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCEDURES_SEARCH_WORKERS", "1")
    monkeypatch.setenv("PROCEDURES_SEARCH_WORKERS_AFTER", "0")
    pages = [page(f"p{number}/", f"words of page {number}") for number in range(5)]
    expected = {item.url: theme_entries(SETTINGS, item) for item in pages}
    assert expected["p1/"][1] == {"location": "p1/#more", "title": "More", "text": "<p>second part of p1/</p>",
                                  "boost": 2}
    workers = SearchWorkers(SETTINGS)
    for item in pages:
        assert workers.take(item, key=f"key-{item.url}")
    assert workers._pool is not None
    for process in list(workers._pool._processes.values()):  # type: ignore[attr-defined]
        process.kill()  # before it could start, let alone answer: every page's entries are lost with it
    futures = [future for future, _ in workers.sent.values()]
    concurrent.futures.wait(futures)
    assert all(isinstance(future.exception(), BrokenProcessPool) for future in futures)
    assert not workers.take(page("after/", "text"), key=""), "the page after them is indexed by the build"
    collected = workers.collect()
    assert list(collected) == [item.url for item in pages]
    assert {url: entries for url, (entries, _) in collected.items()} == expected
    assert collected["p3/"][1] == "key-p3/"


def test_workers_are_not_started_for_a_few_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCEDURES_SEARCH_WORKERS", "1")
    monkeypatch.delenv("PROCEDURES_SEARCH_WORKERS_AFTER", raising=False)
    workers = SearchWorkers(SETTINGS)
    taken = [workers.take(page(f"p{number}/", "text"), key="") for number in range(search_workers.MISSES_BEFORE_WORKERS)]
    assert not any(taken) and workers._pool is None
    assert workers.take(page("last/", "text"), key="")
    assert json.dumps(workers.collect()["last/"][0])
    assert workers._pool is None, "stopped once collected"


def test_how_many_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCEDURES_SEARCH_WORKERS", "0")
    assert worker_count() == 0
    monkeypatch.setenv("PROCEDURES_SEARCH_WORKERS", "9")
    assert worker_count() == search_workers.MOST_WORKERS
    monkeypatch.delenv("PROCEDURES_SEARCH_WORKERS")
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0})
    assert worker_count() == 0, "a machine with one processor indexes in the build's own process"
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1})
    assert worker_count() == 1


class PoolThatCannotStart:
    """Stands in for a process pool on a machine that cannot start processes (``fork`` refused at the first
    page sent), or cannot even make the pool (no working semaphores, as in some sandboxes)."""

    made = 0

    def __init__(self, *_: object, **__: object) -> None:
        PoolThatCannotStart.made += 1
        if PoolThatCannotStart.made == 1:
            raise OSError("This platform lacks a functioning sem_open implementation")

    def submit(self, *_: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    def shutdown(self, **_: object) -> None:
        pass


def test_a_machine_that_cannot_start_workers_indexes_every_page_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCEDURES_SEARCH_WORKERS", "1")
    monkeypatch.setenv("PROCEDURES_SEARCH_WORKERS_AFTER", "0")
    monkeypatch.setattr(search_workers, "ProcessPoolExecutor", PoolThatCannotStart)
    no_pool = SearchWorkers(SETTINGS)
    assert not any(no_pool.take(page(f"p{number}/", "text"), key="") for number in range(3))
    assert no_pool.collect() == {}
    no_process = SearchWorkers(SETTINGS)
    assert not any(no_process.take(page(f"p{number}/", "text"), key="") for number in range(3))
    assert PoolThatCannotStart.made == 2, "one pool tried per build, not one per page"
    assert no_process.collect() == {}
