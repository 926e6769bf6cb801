"""Pagefind's word index cut again into small parts (``pagefind_parts``), on a real index Pagefind made.

What a reader's search finds is checked in Chromium by ``test_browser``; here, that nothing of the index
is lost or changed but the parts it is cut into, that the parts are small, that the list of parts is
written as Pagefind itself writes it, and that a folder in a form the code does not know is left alone.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from conftest import Build, tree_digest
from pagefind_index import pagefind_index
from safeguarding_manual.mkdocs_plugins import pagefind_parts
from safeguarding_manual.mkdocs_plugins.pagefind_parts import (
    LONGEST_PART_BYTES,
    WordEntry,
    recut_word_index,
)


def _meta_path(folder: Path) -> Path:
    entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    return folder / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"


def _language(folder: Path) -> pagefind_parts.LanguageIndex:
    return pagefind_parts._read_language(folder, "en", _meta_path(folder).name.split(".")[1])


def record_names(folder: Path) -> list[str]:
    """The names of the pages' record files, in the order of Pagefind's list of pages."""
    return [name for name, _, _ in _language(folder).pages]


def _parts(folder: Path) -> list[tuple[str, str, list[WordEntry]]]:
    """(from, to, words) of each part the meta file lists, read with the module's own reader."""
    index = _language(folder)
    listed = []
    meta = index.meta
    parts, _ = pagefind_parts._array_items(meta, index.fields[pagefind_parts.META_PARTS_FIELD][0])
    for start, _ in parts:
        fields, _ = pagefind_parts._array_items(meta, start)
        start_word, end_word, name = (pagefind_parts._text(meta, s) for s, _ in fields)
        words = pagefind_parts._word_entries(pagefind_parts._read(folder / "index" / f"{name}.pf_index"))
        listed.append((start_word, end_word, words))
    return listed


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pagefind_index(tmp_path_factory.mktemp("pagefind"))


@pytest.fixture
def recut(original: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "pagefind"
    shutil.copytree(original, folder)
    assert recut_word_index(folder)
    return folder


def test_every_word_keeps_its_entry_byte_for_byte_and_nothing_else_changes(original: Path, recut: Path) -> None:
    before = [entry for _, _, words in _parts(original) for entry in words]
    after = [entry for _, _, words in _parts(recut) for entry in words]
    assert after == before and len(after) > 1000
    old, new = tree_digest(original), tree_digest(recut)
    unchanged = {path for path in old
                 if not path.startswith(("index/", "fragment/")) and not path.endswith((".pf_meta", "-entry.json"))}
    assert unchanged and all(new.get(path) == old[path] for path in unchanged)  # filters, the program
    # Each page's record keeps its bytes under its new, short name, in the same place in the list of pages.
    old_records, new_records = (record_names(folder) for folder in (original, recut))
    assert len(new_records) == len(old_records) > 100 and len(set(new_records)) == len(new_records)
    # Names alike but for a counter: the meta file every search downloads is smaller, though it lists more parts.
    assert _meta_path(recut).stat().st_size < _meta_path(original).stat().st_size
    assert [old[f"fragment/{name}.pf_fragment"] for name in old_records] == \
        [new[f"fragment/{name}.pf_fragment"] for name in new_records]
    assert {path for path in new if path.startswith("fragment/")} == {f"fragment/{n}.pf_fragment" for n in new_records}
    # The meta file differs only in its lists of parts and of pages' names: the rest is Pagefind's, as written.
    old_meta, new_meta = (pagefind_parts._read(_meta_path(folder)) for folder in (original, recut))
    old_fields, _ = pagefind_parts._array_items(old_meta, 0)
    new_fields, _ = pagefind_parts._array_items(new_meta, 0)
    kept = [number for number in range(len(old_fields))
            if number not in (pagefind_parts.META_PARTS_FIELD, pagefind_parts.META_PAGES_FIELD)]
    assert len(kept) >= 3 and [old_meta[slice(*old_fields[n])] for n in kept] == [new_meta[slice(*new_fields[n])] for n in kept]
    assert [rest for _, _, rest in _language(original).pages] == [rest for _, _, rest in _language(recut).pages]
    # Every part listed is there, and nothing else: the old parts and the old meta file are gone.
    names = {f"index/{path.name}" for path in (recut / "index").iterdir()}
    assert len(names) == len(_parts(recut)) and not (names & set(old))
    assert [path.name for path in recut.glob("*.pf_meta")] == [_meta_path(recut).name]


def test_parts_are_small_and_end_between_words_that_begin_differently(original: Path, recut: Path) -> None:
    parts = _parts(recut)
    assert len(parts) >= 3 * len(_parts(original))
    for _, _, words in parts:
        assert len(words) == 1 or sum(len(entry.encoded) for entry in words) <= LONGEST_PART_BYTES + max(
            len(entry.encoded) for entry in words)
    cuts = [pagefind_parts._shared_letters(left[-1].word, right[0].word)
            for (_, _, left), (_, _, right) in zip(parts, parts[1:])]
    assert sum(shared <= pagefind_parts.SHARED_LETTERS_AT_A_CUT for shared in cuts) >= 0.9 * len(cuts)
    largest_before = max(path.stat().st_size for path in (original / "index").iterdir())
    assert max(path.stat().st_size for path in (recut / "index").iterdir()) < largest_before


def test_each_part_is_listed_from_and_to_as_pagefind_lists_its_own(original: Path, recut: Path) -> None:
    """Re-deriving Pagefind's own list from its own parts gives exactly what it wrote (a Pagefind that
    lists parts differently fails here), and the new list is made the same way."""
    for folder in (original, recut):
        parts = _parts(folder)
        assert pagefind_parts._bounds([words for _, _, words in parts]) == [(a, b) for a, b, _ in parts]


def test_the_same_index_is_cut_into_the_same_bytes(original: Path, recut: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    shutil.copytree(original, again)
    assert recut_word_index(again)
    assert tree_digest(again) == tree_digest(recut)


def _damage_a_part(folder: Path) -> None:
    part = sorted((folder / "index").iterdir())[-1]
    part.write_bytes(gzip.compress(b"pagefind_dcd\x81\x99"))


def _another_version(folder: Path) -> None:
    meta = _meta_path(folder)
    meta.write_bytes(gzip.compress(pagefind_parts._read(meta).replace(b"1.", b"2.", 1).join([b"pagefind_dcd", b""])))


def _no_entry_file(folder: Path) -> None:
    (folder / "pagefind-entry.json").unlink()


def _a_part_with_more_than_its_words(folder: Path) -> None:
    part = sorted((folder / "index").iterdir())[0]
    data = bytearray(pagefind_parts._read(part))
    data[0] = 0x82  # two fields where Pagefind writes one
    part.write_bytes(gzip.compress(b"pagefind_dcd" + bytes(data) + b"\x80"))


@pytest.mark.parametrize("change", [_damage_a_part, _another_version, _no_entry_file, _a_part_with_more_than_its_words])
def test_a_folder_in_a_form_it_does_not_know_is_left_exactly_as_it_was(original: Path, tmp_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "pagefind"
    shutil.copytree(original, folder)
    change(folder)
    before = tree_digest(folder)
    assert recut_word_index(folder) is False
    assert tree_digest(folder) == before


def test_a_built_site_has_small_parts_and_the_words_of_table_cells_apart(example_build: Build) -> None:
    """The site's own index is re-cut, and the theme's search text no longer runs the words of
    neighbouring table cells, list items and headings together ("needsLevel"): each header cell of the
    threshold document's table is words of its own in the search index."""
    parts = _parts(example_build.site / "pagefind")
    assert len(parts) > 2
    records = {}
    for fragment in (example_build.site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        records[data["meta"].get("location")] = data["content"].split()
    words = records["thresholds/"]
    table = example_build.page("thresholds/").select_one("table.threshold-table")
    assert table is not None
    cells = [cell.get_text(" ", strip=True).split() for cell in table.select("th")]
    assert len(cells) > 5
    for cell in cells:
        assert cell[0] in words and cell[-1].rstrip(".") in [word.rstrip(".") for word in words], cell
