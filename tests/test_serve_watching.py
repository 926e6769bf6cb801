"""``mkdocs serve``'s file watcher waits while the preview rebuilds, and misses no save (mkdocs_plugins.watching).

These use MkDocs' real server object and watchdog's real polling, with real files; the server itself is
never bound to a port (the full ``mkdocs serve`` runs in test_quick_preview).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from safeguarding_manual.mkdocs_plugins.watching import BUILDS, PollingObserverThatWaits, wait_while_building

POLL_SECONDS = 0.1


@pytest.fixture(autouse=True)
def no_build_expected():  # type: ignore[no-untyped-def]
    """The saves these tests make are never built: the next test in this process expects no build."""
    yield
    BUILDS.expect_nothing()


def _server(tmp_path: Path, builder) -> LiveReloadServer:
    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=0, root=str(tmp_path / "site"),
                              polling_interval=POLL_SECONDS)
    return server


def _until(condition, seconds: float = 5.0) -> bool:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def _save_during_build(tmp_path: Path, swap: bool) -> tuple[bool, bool]:
    """Save a file while a build runs: (seen during the build, seen after it)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", "utf-8")
    seen_during: list[bool] = []

    def builder() -> None:
        (docs / "index.md").write_text("# Home, saved during the build\n", "utf-8")
        time.sleep(POLL_SECONDS * 8)
        seen_during.append(server._want_rebuild)

    server = _server(tmp_path, builder)
    server.watch(str(docs))
    if swap:
        server = wait_while_building(server)
    server.observer.start()
    try:
        time.sleep(POLL_SECONDS * 3)  # the watcher's first look
        server.builder()
        seen_after = _until(lambda: server._want_rebuild)
    finally:
        server.observer.stop()
        server.observer.join()
    return seen_during[0], seen_after


def test_the_watcher_waits_while_a_build_runs_and_then_sees_what_was_saved(tmp_path: Path) -> None:
    assert _save_during_build(tmp_path, swap=True) == (False, True)


def test_without_it_mkdocs_watcher_polls_during_the_build(tmp_path: Path) -> None:
    """The control: MkDocs' own watcher sees the save while the build is still running."""
    assert _save_during_build(tmp_path, swap=False) == (True, True)


def test_every_watched_path_moves_to_the_new_watcher(tmp_path: Path) -> None:
    docs, config = tmp_path / "docs", tmp_path / "mkdocs.yml"
    docs.mkdir()
    config.write_text("site_name: x\n", "utf-8")
    server = _server(tmp_path, lambda: None)
    server.watch(str(docs))
    server.watch(str(config))
    old = server.observer
    server = wait_while_building(server)
    assert isinstance(server.observer, PollingObserverThatWaits)
    assert not old.emitters
    watched = {getattr(e.watch, "raw_path", e.watch.path) for e in server.observer.emitters}
    assert watched == {str(docs), str(config)}
    server.unwatch(str(docs))  # MkDocs can still take a path off
    assert {getattr(e.watch, "raw_path", e.watch.path) for e in server.observer.emitters} == {str(config)}


def test_a_path_watched_twice_leaves_mkdocs_watcher_as_it_was(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    server = _server(tmp_path, lambda: None)
    server.watch(str(docs))
    server.watch(str(docs))
    builder = server.builder
    server = wait_while_building(server)
    assert type(server.observer) is PollingObserver and server.builder is builder
    assert len(server.observer.emitters) == 1


def test_a_server_of_another_kind_is_left_alone(tmp_path: Path) -> None:
    class OtherServer:
        observer = object()

        def builder(self) -> None: ...

    server = OtherServer()
    assert wait_while_building(server) is server and server.observer is OtherServer.observer


def test_every_kind_of_save_is_seen(tmp_path: Path) -> None:
    """New, changed (even to the same size and time), renamed and deleted files, in subfolders, a watched
    file of its own (``mkdocs.yml``), and a link whose file changed: each starts a rebuild."""
    docs, config = tmp_path / "docs", tmp_path / "mkdocs.yml"
    (docs / "part").mkdir(parents=True)
    (docs / "part" / "chapter.md").write_text("# One\n", "utf-8")
    config.write_text("site_name: x\n", "utf-8")
    outside = tmp_path / "shared.md"
    outside.write_text("shared\n", "utf-8")
    (docs / "linked.md").symlink_to(outside)
    server = _server(tmp_path, lambda: None)
    server.watch(str(docs))
    server.watch(str(config))
    server = wait_while_building(server)
    server.observer.start()

    def seen(change) -> bool:  # type: ignore[no-untyped-def]
        time.sleep(POLL_SECONDS * 2)
        with server._rebuild_cond:
            server._want_rebuild = False
        change()
        return _until(lambda: server._want_rebuild)

    def same_size_and_time() -> None:
        chapter = docs / "part" / "chapter.md"
        before = chapter.stat()
        with BUILDS.building():  # the watcher does not look in between: only the change time tells
            chapter.write_text("# Two\n", "utf-8")
            os.utime(chapter, ns=(before.st_atime_ns, before.st_mtime_ns))

    try:
        assert seen(lambda: (docs / "part" / "new.md").write_text("# New\n", "utf-8"))
        assert seen(same_size_and_time)
        assert seen(lambda: (docs / "part" / "new.md").rename(docs / "part" / "renamed.md"))
        assert seen(lambda: (docs / "part" / "renamed.md").unlink())
        assert seen(lambda: (docs / "deeper" / "still").mkdir(parents=True) or
                    (docs / "deeper" / "still" / "page.md").write_text("# Deep\n", "utf-8"))
        assert seen(lambda: config.write_text("site_name: y\n", "utf-8"))
        assert seen(lambda: outside.write_text("shared, longer now\n", "utf-8"))
        time.sleep(POLL_SECONDS * 3)
        with server._rebuild_cond:
            server._want_rebuild = False
        time.sleep(POLL_SECONDS * 4)
        assert not server._want_rebuild, "nothing changed: no rebuild"
    finally:
        server.observer.stop()
        server.observer.join()


def test_an_expected_build_that_never_comes_holds_nothing_for_long() -> None:
    BUILDS.expect_a_build()
    started = time.monotonic()
    BUILDS.wait_until_quiet(0.3)
    BUILDS.wait_until_quiet(0.3)  # the expectation ran out: no second wait
    assert 0.25 < time.monotonic() - started < 1.0
