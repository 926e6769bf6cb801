"""While serving, the search index of a save is made after its page is shown; a rebuild for the next
save makes it wait, and replaces it if that rebuild succeeds (mkdocs_plugins.quick_preview).

The whole serve loop runs in test_quick_preview; here the indexing is a stand-in that counts its steps,
so what it does while a rebuild runs can be seen step by step.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from safeguarding_manual.mkdocs_plugins.quick_preview import QuickPreview
from safeguarding_manual.mkdocs_plugins.watching import BUILDS

STEPS = 60


class Indexing:
    """A stand-in for the word index: STEPS steps, each after a checkpoint, then the folder is written."""

    def __init__(self, name: str) -> None:
        self.name, self.steps = name, 0
        self.started = threading.Event()

    def __call__(self, folder: Path, checkpoint) -> str:  # type: ignore[no-untyped-def]
        self.started.set()
        for _ in range(STEPS):
            checkpoint()
            self.steps += 1
            time.sleep(0.005)
        folder.mkdir(parents=True)
        (folder / "index.json").write_text(json.dumps({"made_by": self.name}), "utf-8")
        return f"indexed by {self.name}"


def _preview(tmp_path: Path) -> QuickPreview:
    preview = QuickPreview()
    preview.served = tmp_path / "site"
    preview.served.mkdir()
    return preview


def _start(preview: QuickPreview, indexing: Indexing) -> None:
    preview.index_later(indexing)
    preview._start_search_job()
    assert indexing.started.wait(5)


def _served_index(preview: QuickPreview) -> str:
    assert preview.served is not None
    return json.loads((preview.served / "search-index/index.json").read_text("utf-8"))["made_by"]


def test_the_indexing_waits_while_a_rebuild_runs_and_goes_on_if_it_fails(tmp_path: Path) -> None:
    preview = _preview(tmp_path)
    first = Indexing("first save")
    _start(preview, first)
    preview.begin()  # the next save's rebuild starts
    try:
        time.sleep(0.05)
        waiting_at = first.steps
        time.sleep(0.3)
        assert first.steps == waiting_at < STEPS, "no step while the rebuild runs"
    finally:
        preview.failed()  # that rebuild failed: the preview still shows the first save, so its index goes on
    preview.wait_for_search()
    assert first.steps == STEPS
    assert _served_index(preview) == "first save"


def test_a_rebuild_that_succeeds_replaces_the_indexing_under_way(tmp_path: Path) -> None:
    preview = _preview(tmp_path)
    first, second = Indexing("first save"), Indexing("second save")
    _start(preview, first)
    preview.begin()
    time.sleep(0.05)
    preview.not_building.set()  # the rebuild ended well (as ``finish`` does) and its own indexing starts
    preview._collect_as_usual()
    _start(preview, second)
    preview.wait_for_search()
    assert first.steps < STEPS, "the first save's indexing stopped"
    assert second.steps == STEPS
    assert _served_index(preview) == "second save"
    assert not list(tmp_path.glob("site-search-*")), "no working folder is left behind"


def test_the_indexing_waits_as_soon_as_the_watcher_sees_a_save(tmp_path: Path) -> None:
    """Between the watcher seeing a save and the rebuild starting (MkDocs reads its settings again), the
    indexing waits too: the editor is waiting for that rebuild."""
    preview = _preview(tmp_path)
    first = Indexing("first save")
    _start(preview, first)
    BUILDS.expect_a_build()
    try:
        time.sleep(0.05)
        waiting_at = first.steps
        time.sleep(0.3)
        assert first.steps == waiting_at < STEPS
    finally:
        with BUILDS.building():  # the build comes and goes (it failed: the first save's index goes on)
            pass
    preview.wait_for_search()
    assert first.steps == STEPS and _served_index(preview) == "first save"
