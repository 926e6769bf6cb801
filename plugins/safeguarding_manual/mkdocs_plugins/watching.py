"""While ``mkdocs serve`` runs, a cheaper look at the watched files, and none while the preview rebuilds.

MkDocs finds saved files by polling: every half second a thread takes a snapshot of every watched file
(watchdog's ``DirectorySnapshot``). At 1,000 chapters with their archives that is 2,300 files and a tenth
of a second of Python each time; a save waited a quarter of a second on average before the poll saw it,
and while a rebuild ran the two threads shared one interpreter (a rebuild took 2.6 seconds with the
watcher polling and 1.8 without it). So the watcher here differs from MkDocs' in two ways:

- it records only what shows a file changed (modification and change times, size, inode), one directory
  listing and one ``stat`` a file: 20 milliseconds at 1,000 chapters. It looks again after five times as
  long as its last look took (0.1 second at least, and never longer than MkDocs' half second), so it
  spends no more of the machine than MkDocs' watcher does and sees a save sooner;
- it does not look while a build runs. Nothing is missed: its first look after the build compares the
  files with its last look before it, so a file saved during the build starts another one, as before.

Any created, changed or deleted file starts a rebuild, as with MkDocs' watcher (which ignores changes to
folders alone). The swap uses only what MkDocs gives a plugin in ``on_serve`` (the server's ``watch`` and
``unwatch``, its ``observer`` and ``builder``). Where the server is not the one this was written for
(another MkDocs, a fork), or a path is watched twice and could not be moved, MkDocs' watcher is left as
it was.
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from mkdocs.plugins import get_plugin_logger
from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent
from watchdog.observers.api import BaseObserver, EventEmitter
from watchdog.observers.polling import PollingObserver

log = get_plugin_logger(__name__)


class BuildActivity:
    """Whether a build is running, and whether one is expected (the watcher saw a save). The watcher waits
    until no build runs; the preview's search indexing also waits while a build is expected."""

    def __init__(self) -> None:
        self._idle = threading.Event()
        self._idle.set()
        self._changed = threading.Condition()
        self._expected_at: float | None = None

    @contextmanager
    def building(self) -> Iterator[None]:
        self._idle.clear()
        try:
            yield
        finally:
            self._idle.set()
            self.expect_nothing()  # the build that was expected is over

    def expect_a_build(self) -> None:
        """The watcher saw a save: MkDocs starts its build within moments (see :meth:`wait_until_quiet`)."""
        with self._changed:
            self._expected_at = time.monotonic()

    def expect_nothing(self) -> None:
        with self._changed:
            self._expected_at = None
            self._changed.notify_all()

    def wait_until_idle(self, stopped: threading.Event) -> None:
        """Return once no build runs, or once ``stopped`` is set (the server is shutting down)."""
        while not self._idle.wait(timeout=0.25):
            if stopped.is_set():
                return

    def wait_until_quiet(self, longest_seconds: float) -> None:
        """Return once no build is expected, or ``longest_seconds`` after a save was seen: a save that
        MkDocs did not build (none of ours) must not hold the waiting work back for ever."""
        with self._changed:
            while self._expected_at is not None:
                remaining = self._expected_at + longest_seconds - time.monotonic()
                if remaining <= 0:
                    self._expected_at = None
                    break
                self._changed.wait(remaining)


#: One per process, like the server.
BUILDS = BuildActivity()


#: How much longer than its last look the watcher waits before the next one: at most a sixth of the time
#: spent looking, as MkDocs' watcher at 1,000 chapters.
WAIT_PER_LOOK = 5
#: The shortest wait between two looks.
SHORTEST_WAIT_SECONDS = 0.1

#: A file's modification and change times, size and inode; None if it could not be looked at.
FileState = tuple[int, int, int, int] | None


class FileStatesEmitter(EventEmitter):
    """Looks at the watched path's files every so often and queues an event for each file created,
    changed or deleted since the last look; never while a build runs."""

    def __init__(self, event_queue: Any, watch: Any, *, timeout: float = 0.5, event_filter: Any = None) -> None:
        super().__init__(event_queue, watch, timeout=timeout, event_filter=event_filter)
        #: what was given to watch (watchdog 6 and later keep a watched file's folder in ``path``)
        self.target = getattr(watch, "raw_path", watch.path)
        self.states: dict[str, FileState] = {}
        self.wait_seconds = min(timeout, SHORTEST_WAIT_SECONDS)

    def on_thread_start(self) -> None:
        self.states = self._look()

    def queue_events(self, timeout: float) -> None:
        if self.stopped_event.wait(self.wait_seconds):
            return
        BUILDS.wait_until_idle(self.stopped_event)
        started = time.perf_counter()
        states = self._look()
        took = time.perf_counter() - started
        self.wait_seconds = min(timeout, max(SHORTEST_WAIT_SECONDS, WAIT_PER_LOOK * took))
        if states != self.states:
            BUILDS.expect_a_build()
        for path in sorted(states.keys() - self.states.keys()):
            self.queue_event(FileCreatedEvent(path))
        for path in sorted(self.states.keys() - states.keys()):
            self.queue_event(FileDeletedEvent(path))
        for path in sorted(path for path in states.keys() & self.states.keys() if states[path] != self.states[path]):
            self.queue_event(FileModifiedEvent(path))
        self.states = states

    def _look(self) -> dict[str, FileState]:
        if not os.path.isdir(self.target):
            return {self.target: _state(self.target)} if os.path.lexists(self.target) else {}
        found: dict[str, FileState] = {}
        _look_below(self.target, found, self.watch.is_recursive)
        return found


def _state(path: str | os.DirEntry[str]) -> FileState:
    try:
        info = path.stat() if isinstance(path, os.DirEntry) else os.stat(path)
    except OSError:  # a link that leads nowhere, a file deleted while looked at
        return None
    return info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino


def _look_below(folder: str, found: dict[str, FileState], recursive: bool) -> None:
    """Every file below ``folder`` (through links to files; linked folders are not entered, as loops could be)."""
    try:
        entries = os.scandir(folder)
    except OSError:
        return
    with entries:
        for entry in entries:
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                if recursive:
                    _look_below(entry.path, found, recursive)
            else:
                found[entry.path] = _state(entry)


class PollingObserverThatWaits(BaseObserver):
    def __init__(self, *, timeout: float) -> None:
        super().__init__(FileStatesEmitter, timeout=timeout)


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
