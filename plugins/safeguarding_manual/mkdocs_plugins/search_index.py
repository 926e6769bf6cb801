"""The site's search index: our entries added to the theme's, then handed to the site's word index.

Both plugins add entries (glossary terms, chapters' former names; numbered paragraphs when the theme's
search answers) to the theme's index, in memory before its plugin writes it (``search_cache``), or to
``search/search_index.json`` after that where the search plugin is not one we know. At the end of a build
the whole list, with the numbered paragraphs as the numbering collected them, becomes the word index in
``search-index/`` (``core.pages.word_index``), which a browser reads a few kilobytes at a time, and the
theme's file keeps only its settings (the theme still fetches it) and ``"engine": "word-index"``, which
tells our search worker to answer from it. A build that keeps the list (the preview opened from disk,
where browsers cannot fetch the index's files) leaves the theme's own search in charge.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.manual.model import Chapter
from ..core.pages.search_entries import Paragraphs, index_record, search_records
from ..core.pages.word_index import write_word_index

#: The folder of the site's word index: ``index.json`` and a folder named by the digest of its contents.
SEARCH_FOLDER = "search-index"
#: What the theme's index file says to send our search worker to the word index.
ENGINE = "word-index"
#: Set to "theme" (as the preview opened from disk does) to keep the theme's own search and no word index.
ENGINE_VARIABLE = "PROCEDURES_SEARCH"


@dataclass(frozen=True)
class SearchSummary:
    records: int
    words: int
    files: int
    bytes: int
    seconds: float


class SearchIndexError(Exception):
    """The search index could not be written; the message says what to do."""


def index_path(site: Path) -> Path:
    return site / "search" / "search_index.json"


def amend_search_index(site: Path, finish: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
                       write: bool = True) -> dict[str, Any] | None:
    """Replace the entries of ``search/search_index.json`` with what ``finish`` makes of them, where the
    theme's index does not take our entries in memory (see ``search_cache.entries_index``). Returns the
    amended index; ``write=False`` leaves the file to the caller (handing over rewrites it anyway)."""
    index = index_path(site)
    if not index.exists():
        return None
    data = json.loads(index.read_text("utf-8"))
    data["docs"] = finish(data["docs"])
    if write:
        index.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
    return data


def word_index_wanted() -> bool:
    return os.environ.get(ENGINE_VARIABLE, ENGINE) != "theme"


def hand_over_to_word_index(site: Path, data: dict[str, Any] | None = None) -> list[dict[str, Any]] | None:
    """Empty the theme's list (keeping its settings, which the theme still fetches) and tell our search
    worker to answer from the word index; returns the entries to index (None: no theme search in the site)."""
    index = index_path(site)
    if not index.exists():
        return None
    if data is None:
        data = json.loads(index.read_text("utf-8"))
    docs: list[dict[str, Any]] = data.get("docs", [])
    index.write_text(json.dumps(handed_over_index(data["config"]), separators=(",", ":")), "utf-8")
    return docs


def handed_over_index(settings: dict[str, Any]) -> dict[str, Any]:
    """What the theme's index file holds once the word index answers: its settings (the theme still
    fetches them) and the word that tells our search worker to read the word index, with no entries."""
    return {"config": {**settings, "engine": ENGINE}, "docs": []}


def make_search_folder(docs: list[dict[str, Any]], chapters: Mapping[str, tuple[Chapter, Paragraphs]],
                       output: Path, checkpoint: Callable[[], None] = lambda: None) -> SearchSummary:
    """The site's word index of the entries (and ``chapters``' numbered paragraphs) in the folder ``output``.

    The entries are gathered into one record per page (its sections and paragraphs as parts) and one per
    glossary term (``search_records``), and each record's words are indexed as it is read
    (``core.pages.word_index``): a phone downloads the parts of the word list its query needs and the text
    of the results it shows. A folder that cannot be written stops the build (``SearchIndexError``).
    ``checkpoint``: see ``write_word_index``."""
    started = time.perf_counter()
    checkpoint()
    records = search_records(docs, chapters)
    try:
        written = write_word_index((index_record(record) for record in records), output, checkpoint)
    except OSError as error:
        shutil.rmtree(output, ignore_errors=True)
        raise SearchIndexError(f"The search index could not be written to {output} ({error}); nothing was "
                               "published. Free some space or fix the folder's permissions, then build again.") from error
    return SearchSummary(written.records, written.words, written.files, written.bytes, time.perf_counter() - started)
