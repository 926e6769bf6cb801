"""Frozen pages built once: archived versions, permanent addresses and comparisons reused across builds.

A superseded version's text never changes, yet every build used to convert it, compare it and render it
again: at 1,000 chapters those pages are three quarters of the site. This cache keeps each finished page
(its HTML exactly as written, and the anchors MkDocs checks links against) under a key made of everything
that can change it:

- what the page shows of the manual (:meth:`History.page_fingerprint`: its Markdown, header, comparison
  inputs, citation, title and short navigation);
- whether each page or file its text links to exists, and at which address;
- the site's settings (``mkdocs.yml``, the theme's settings and template folders, the glossary file, the
  Markdown extensions and every plugin's options), whether the site is being served, and the code: every
  file of this package and the versions of MkDocs, Material, Python-Markdown and Jinja2.

Frozen pages use the record template (``record.html``: header, notice, a short fixed navigation, no site
navigation), so a page does not depend on the other chapters' titles. A page is stored only if making it
logged no warning and found no safety problem, so a page with a problem is made, and reported, every time.

A page found in the cache before MkDocs reads any page is left out of MkDocs' own loop and copied into the
site at the end (:meth:`FrozenPages.copy_if_stored`); one made again goes through MkDocs as any page.

The cache lives outside the project, in its ``frozen-pages`` folder (see ``disk_cache``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from .atomic import WarningCounter
from .conversion_cache import captured_links, restore_links
from .disk_cache import DiskStore, cache_folder, entry_key, site_signature
from .left_out_pages import LeftOutPageNotes

#: Template MkDocs renders for a page whose finished HTML comes from the cache: nothing to render.
HIT_TEMPLATE = "frozen-page.html"
#: Bump to drop every entry written by an older layout.
FORMAT = "2"
#: Link and image targets in Markdown and raw HTML, whose existence is part of a page's key.
LINK_TARGET = re.compile(r"""\]\(\s*<?([^)\s>]+)|^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)|(?:href|src)\s*=\s*["']([^"']+)""",
                         re.MULTILINE)


def default_folder() -> Path:
    """Where finished frozen pages are kept."""
    return cache_folder("frozen-pages")


@dataclass
class Entry:
    """A finished page and what MkDocs needs to check links into and out of it."""

    output: str
    present_anchor_ids: list[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None


@dataclass
class Links:
    """The part of an entry a build needs while it converts pages: small, unlike the finished page."""

    present_anchor_ids: list[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None


class PageStore(DiskStore):
    """Finished frozen pages on disk: each page's links under its key, its HTML under a key of its own.

    MkDocs converts every page before it renders any, so a build that held 3,000 finished pages from
    the moment it found them until it wrote them held them all at once (about half its peak memory at
    1,000 chapters). The links are read when the page is found; the HTML only when it is written.
    """

    def get_links(self, key: str) -> Links | None:
        data = self.get(key)
        if data is None or not self.has(_output_key(key)):
            return None
        return Links(data["anchors"], data["links"])

    def get_output(self, key: str) -> str | None:
        data = self.get(_output_key(key))
        return None if data is None else data["output"]

    def put_page(self, key: str, entry: Entry) -> None:
        self.put(_output_key(key), {"output": entry.output})  # first, so that found links mean a page to write
        self.put(key, {"anchors": entry.present_anchor_ids, "links": entry.links_to_anchors})


def _output_key(key: str) -> str:
    return entry_key(key, "output")


@dataclass
class _Pending:
    key: str
    links: Links | None
    warnings: int
    problems: int
    #: a page made now: its anchors and links as converted, before those confirmed are dropped (anchor_links)
    captured: tuple[list[str] | None, dict[str, dict[str, str]] | None] | None = None


@dataclass
class FrozenPages:
    """One build's use of the cache."""

    store: PageStore | None
    counter: WarningCounter = field(default_factory=WarningCounter)
    signature: str = ""
    pending: dict[str, _Pending] = field(default_factory=dict)
    #: source path -> (page, key) of each page copied from the cache without MkDocs (see copy_if_stored)
    copied: dict[str, tuple[Page, str]] = field(default_factory=dict)
    _quiet: LeftOutPageNotes = field(default_factory=LeftOutPageNotes)
    _copier: threading.Thread | None = None
    _copy_error: Exception | None = None
    _marked: bool = False
    #: digest of a frozen page's source file -> its front matter as MkDocs reads it, JSON (see read_source)
    _front_matter: dict[str, str] | None = None
    _front_matter_seen: dict[str, str] = field(default_factory=dict)
    reused: int = 0
    made: int = 0
    #: while serving, MkDocs still makes a page left out of the build (as a preview of it)
    serving: bool = False

    def start(self, config: MkDocsConfig, serving: bool) -> None:
        """At ``on_config``: the part of every key that the site's settings and our code make."""
        self.serving = serving
        if self.store is None:
            return
        logging.getLogger("mkdocs").addHandler(self.counter)
        self.signature = site_signature(config, serving)

    def finish(self, built: bool) -> None:
        """At the end of a build; only a build that went through tidies the cache."""
        self._join()  # a failed build's folder is removed only once nothing more is written into it
        logging.getLogger("mkdocs").removeHandler(self.counter)
        self._quiet.remove()
        if built and self.store is not None:
            self.store.remove_unused()

    def _find(self, page: Page, fingerprint: str | None, markdown: str,
              files: Files) -> tuple[str, Links | None] | None:
        """The page's key (its fingerprint, text, address and metadata, and where its links lead) and its
        stored links, None if it is not stored; None if the page is never cached."""
        if self.store is None or fingerprint is None:
            return None
        key = entry_key(FORMAT, self.signature, fingerprint, markdown, page.url,
                        json.dumps(page.meta, sort_keys=True, default=str),
                        _link_targets(markdown, page.file.src_uri, files))
        return key, self.store.get_links(key)

    def look_up(self, page: Page, fingerprint: str | None, markdown: str, files: Files, problems: int) -> bool:
        """Before conversion: True if the finished page is in the cache (then nothing needs making)."""
        found = self._find(page, fingerprint, markdown, files)
        if found is None:
            return False
        key, links = found
        self.pending[page.file.src_uri] = _Pending(key, links, self.counter.count, problems)
        if links is not None:
            page.meta["template"] = HIT_TEMPLATE
        return links is not None

    def worth_looking_up(self) -> bool:
        """Whether any page was stored under this build's settings and code. When none was (a first build,
        the first after an upgrade or a settings change) every page would be looked up twice for nothing:
        before MkDocs reads the pages and again as each is made."""
        return self.store is not None and self.store.get(self._marker_key()) is not None

    def _mark_in_use(self) -> None:
        """Record, once a build, that pages are stored (or found) under this build's settings and code."""
        if not self._marked and self.store is not None:
            self.store.put(self._marker_key(), {"stored": True})
            self._marked = True

    def _marker_key(self) -> str:
        return entry_key(FORMAT, self.signature, "pages are stored under this signature")

    def read_source(self, page: Page, config: MkDocsConfig) -> None:
        """``page.meta`` as MkDocs' ``read_source`` makes it from the page's front matter, for its key.

        Parsing the YAML front matter of 3,000 archived versions was a twentieth of a warm build at 1,000
        chapters, before most of them were found and copied. What MkDocs makes of a source is kept under
        the digest of its text (and the code and PyYAML's version, in the entry's key), all in one entry.
        The JSON stands in only for the key, which is made of the same JSON (``_find``): a page that is not
        found goes through MkDocs, which reads its source again."""
        if self._front_matter is None:
            stored = self.store.get(self._front_matter_key()) if self.store is not None else None
            self._front_matter = dict(stored["sources"]) if stored is not None else {}
        text = page.file.content_string
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        known = self._front_matter.get(digest)
        if known is None:
            page.read_source(config)
            known = json.dumps(page.meta, sort_keys=True, default=str)
        else:
            page.meta = json.loads(known)
        self._front_matter_seen[digest] = known

    def _keep_front_matter(self) -> None:
        """Store the front matter of this build's frozen pages, when any was new (once a build)."""
        if self.store is None or self._front_matter is None:
            return
        if self._front_matter_seen != self._front_matter:
            self.store.put(self._front_matter_key(), {"sources": self._front_matter_seen})

    def _front_matter_key(self) -> str:
        return entry_key(FORMAT, self.signature, "front matter as MkDocs reads it", yaml.__version__)

    def copy_if_stored(self, page: Page, fingerprint: str | None, markdown: str, files: Files) -> bool:
        """Before MkDocs reads any page (``on_nav``): if the finished page is stored, MkDocs is told to leave
        it out and it is copied from the cache at the end (:meth:`copy_stored_pages`).

        A stored page needs no conversion, template or other plugin: taking it through MkDocs' loop only to
        replace its output cost two thirds of a warm build's time spent on frozen pages. The page keeps
        what MkDocs checks links against (its anchors, its links to other pages' anchors), so links into it
        and out of it are checked as before.
        """
        found = self._find(page, fingerprint, markdown, files)
        if found is None or found[1] is None:
            return False
        key, links = found
        restore_links(page, files, links.present_anchor_ids, links.links_to_anchors)
        # Its metadata (title, navigation of the record template) went into its key; MkDocs will not make
        # the page, so it is let go: 13 MB at 1,000 chapters, held until the end of the build.
        page.meta = {"template": HIT_TEMPLATE} if not self.serving else {**page.meta, "template": HIT_TEMPLATE}
        page.file.inclusion = InclusionLevel.EXCLUDED
        self.copied[page.file.src_uri] = (page, key)
        return True

    def start_copying(self, finish: Callable[[str], str]) -> None:
        """At the end of ``on_nav``: write each page found by :meth:`copy_if_stored` into the site while MkDocs
        makes the other pages (``finish``: what every page's output goes through on its way out, such as the
        preview's policy removal). Reading, unpacking and writing 3,000 files at 1,000 chapters is mostly
        waiting on the disk and on zlib, which leave Python free for MkDocs' own work in the meantime."""
        self._keep_front_matter()
        if not self.copied:
            return
        self._quiet.leave_out(self.copied)  # they are in the site: MkDocs' notes that they are not would mislead
        self._copier = threading.Thread(target=self._copy_all, args=(finish,), name="frozen-pages", daemon=True)
        self._copier.start()

    def wait_for_copies(self) -> None:
        """At ``on_post_build``, before the site is checked or swapped in: every copy written, or its error raised."""
        self._join()
        error, self._copy_error = self._copy_error, None
        if error is not None:
            raise error

    def _join(self) -> None:
        if self._copier is not None:
            self._copier.join()
            self._copier = None

    def _copy_all(self, finish: Callable[[str], str]) -> None:
        try:
            self.copy_stored_pages(finish)
        except Exception as error:  # noqa: BLE001 - raised in the build's own thread by wait_for_copies
            self._copy_error = error

    def copy_stored_pages(self, finish: Callable[[str], str]) -> None:
        """Write each page found by :meth:`copy_if_stored` (see :meth:`start_copying`)."""
        if not self.copied:
            return
        assert self.store is not None  # pages are copied only from a store
        for src_uri, (page, key) in self.copied.items():
            stored = self.store.get_output(key)
            if stored is None:  # removed since it was found (another build tidying a shared cache): never blank
                raise PluginError(f"The build cache lost the finished page {src_uri} during the build. "
                                  "Build again; the last good site is kept.")
            write_file(finish(stored).encode("utf-8"), page.file.abs_dest_path)
            self.reused += 1

    def check_links_of_copied(self, files: Files, level: int) -> None:
        """MkDocs checks the anchors of links on the pages it built; a copied page's are checked here with
        MkDocs' own code (a link from an archived version to a heading of a page under docs/ since renamed)."""
        for page, _key in self.copied.values():
            page.validate_anchor_links(files=files, log_level=level)

    def is_hit(self, page: Page) -> bool:
        pending = self.pending.get(page.file.src_uri)
        return pending is not None and pending.links is not None

    def restore_links(self, page: Page, files: Files) -> None:
        """After MkDocs converted the empty text of a hit: the anchors and links of the real page."""
        links = self.pending[page.file.src_uri].links
        assert links is not None
        restore_links(page, files, links.present_anchor_ids, links.links_to_anchors)

    def capture_links(self, page: Page) -> None:
        """At the last ``on_page_content``: a page made now is stored with all its links, not only those that
        a link check of this build still needs (see ``anchor_links``)."""
        pending = self.pending.get(page.file.src_uri)
        if pending is not None and pending.links is None and self.store is not None:
            pending.captured = captured_links(page)

    def finished(self, page: Page, output: str, problems: int) -> str:
        """At ``on_post_page``: a hit's stored page, or a clean new page stored for next time."""
        pending = self.pending.pop(page.file.src_uri, None)
        if pending is None or self.store is None:
            return output
        if pending.links is not None:
            stored = self.store.get_output(pending.key)
            if stored is None:  # removed since it was found (another build tidying a shared cache): never blank
                raise PluginError(f"The build cache lost the finished page {page.file.src_uri} during the build. "
                                  "Build again; the last good site is kept.")
            self.reused += 1
            self._mark_in_use()
            return stored
        self.made += 1
        if self.counter.count == pending.warnings and problems == pending.problems:
            captured = pending.captured if pending.captured is not None else captured_links(page)
            self.store.put_page(pending.key, Entry(output, *captured))
            self._mark_in_use()
        return output


def _link_targets(markdown: str, src_uri: str, files: Files) -> str:
    """Each relative target the text names, with the address of the file it is (or ``-``: none)."""
    folder = posixpath.dirname(src_uri)
    found = set()
    for match in LINK_TARGET.finditer(markdown):
        target = next(group for group in match.groups() if group is not None)
        if not target or target.startswith(("#", "/", "//")) or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target):
            continue
        path = posixpath.normpath(posixpath.join(folder, target.split("#", 1)[0].split("?", 1)[0]))
        file = files.get_file_from_path(path) or files.get_file_from_path(posixpath.join(path, "index.md"))
        found.add(f"{path}={file.url if file is not None else '-'}")
    return "\n".join(sorted(found))
