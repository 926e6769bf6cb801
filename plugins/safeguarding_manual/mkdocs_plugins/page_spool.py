"""Pages' finished HTML held in a temporary file between conversion and rendering, not in memory.

MkDocs 1.6 converts every page before it renders the first (the navigation, the glossary's "Used in"
lists and the links between pages need them all), and holds each page's HTML meanwhile: 47 MB at 1,000
chapters, the largest single part of a build's peak memory. MkDocs' loop cannot be changed by a plugin,
but what a page holds can: once every plugin has finished a page's HTML (``on_page_content``), it is
written to one anonymous temporary file (removed by the system when the build ends, however it ends), and
the page keeps only where it lies. MkDocs sets ``page.content`` to what the last ``on_page_content``
returns, so a page is spooled when the next page is read (``on_pre_page``), and the last when every page
has been (``on_env``, before any plugin's own ``on_env`` reads them). Reading ``page.content`` still gives
the HTML, read back from the file, so a plugin, a hook or a template that reads it sees no difference;
writing it keeps the new value in memory as before. A page is read back once, as it is rendered
(``take_back``), and let go when written.

Each chapter's numbered paragraphs, kept for the search index from the chapter's conversion to the end of
the build, wait in the same file (``hold_pairs``) and are read back whenever they are gone through.

Why a file and not compression: writing 47 MB to a file the system keeps in its page cache and reading
it back takes about 0.1 s; zlib would take about a second. If the file cannot be written (a full disk),
the page keeps its HTML in memory, as MkDocs would; if it cannot be read back, the build stops and says so.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

#: Where a spooled page keeps the place of its HTML in the spool, in its own ``__dict__``.
PLACE = "_procedures_spooled_at"


class _SpooledContent:
    """Mixed into a page's class: ``content`` is read from the spool while the page's HTML is there."""

    @property
    def content(self) -> Any:
        place = self.__dict__.get(PLACE)
        if place is None:
            return self.__dict__.get("content")
        spool, offset, size = place
        return spool.read(offset, size)

    @content.setter
    def content(self, value: Any) -> None:
        self.__dict__.pop(PLACE, None)
        self.__dict__["content"] = value


class PageSpool:
    """One build's temporary file of page HTML. ``open`` at the start of a build, ``close`` at its end."""

    def __init__(self) -> None:
        self._file: Any = None
        self._end = 0
        self._classes: dict[type, type] = {}
        #: pages spooled in this build
        self._pages: list[Page] = []
        #: the bytes of HTML written (for the build log)
        self.bytes = 0
        #: lists of pairs spooled in this build (see hold_pairs)
        self.pairs_held = 0

    @property
    def held(self) -> int:
        """How many pages were spooled in this build (for the build log and tests)."""
        return len(self._pages)

    @property
    def is_open(self) -> bool:
        return self._file is not None

    def open(self) -> None:
        self.close()
        try:
            self._file = tempfile.TemporaryFile(prefix="procedures-pages-")
        except OSError:
            self._file = None  # no temporary folder to write to: pages keep their HTML in memory

    def close(self) -> None:
        """End the build's spool; a page never rendered (none, in MkDocs' own loop) gets its HTML back first."""
        for page in self._pages:
            try:
                self.take_back(page)
            except PluginError:  # the build is stopping already (see read); its error is the one reported
                page.__dict__.pop(PLACE, None)
        self._pages = []
        if self._file is not None:
            self._file.close()
        self._file = None
        self._end = 0
        self.bytes = 0
        self.pairs_held = 0

    def hold(self, page: Page) -> None:
        """Move ``page``'s HTML into the spool (or leave it in memory if it cannot be written)."""
        html = page.content
        if self._file is None or not isinstance(html, str) or not html:
            return
        if not isinstance(page, _SpooledContent):
            try:
                page.__class__ = self._spooled_class(type(page))
            except TypeError:
                return  # a page class whose layout cannot take the mixin: it keeps its HTML in memory
        place = self._write(html)
        if place is None:
            return
        page.__dict__["content"] = None
        page.__dict__[PLACE] = place
        self._pages.append(page)
        self.bytes += place[2]

    def hold_pairs(self, pairs: list[tuple[str, str]]) -> SpooledPairs | list[tuple[str, str]]:
        """Pairs of texts (a chapter's numbered paragraphs, kept for the search index until the build's end)
        moved into the spool; ``pairs`` itself when the spool is closed or cannot be written."""
        if self._file is None or not pairs:
            return pairs
        place = self._write(json.dumps(pairs, ensure_ascii=False))
        if place is None:
            return pairs
        self.pairs_held += 1
        return SpooledPairs(place, len(pairs))

    def _write(self, text: str) -> tuple[PageSpool, int, int] | None:
        """Where ``text`` now lies in the spool; None if it could not be written (a full disk)."""
        data = text.encode("utf-8", "surrogatepass")
        try:
            written = os.pwrite(self._file.fileno(), data, self._end)
        except OSError:
            return None
        if written != len(data):
            return None  # a short write: the end of the file is not trusted, the text stays in memory
        place = (self, self._end, len(data))
        self._end += len(data)
        return place

    def read(self, offset: int, size: int) -> str:
        """A page's HTML from the spool; a spool that cannot give it back stops the build (the last good site
        stays) with what to do, rather than a page written without its text."""
        if self._file is None:
            raise PluginError("A page's HTML (or its paragraphs) was read after its build ended, when it is "
                              "no longer kept. "
                              "Build again; if it happens again, set 'spool_pages: false' under the "
                              "'procedures' plugin and report it.")
        try:
            data = os.pread(self._file.fileno(), size, offset)
        except OSError as error:
            data, reason = b"", str(error)
        else:
            reason = "it was cut short"
        if len(data) != size:
            raise PluginError(f"A page's HTML (or its paragraphs, kept for the search index) could not be read "
                              f"back from the build's temporary file ({reason}). "
                              "Check that the temporary folder's disk is not full or failing and build again, or "
                              "set 'spool_pages: false' under the 'procedures' plugin.")
        return data.decode("utf-8", "surrogatepass")

    @staticmethod
    def take_back(page: Page) -> None:
        """The page's HTML back in memory, read once for its template and the plugins that read it."""
        if PLACE in page.__dict__:
            page.content = page.content

    def _spooled_class(self, kind: type) -> type:
        """``kind`` (MkDocs' Page or a subclass) with ``content`` read from the spool; made once per kind."""
        if kind not in self._classes:
            self._classes[kind] = type(kind.__name__, (_SpooledContent, kind), {"__module__": kind.__module__})
        return self._classes[kind]


class SpooledPairs:
    """Pairs of texts held in the spool, read back each time they are gone through (as a list would be)."""

    def __init__(self, place: tuple[PageSpool, int, int], count: int) -> None:
        self._place = place
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[str, str]]:
        spool, offset, size = self._place
        return ((first, second) for first, second in json.loads(spool.read(offset, size)))

    def __contains__(self, item: object) -> bool:
        return any(pair == item for pair in self)
