"""While ``mkdocs serve`` rebuilds the preview, its file watcher waits, and looks for changes once the
build is over.

MkDocs finds saved files by polling: every half second, a thread lists and stats every watched file. At
1,000 chapters with their archives that is 2,300 files and a tenth of a second of Python each time, and
while a rebuild runs the two threads share one interpreter: a rebuild after a save took 2.6 seconds
with the watcher polling and 1.8 seconds without it. So the watcher here is MkDocs' own polling watcher
with one difference: it does not poll while a build runs. Nothing is missed: its first look after the
build compares the files with its last look before the build, so a file saved during the build starts
another one, exactly as before.

The swap uses only what MkDocs gives a plugin in ``on_serve`` (the server's ``watch`` and ``unwatch``,
its ``observer`` and ``builder``). Where the server is not the one this was written for (another MkDocs,
a fork), or a path is watched twice and could not be moved, MkDocs' watcher is left as it was.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from mkdocs.plugins import get_plugin_logger
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingEmitter, PollingObserver

log = get_plugin_logger(__name__)


class BuildActivity:
    """Whether a build is running; a watcher waits until none is."""

    def __init__(self) -> None:
        self._idle = threading.Event()
        self._idle.set()

    @contextmanager
    def building(self) -> Iterator[None]:
        self._idle.clear()
        try:
            yield
        finally:
            self._idle.set()

    def wait_until_idle(self, stopped: threading.Event) -> None:
        """Return once no build runs, or once ``stopped`` is set (the server is shutting down)."""
        while not self._idle.wait(timeout=0.25):
            if stopped.is_set():
                return


#: One per process, like the server.
BUILDS = BuildActivity()


class PollingEmitterThatWaits(PollingEmitter):
    """MkDocs' polling, except that it looks for changes only when no build is running."""

    def queue_events(self, timeout: float) -> None:
        if self.stopped_event.wait(timeout):
            return
        BUILDS.wait_until_idle(self.stopped_event)
        super().queue_events(0)


class PollingObserverThatWaits(BaseObserver):
    def __init__(self, *, timeout: float) -> None:
        super().__init__(PollingEmitterThatWaits, timeout=timeout)


def wait_while_building(server: Any) -> Any:
    """``on_serve``: give ``server`` a watcher that waits while a build runs, and builds that say so."""
    old = getattr(server, "observer", None)
    builder = getattr(server, "builder", None)
    if type(old) is not PollingObserver or old.is_alive() or not callable(builder) or \
            not callable(getattr(server, "watch", None)) or not callable(getattr(server, "unwatch", None)):
        log.debug("The server's file watcher is not MkDocs' own: left as it is.")
        return server
    # watchdog 6 and later keep the path as given in ``raw_path`` (``path`` is a watched file's folder)
    watched = [(getattr(emitter.watch, "raw_path", emitter.watch.path), emitter.watch.is_recursive)
               for emitter in old.emitters]
    for path, _ in watched:
        server.unwatch(path)
    if old.emitters:  # a path watched more than once stays: put everything back as it was
        for path, recursive in watched:
            server.watch(path, recursive=recursive)
        log.debug("A path is watched twice: the server's file watcher is left as it is.")
        return server
    server.observer = PollingObserverThatWaits(timeout=old.timeout)
    for path, recursive in watched:
        server.watch(path, recursive=recursive)
    server.builder = _builder_that_says_so(builder)
    return server


def _builder_that_says_so(builder: Callable[..., Any]) -> Callable[..., Any]:
    def build(*args: Any, **kwargs: Any) -> Any:
        with BUILDS.building():
            return builder(*args, **kwargs)
    return build
