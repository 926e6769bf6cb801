"""The theme's search entries of pages, made in other processes while the build goes on.

Material's search plugin reads every page's finished HTML with Python's pure-Python HTML parser: with an
empty cache (a fresh CI runner, a new release) that was an eighth of a 1,000-chapter build, on the build's
one thread. What it makes of a page depends only on the page's HTML, address, title, table of contents and
three metadata fields (see :class:`PageForSearch`), so those are sent to a worker process, which runs the
theme's own code on them, and the entries are collected at the end of the build, in the pages' order.

Workers are started only when a build has many pages to index and the machine has a processor to spare
(``MISSES_BEFORE_WORKERS``, :func:`worker_count`): a save while serving indexes one page, in the build's
own process, as before. They are started by ``spawn``, never ``fork`` (the build has threads of its own).
A page whose worker failed is indexed in the build's own process: no page is ever left out of search.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from mkdocs.plugins import get_plugin_logger

from ..core.pages.search_entries import words_kept_apart

log = get_plugin_logger(__name__)

#: A build indexes its first pages itself; workers are started at the page after this many. A worker takes
#: about a second to start, the time to index some fifty pages: a small manual is done sooner without one.
MISSES_BEFORE_WORKERS = 100
#: At most this many workers, however many processors there are (each holds the theme's code, about 45 MB).
MOST_WORKERS = 3
#: Page metadata the theme's search reads (``material/plugins/search/plugin.py``).
META_READ = ("search", "title", "tags")
#: ``PROCEDURES_SEARCH_WORKERS=0`` indexes every page in the build's own process; ``=2``, two workers.
WORKERS_VARIABLE = "PROCEDURES_SEARCH_WORKERS"
#: ``PROCEDURES_SEARCH_WORKERS_AFTER=N``: workers start after N pages instead of ``MISSES_BEFORE_WORKERS``.
AFTER_VARIABLE = "PROCEDURES_SEARCH_WORKERS_AFTER"


class TocItem(NamedTuple):
    """One heading of a page's table of contents, as the theme's search looks it up (by ``id``)."""

    id: str
    url: str
    children: tuple[TocItem, ...]


@dataclass
class PageForSearch:
    """What the theme's search reads of a page, in plain values that can go to another process."""

    url: str
    content: str
    title: str
    toc: tuple[TocItem, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, page: Any) -> PageForSearch:
        return cls(url=page.url, content=page.content or "", title=str(page.title), toc=_toc_items(page.toc),
                   meta={name: page.meta[name] for name in META_READ if name in page.meta})


def _toc_items(items: Any) -> tuple[TocItem, ...]:
    return tuple(TocItem(item.id, item.url, _toc_items(item.children)) for item in items)


def theme_entries(settings: dict[str, Any], page: PageForSearch) -> list[dict[str, Any]]:
    """The theme's own entries of ``page``, read from its HTML with words kept apart at the edges of blocks and
    table cells (see ``words_kept_apart``). Runs in a worker, or in the build's process."""
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex(**settings)
    shown = PageForSearch(page.url, words_kept_apart(page.content), page.title, page.toc, page.meta)
    index.add_entry_from_context(shown)
    return index.entries  # type: ignore[no-any-return]


def worker_count() -> int:
    """How many workers a large build gets: one per processor the build may use beyond its own, at most
    ``MOST_WORKERS``; 0 on a one-processor machine or when ``PROCEDURES_SEARCH_WORKERS`` says so."""
    configured = os.environ.get(WORKERS_VARIABLE, "").strip()
    if configured.isdigit():
        return min(int(configured), MOST_WORKERS)
    try:
        processors = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        processors = os.cpu_count() or 1
    return max(0, min(processors - 1, MOST_WORKERS))


def pages_before_workers() -> int:
    configured = os.environ.get(AFTER_VARIABLE, "").strip()
    return int(configured) if configured.isdigit() else MISSES_BEFORE_WORKERS


class SearchWorkers:
    """Pages sent to worker processes in the build's order, and their entries collected at the end.

    A page's HTML is kept here only until its worker is done with it: a failed page is indexed again in the
    build's process from what was kept, and a successful one costs no memory while it waits to be collected.
    """

    def __init__(self, settings: dict[str, Any]):
        self.settings = settings
        self.misses = 0
        self._pool: ProcessPoolExecutor | None = None
        self._started = False
        self._broken = False
        #: page URL -> (its entries to come, its store key), in the order sent
        self.sent: dict[str, tuple[Future[list[dict[str, Any]]], str]] = {}
        #: page URL -> the page, until its worker has answered (a page whose worker failed stays here)
        self._unanswered: dict[str, PageForSearch] = {}

    def take(self, page: Any, key: str) -> bool:
        """Send ``page`` to a worker, if this build has them; False if the caller should index it itself."""
        self.misses += 1
        pool = self._workers()
        if pool is None:
            return False
        sent = PageForSearch.of(page)
        self._unanswered[sent.url] = sent  # before the worker can answer
        try:
            future = pool.submit(theme_entries, self.settings, sent)
        except Exception:  # noqa: BLE001 - workers that died (BrokenProcessPool) or could not be started (no
            self._broken = True  # processes left, no semaphores in a sandbox): the build indexes the rest itself
            del self._unanswered[sent.url]
            return False
        future.add_done_callback(lambda done: self._answered(sent.url, done))
        self.sent[sent.url] = (future, key)
        return True

    def _answered(self, url: str, done: Future[list[dict[str, Any]]]) -> None:
        if not done.cancelled() and done.exception() is None:
            self._unanswered.pop(url, None)

    def collect(self) -> dict[str, tuple[list[dict[str, Any]], str]]:
        """Every sent page's entries and store key, by URL in the order sent; then the workers stop."""
        collected: dict[str, tuple[list[dict[str, Any]], str]] = {}
        for url, (future, key) in self.sent.items():
            try:
                entries = future.result()
            except Exception:  # noqa: BLE001 - a worker that failed (or was killed): indexed here instead
                if url not in self._unanswered:
                    raise
                entries = theme_entries(self.settings, self._unanswered.pop(url))
            collected[url] = (entries, key)
        self.sent = {}
        self.close()
        return collected

    def close(self) -> None:
        """Stop the workers (a build that failed drops what they were doing)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _workers(self) -> ProcessPoolExecutor | None:
        if self._pool is None and not self._started and self.misses > pages_before_workers():
            self._started = True
            count = worker_count()
            if count:
                try:
                    self._pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
                except (ImportError, OSError, NotImplementedError):  # a platform without working semaphores
                    return None
                log.debug(f"Search entries of the pages after the first {self.misses - 1} are made in "
                          f"{count} other process(es).")
        return None if self._broken else self._pool
