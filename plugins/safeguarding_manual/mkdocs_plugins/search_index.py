"""The site's search index: our entries added to the theme's, then handed to Pagefind.

Both plugins add entries (glossary terms, chapters' former names; numbered paragraphs when the theme's
search answers) to the theme's index, in memory before its plugin writes it (``search_cache``), or to
``search/search_index.json`` after that where the search plugin is not one we know. At the end of a build
the whole list, with the numbered paragraphs as the numbering collected them, becomes a Pagefind index in
``pagefind/``, which a browser reads a few kilobytes at a time, and the
theme's file keeps only its settings (the theme still fetches it) and ``"engine": "pagefind"``, which
tells our search worker to answer from Pagefind. A build that keeps the list (the preview opened from
disk, where browsers cannot fetch Pagefind's files) leaves the theme's own search in charge.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.manual.model import Chapter
from ..core.pages.search_entries import Paragraphs, record_html, search_records
from .disk_cache import ENTRY_NAME, code_signature, unused_for
from .pagefind_parts import recut_word_index

PAGEFIND_FOLDER = "pagefind"
#: Pagefind's ready-made search interfaces: the site uses the theme's search box, so they are not published.
UNUSED_FILES = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
#: Set to "theme" (as the preview opened from disk does) to keep the theme's own search and no Pagefind.
ENGINE_VARIABLE = "PROCEDURES_SEARCH"
#: Seconds Pagefind may take (about one for 1,000 chapters): a hung indexer must not hold a build forever.
PAGEFIND_TIME_LIMIT = 600


@dataclass(frozen=True)
class PagefindSummary:
    records: int
    files: int
    bytes: int
    seconds: float
    #: True when the index was copied from the cache (the same records were indexed before)
    reused: bool = False
    #: False when Pagefind's word index was left in its own large parts (see pagefind_parts)
    small_parts: bool = True


class SearchIndexError(Exception):
    """Pagefind could not be run or failed; the message says what to do."""


def index_path(site: Path) -> Path:
    return site / "search" / "search_index.json"


def amend_search_index(site: Path, finish: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
                       write: bool = True) -> dict[str, Any] | None:
    """Replace the entries of ``search/search_index.json`` with what ``finish`` makes of them, where the
    theme's index does not take our entries in memory (see ``search_cache.entries_index``). Returns the
    amended index; ``write=False`` leaves the file to the caller (the Pagefind step rewrites it anyway)."""
    index = index_path(site)
    if not index.exists():
        return None
    data = json.loads(index.read_text("utf-8"))
    data["docs"] = finish(data["docs"])
    if write:
        index.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
    return data


def pagefind_wanted() -> bool:
    return os.environ.get(ENGINE_VARIABLE, "pagefind") != "theme"


def hand_over_to_pagefind(site: Path, data: dict[str, Any] | None = None) -> list[dict[str, Any]] | None:
    """Empty the theme's list (keeping its settings, which the theme still fetches) and tell our search
    worker to answer from Pagefind; returns the entries to index (None: no theme search in the site)."""
    index = index_path(site)
    if not index.exists():
        return None
    if data is None:
        data = json.loads(index.read_text("utf-8"))
    docs: list[dict[str, Any]] = data.get("docs", [])
    index.write_text(json.dumps(handed_over_index(data["config"]), separators=(",", ":")), "utf-8")
    return docs


def handed_over_index(settings: dict[str, Any]) -> dict[str, Any]:
    """What the theme's index file holds once Pagefind answers: its settings (the theme still fetches
    them) and the word that tells our search worker to ask Pagefind, with no entries."""
    return {"config": {**settings, "engine": "pagefind"}, "docs": []}


def make_pagefind_folder(docs: list[dict[str, Any]], chapters: Mapping[str, tuple[Chapter, Paragraphs]],
                         language: str, output: Path, cache: Path | None = None,
                         background: bool = False) -> PagefindSummary:
    """Pagefind's index of the entries (and ``chapters``' numbered paragraphs) in the folder ``output``.

    The entries are gathered into one record per page (its sections and paragraphs as parts) and one
    per glossary term; each record becomes a small page in a temporary folder, which Pagefind's own program
    indexes (its Python service answers one request per tenth of a second, far too slow for thousands of
    entries). ``cache``: indexes kept by the digest of their records; the same records (and the same code
    and Pagefind) give the same index, copied instead of made again. ``background``: Pagefind runs at a
    lower priority, so that the next rebuild while serving is not held up by it."""
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    records = search_records(docs, chapters)

    def pages() -> Iterator[str]:  # made one at a time, twice when not kept: 10 MB at 1,000 chapters
        return (record_html(record, language) for record in records)

    kept = _kept_index(cache, language, pages()) if cache is not None else None
    reused = kept is not None and _copy_kept_index(kept, output)
    small_parts = True
    if not reused:
        small_parts = _make_index(pages(), output, language, background)
        if kept is not None:
            _keep_index(output, kept)
    files = [path for path in output.rglob("*") if path.is_file()]
    return PagefindSummary(len(records), len(files), sum(path.stat().st_size for path in files),
                           time.perf_counter() - started, reused, small_parts)


def _make_index(pages: Iterable[str], output: Path, language: str, background: bool = False) -> bool:
    """Pagefind's index of ``pages`` in ``output``, its word index cut into small parts (False: left
    as Pagefind cut it, in a form this code does not know)."""
    with tempfile.TemporaryDirectory(prefix="procedures-search-") as temp:
        for number, page in enumerate(pages):
            (Path(temp) / f"{number}.html").write_text(page, "utf-8")
        _run_pagefind(Path(temp), output, language, background)
    for pattern in UNUSED_FILES:
        for unused in output.glob(pattern):
            unused.unlink()
    return recut_word_index(output)


def _kept_index(cache: Path, language: str, pages: Iterable[str]) -> Path:
    """Where the index of exactly these records is kept."""
    digest = hashlib.sha256(f"{code_signature()}\0{language}\0".encode())
    for page in pages:
        digest.update(page.encode("utf-8") + b"\0")
    return cache / digest.hexdigest()


def _copy_kept_index(kept: Path, output: Path) -> bool:
    """Copy the kept index into the site; False (and nothing left half-copied) if there is none or it is
    damaged, so the index is made again: a broken cache costs time, never a build."""
    if not (kept / "pagefind.js").is_file():
        return False
    try:
        shutil.copytree(kept, output)
        os.utime(kept)
    except OSError:
        shutil.rmtree(output, ignore_errors=True)
        return False
    return True


def _keep_index(output: Path, kept: Path) -> None:
    """Copy a new index into the cache (whole or not at all), and remove indexes unused for long."""
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=kept.parent, prefix=".tmp-") as temp:
            shutil.copytree(output, Path(temp) / "index")
            os.replace(Path(temp) / "index", kept)
    except OSError:
        return  # a cache that cannot be written costs time, never a build
    for old in kept.parent.iterdir():
        if ENTRY_NAME.fullmatch(old.name) and old.is_dir() and unused_for(old):
            shutil.rmtree(old, ignore_errors=True)


def _run_pagefind(records: Path, output: Path, language: str, background: bool = False) -> None:
    try:
        from pagefind_bin import get_executable
        executable = str(get_executable())
    except (ImportError, FileNotFoundError) as error:
        raise SearchIndexError(f"Pagefind is not installed ({error}); reinstall the project "
                               "(pip install -e .) to get it.") from error
    try:
        result = subprocess.run([executable, "--site", str(records), "--output-path", str(output),
                                 "--force-language", language, "--quiet"],
                                capture_output=True, text=True, timeout=PAGEFIND_TIME_LIMIT,
                                preexec_fn=_lower_priority if background and hasattr(os, "nice") else None)
    except subprocess.TimeoutExpired as error:
        raise SearchIndexError(f"Pagefind did not finish indexing in {PAGEFIND_TIME_LIMIT} s; nothing was "
                               "published. Run the build again, and report it if it happens twice.") from error
    if result.returncode != 0 or not (output / "pagefind.js").exists():
        said = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise SearchIndexError(f"Pagefind could not index the site: {' '.join(said) or 'no message'}")


def _lower_priority() -> None:
    """In Pagefind's process, before it starts: yield the processor to the server's next rebuild."""
    os.nice(10)
