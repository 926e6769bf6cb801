"""The build cache's store (``mkdocs_plugins/disk_cache.py``): an entry put is an entry got, whatever happened to
its folder meanwhile, and a store that cannot be written costs a cache miss, never a build."""

from __future__ import annotations

import shutil
from pathlib import Path

from safeguarding_manual.mkdocs_plugins.disk_cache import DiskStore, entry_key


def test_an_entry_put_is_got_back_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "kind")
    key = entry_key("a", "b")
    store.put(key, {"html": "<p>text</p>"})
    assert store.get(key) == {"html": "<p>text</p>", "key": key}
    assert store.has(key) and not store.has(entry_key("other"))
    assert [path.name for path in (tmp_path / "kind").rglob("*") if path.is_file()] == [key]


def test_an_entry_is_written_after_its_folder_was_removed(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "kind")
    first, second = entry_key("first"), entry_key("second")
    store.put(first, {"n": 1})
    shutil.rmtree(tmp_path / "kind")  # e.g. the user deleted the cache while serving
    store.put(first, {"n": 2})
    store.put(second, {"n": 3})
    assert store.get(first) == {"n": 2, "key": first}
    assert store.get(second) == {"n": 3, "key": second}


def test_a_store_under_a_file_is_a_cache_miss(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("", "utf-8")
    store = DiskStore(tmp_path / "not-a-folder" / "kind")
    store.put(entry_key("x"), {"n": 1})
    assert store.get(entry_key("x")) is None
