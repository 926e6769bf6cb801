"""Reuse the HTML of pages whose Markdown did not change since the last build or ``mkdocs serve`` rebuild.

MkDocs converts every page's Markdown on every build, and ``mkdocs serve`` reloads the configuration and
re-renders every page after each save. Converting Markdown to HTML is about half of that work, yet an
editor who saves one chapter changes one page's Markdown (and the archived-version pages that compare
against it). This cache keeps, for each page, the result of its conversion under a key made of everything
the conversion can depend on:

- the page's final Markdown (after every plugin's ``on_page_markdown``), its source path, URL and metadata;
- the build's signature: the ``mkdocs.yml`` file and every setting, every file's source path and URL
  (MkDocs checks and rewrites links against them), the Markdown extensions and their settings, whatever
  our plugins register (the glossary's text, the chapters' IDs, titles and URLs), and the code
  (:func:`disk_cache.code_signature`).

A page is stored only if its conversion logged no warning, so a page with a broken link is converted (and
warns) on every rebuild, as without the cache. Our own Markdown extensions collect side results while
converting (the numbered paragraphs' text for search, the glossary terms a page links); they take part
through :class:`Participant` so a cache hit restores them too.

Conversions are kept in memory while serving (for the next rebuild) and on disk in the cache's
``conversions`` folder (see ``disk_cache``), so the next ``mkdocs build`` converts only what changed;
a test checks that such a build writes exactly the bytes of a build without the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Protocol

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .atomic import WarningCounter
from .disk_cache import DiskStore, entry_key, site_signature

#: Bump to drop every conversion stored by an older layout.
FORMAT = "1"


class Participant(Protocol):
    """A Markdown extension that collects something while converting a page."""

    def export_state(self) -> Any:
        """What it collected from the page just converted."""

    def restore_state(self, state: Any) -> None:
        """Put back what :meth:`export_state` returned, as if the page had just been converted."""


@dataclass
class Conversion:
    """Everything ``Page.render`` produces, plus our extensions' side results."""

    content: str
    toc: TableOfContents
    title_from_render: str | None
    present_anchor_ids: set[str] | None
    #: source path of the linked file -> {anchor: original link}; File objects do not survive a rebuild
    links_to_anchors: dict[str, dict[str, str]] | None
    side_results: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"content": self.content, "toc": [_toc_item_json(item) for item in self.toc],
                "title": self.title_from_render,
                "anchors": sorted(self.present_anchor_ids) if self.present_anchor_ids is not None else None,
                "links": self.links_to_anchors, "side": self.side_results}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Conversion:
        anchors = data["anchors"]
        return cls(data["content"], TableOfContents([_toc_item(item) for item in data["toc"]]), data["title"],
                   set(anchors) if anchors is not None else None, data["links"], data["side"])


def _toc_item_json(item: AnchorLink) -> dict[str, Any]:
    return {"title": item.title, "id": item.id, "level": item.level, "active": getattr(item, "active", None),
            "children": [_toc_item_json(child) for child in item.children]}


def _toc_item(data: dict[str, Any]) -> AnchorLink:
    item = AnchorLink(data["title"], data["id"], data["level"])
    if data["active"] is not None:
        item.active = data["active"]  # type: ignore[attr-defined]
    item.children = [_toc_item(child) for child in data["children"]]
    return item


@dataclass
class _PendingPage:
    key: str
    warnings_before: int
    hit: Conversion | None


@dataclass
class _BuildSession:
    config_id: int
    participants: dict[str, Participant] = field(default_factory=dict)
    signature_parts: dict[str, str] = field(default_factory=dict)
    signature: str | None = None
    pending: dict[str, _PendingPage] = field(default_factory=dict)
    used_keys: set[str] = field(default_factory=set)
    reused: int = 0
    converted: int = 0
    #: a partial rebuild (see ``quick_preview``) uses few pages; the next build still needs the others
    keep_all: bool = False


class ConversionCache:
    """Lives for the whole process (all the rebuilds of ``mkdocs serve``); each build opens a new session."""

    def __init__(self) -> None:
        #: conversions kept in memory, for the next rebuild while serving
        self.entries: dict[str, Conversion] = {}
        self.keep_in_memory = False
        self.store: DiskStore | None = None
        self.session: _BuildSession | None = None
        self.counter = WarningCounter()
        self.hits = 0
        self.misses = 0

    def use(self, *, in_memory: bool, store: DiskStore | None) -> None:
        """Called by the procedures plugin's ``on_config``: where this build keeps conversions."""
        self.keep_in_memory = in_memory
        if not in_memory:
            self.entries = {}
        self.store = store

    @property
    def active(self) -> bool:
        return self.keep_in_memory or self.store is not None

    # --- set-up, once per build -------------------------------------------------------------------------

    def join(self, config: MkDocsConfig, name: str, participant: Participant | None = None,
             signature: str = "") -> None:
        """Called from a plugin's ``on_config``: take part in this build's cache."""
        session = self._session(config)
        if participant is not None:
            session.participants[name] = participant
        session.signature_parts[name] = signature

    def _session(self, config: MkDocsConfig) -> _BuildSession:
        if self.session is None or self.session.config_id != id(config):
            self._forget_unused()
            self.session = _BuildSession(config_id=id(config))
            logger = logging.getLogger("mkdocs")
            if self.counter not in logger.handlers:
                logger.addHandler(self.counter)
        return self.session

    def build_summary(self) -> tuple[int, int]:
        """(pages reused, pages converted) in the current build."""
        session = self.session
        if session is None:
            return 0, 0
        return session.reused, session.converted

    def keep_unused(self) -> None:
        """This build converts only some pages: the next one forgets none of the others."""
        if self.session is not None:
            self.session.keep_all = True

    def _forget_unused(self) -> None:
        """Keep only what the last build used, so memory stays at one build's worth of pages."""
        if self.session is not None and self.session.used_keys and not self.session.keep_all:
            self.entries = {key: value for key, value in self.entries.items() if key in self.session.used_keys}

    def settle_signature(self, config: MkDocsConfig, files: Files) -> None:
        """``on_nav``: fix this build's signature from the files as they are now, before the frozen pages found
        in their cache are left out of MkDocs' loop (which pages those are must not change every page's key)."""
        if self.active:
            self._build_signature(self._session(config), config, files)

    def _build_signature(self, session: _BuildSession, config: MkDocsConfig, files: Files) -> str:
        if session.signature is None:
            digest = hashlib.sha256()
            for file in sorted(files, key=lambda f: f.src_uri):
                digest.update(f"{file.src_uri}\0{file.url}\0{file.inclusion.name}\n".encode())
            if config.config_file_path and os.path.exists(config.config_file_path):
                with open(config.config_file_path, "rb") as handle:  # any settings change converts every page
                    digest.update(handle.read())
            extensions = [e if isinstance(e, str) else type(e).__qualname__ for e in config.markdown_extensions]
            digest.update(json.dumps([extensions, config.mdx_configs, config.use_directory_urls,
                                      sorted(session.signature_parts.items())],
                                     sort_keys=True, default=_stable_name).encode())
            digest.update(site_signature(config, serving=False).encode())
            session.signature = digest.hexdigest()
        return session.signature

    # --- per page ---------------------------------------------------------------------------------------

    def before_conversion(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Last ``on_page_markdown``: on a hit, give MkDocs nothing to convert."""
        session = self._session(config)
        key = entry_key(FORMAT, self._build_signature(session, config, files), page.file.src_uri, page.url,
                        json.dumps(page.meta, sort_keys=True, default=str), markdown)
        hit = self.entries.get(key)
        if hit is None and self.store is not None:
            stored = self.store.get(key)
            hit = Conversion.from_json(stored) if stored is not None else None
        session.pending[page.file.src_uri] = _PendingPage(key, self.counter.count, hit)
        session.used_keys.add(key)
        return "" if hit is not None else markdown

    def after_conversion(self, html: str, page: Page, files: Files) -> str:
        """First ``on_page_content``: restore a hit, or store a clean conversion."""
        session = self.session
        pending = session.pending.pop(page.file.src_uri, None) if session is not None else None
        if session is None or pending is None:
            return html
        if pending.hit is not None:
            self.hits += 1
            session.reused += 1
            return self._restore(pending.hit, page, files, session)
        self.misses += 1
        session.converted += 1
        if self.counter.count == pending.warnings_before:
            conversion = self._capture(html, page, session)
            if self.keep_in_memory:
                self.entries[pending.key] = conversion
            if self.store is not None:
                self.store.put(pending.key, conversion.to_json())
        return html

    @staticmethod
    def _capture(html: str, page: Page, session: _BuildSession) -> Conversion:
        anchors, links = captured_links(page)
        return Conversion(
            content=html, toc=page.toc, title_from_render=page._title_from_render,
            present_anchor_ids=set(anchors) if anchors is not None else None, links_to_anchors=links,
            side_results={name: p.export_state() for name, p in session.participants.items()})

    @staticmethod
    def _restore(conversion: Conversion, page: Page, files: Files, session: _BuildSession) -> str:
        page.toc = conversion.toc
        page._title_from_render = conversion.title_from_render
        restore_links(page, files, conversion.present_anchor_ids, conversion.links_to_anchors)
        for name, participant in session.participants.items():
            if name in conversion.side_results:
                participant.restore_state(conversion.side_results[name])
        return conversion.content


def captured_links(page: Page) -> tuple[list[str] | None, dict[str, dict[str, str]] | None]:
    """What MkDocs checks links against after every page is made: the page's anchors, and its links to
    other pages' anchors (by source path: File objects do not outlive a build)."""
    anchors = sorted(page.present_anchor_ids) if page.present_anchor_ids is not None else None
    links = page.links_to_anchors
    return anchors, ({f.src_uri: dict(v) for f, v in links.items()} if links is not None else None)


def restore_links(page: Page, files: Files, anchors: "set[str] | list[str] | None",
                  links: dict[str, dict[str, str]] | None) -> None:
    """Put back what :func:`captured_links` took, for a page whose HTML is reused instead of converted.

    MkDocs keeps every page's links to anchors until its last page is written. Read back from the cache,
    each page had its own copy of strings that thousands of pages share (the glossary's terms, the paragraph
    numbers): 222,000 links at 1,000 chapters. Interned, each such string is held once.
    """
    page.present_anchor_ids = {sys.intern(anchor) for anchor in anchors} if anchors is not None else None
    if links is not None:
        page.links_to_anchors = {}
        for src_uri, targets in links.items():
            target = files.src_uris.get(src_uri)  # recorded from File.src_uri: posix already
            if target is not None:
                page.links_to_anchors[target] = {sys.intern(anchor): sys.intern(link)
                                                 for anchor, link in targets.items()}


def _stable_name(value: object) -> str:
    """Functions and extension objects in the settings, named without their memory address."""
    return getattr(value, "__qualname__", type(value).__qualname__)


#: One cache per process: ``mkdocs serve`` makes new plugin instances for every rebuild.
CONVERSIONS = ConversionCache()
