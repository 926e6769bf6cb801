"""The theme's search entries of each page, kept on disk and reused while the page's HTML is the same.

Material's search plugin reads every page's finished HTML with Python's (slow, pure-Python) HTML parser
to split it into sections: a fifth of a build at 1,000 chapters. What it makes of a page depends only on
the page's HTML, table of contents, address, title and metadata, and on the plugin's settings, so the
entries are filed under a key made of exactly those (and the code, see ``disk_cache``) and the parser
runs only for pages that changed. The entries are the plugin's own, made by its own code: a cached build
indexes exactly what an uncached one does.

The parser is given each page's HTML with a space after the end of every block, table cell and list item
(``words_kept_apart``): it reads text without regard to how it is shown, and ran the words of neighbouring
cells together ("needs</th><th>Level" became "needsLevel", which no search finds). So the index replaces the
theme's in every build, with or without a store.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from .disk_cache import DiskStore, code_signature, entry_key
from .search_index import handed_over_index
from .search_workers import PageForSearch, SearchWorkers, theme_entries

#: Bump to drop every entry stored by an older layout.
FORMAT = "2"
#: The theme's search plugin, by the names MkDocs may give it.
SEARCH_PLUGIN_NAMES = ("material/search", "search")


def cache_search_entries(config: MkDocsConfig, store: DiskStore | None) -> Any:
    """Give the theme's search plugin an index that reuses stored entries (``store``, when given) and can
    keep the entries of pages a partial rebuild skips; returns that index, or None if there is no such plugin.

    Called from ``on_config`` after the search plugin's own, which made the index this one replaces.
    """
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:
        return None
    plugin = _search_plugin(config)
    index = getattr(plugin, "search_index", None)
    if type(index) is not SearchIndex:  # another theme's plugin, or one we do not know: left alone
        return None

    class StoredEntriesIndex(SearchIndex):  # type: ignore[misc]
        """The theme's index, but a page whose inputs were seen before gets its entries from the store.

        Our plugins' own entries join it in memory before it is written (``added``, ``finishers``), and
        when the word index answers searches the whole list is handed over in memory (``handed_over``) and the
        file keeps only the settings: the list was written, read back and written again by each plugin,
        three copies of 11 MB at the largest moment of a 1,000-chapter build."""

        settings = entry_key(FORMAT, code_signature(), json.dumps(index.config, sort_keys=True, default=str))
        takes_added_entries = True

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            #: page URL -> its entries, as this build made them
            self.by_page: dict[str, list[dict[str, Any]]] = {}
            #: in a partial rebuild (see ``quick_preview``): every page's URL in order, and the last build's entries
            self.order: list[str] | None = None
            self.previous: dict[str, list[dict[str, Any]]] = {}
            #: entries other plugins add after the pages' own (the glossary's terms)
            self.added: list[dict[str, Any]] = []
            #: then each of these, in order, makes the final list from the one before (never changing an
            #: entry in place: the pages' own are kept for the next rebuild while serving)
            self.finishers: list[Callable[[list[dict[str, Any]]], list[dict[str, Any]]]] = []
            #: True: the file keeps only the settings, with "engine": "word-index", and the final list is
            #: left in ``handed_over`` for the word index
            self.hand_over = False
            self.handed_over: list[dict[str, Any]] | None = None
            #: pages whose entries are made in other processes (large builds only)
            self.workers = SearchWorkers(dict(self.config))

        def add_entry_from_context(self, page: Page) -> None:
            """The page's entries, in ``by_page`` (``entries`` is made from it when the index is generated)."""
            if (page.meta.get("search") or {}).get("exclude"):  # as the theme's own: no entries (and none stored)
                self.by_page[page.url] = []
                return
            key = entry_key(self.settings, page_inputs(page)) if store is not None else ""
            stored = store.get(key) if store is not None else None
            if stored is not None:
                self.by_page[page.url] = stored["entries"]
            elif self.workers.take(page, key):
                self.by_page[page.url] = []  # its place; filled by ``collect_sent``
            else:
                self._keep(page.url, key, theme_entries(self.config, PageForSearch.of(page)))

        def _keep(self, url: str, key: str, entries: list[dict[str, Any]]) -> None:
            self.by_page[url] = entries
            if store is not None:
                store.put(key, {"entries": entries})

        def collect_sent(self) -> None:
            """The entries of the pages sent to workers (see ``search_workers``), each in its page's place."""
            for url, (entries, key) in self.workers.collect().items():
                self._keep(url, key, entries)

        def close(self) -> None:
            """A build that failed: its workers stop."""
            self.workers.close()

        def generate_search_index(self, prev: Any) -> str:
            """The index file's text. In a partial rebuild, the skipped pages' entries from the last build
            are put in their places; then come the entries of other plugins (``added``, ``finishers``)."""
            self.collect_sent()
            if self.order is not None:
                self.by_page = {url: self.by_page[url] if url in self.by_page else self.previous.get(url, [])
                                for url in self.order}
            self.entries = [entry for entries in self.by_page.values() for entry in entries]
            self._merge_previous(prev)
            final = self.entries + self.added
            for finish in self.finishers:
                final = finish(final)
            settings = {key: self.config[key] for key in ("lang", "separator", "pipeline", "fields")}
            if self.hand_over:
                self.handed_over = final
                data = handed_over_index(settings)
            else:
                data = {"config": settings, "docs": final}
            return json.dumps(data, separators=(",", ":"), default=str)

        def _merge_previous(self, prev: Any) -> None:
            """``mkdocs serve --dirty``: the theme's own merge of the last build's entries with this page's."""
            if prev and self.entries:
                path = self.entries[0]["location"]
                self.entries = [entry for entry in prev.entries if not entry["location"].startswith(path)] \
                    + self.entries
            if prev and not self.entries:
                self.entries = prev.entries

        def let_go(self) -> None:
            """The build is indexed: nothing reads the entries again (not used while serving)."""
            self.entries, self.by_page, self.added, self.handed_over = [], {}, [], None

    plugin.search_index = StoredEntriesIndex(**index.config)  # type: ignore[union-attr]
    return plugin.search_index  # type: ignore[union-attr]


def entries_index(config: MkDocsConfig) -> Any:
    """The theme's index as :func:`cache_search_entries` replaced it, which takes other plugins' entries in
    memory; None if it was not replaced (another search plugin: entries are added to its file instead)."""
    index = getattr(_search_plugin(config), "search_index", None)
    return index if getattr(index, "takes_added_entries", False) else None


def _search_plugin(config: MkDocsConfig) -> Any:
    return next((config.plugins[name] for name in SEARCH_PLUGIN_NAMES if name in config.plugins), None)


def page_inputs(page: Page) -> str:
    """Everything of a page that the search plugin reads."""
    return json.dumps([page.url, page.content, _toc(page.toc), str(page.title), page.meta],
                      sort_keys=True, default=str)


def _toc(items: Any) -> list[Any]:
    return [[item.id, item.url, _toc(item.children)] for item in items]
