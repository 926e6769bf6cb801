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

The cache lives outside the project (``~/.cache/safeguarding-manual`` or ``$PROCEDURES_CACHE_DIR``):
content cannot plant an entry, since a pull request cannot write there. Entries not used for
:data:`UNUSED_DAYS` days are removed at the end of a build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .assets import PACKAGE_DIR
from .atomic import WarningCounter
from .conversion_cache import captured_links, restore_links

#: Template MkDocs renders for a page whose finished HTML comes from the cache: nothing to render.
HIT_TEMPLATE = "frozen-page.html"
#: Entries unused for this long are removed.
UNUSED_DAYS = 14
#: An entry's file name: its key.
ENTRY_NAME = re.compile(r"[0-9a-f]{64}")
#: Bump to drop every entry written by an older layout.
FORMAT = "1"
#: Packages whose versions can change a page's HTML.
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe")
#: Settings that never change a page's HTML (folders differ between checkouts and builds), or are read apart.
NOT_SHOWN = frozenset({"site_dir", "docs_dir", "config_file_path", "watch", "dev_addr", "strict", "plugins", "theme",
                       "nav"})
#: Link and image targets in Markdown and raw HTML, whose existence is part of a page's key.
LINK_TARGET = re.compile(r"""\]\(\s*<?([^)\s>]+)|^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)|(?:href|src)\s*=\s*["']([^"']+)""",
                         re.MULTILINE)


def default_folder() -> Path:
    """Where entries are kept: ``$PROCEDURES_CACHE_DIR``, else the user's cache folder."""
    configured = os.environ.get("PROCEDURES_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "safeguarding-manual" / "frozen-pages"


@dataclass
class Entry:
    """A finished page and what MkDocs needs to check links into and out of it."""

    output: str
    present_anchor_ids: list[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None


class PageStore:
    """Entries on disk, one compressed file each, written atomically so parallel builds can share it."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> Entry | None:
        path = self._path(key)
        try:
            data = json.loads(zlib.decompress(path.read_bytes()))
        except (OSError, ValueError, zlib.error):
            return None
        if data.get("key") != key:
            return None
        os.utime(path)  # used: kept by the clean-up
        return Entry(data["output"], data["anchors"], data["links"])

    def put(self, key: str, entry: Entry) -> None:
        path = self._path(key)
        data = {"key": key, "output": entry.output, "anchors": entry.present_anchor_ids, "links": entry.links_to_anchors}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=".tmp-") as handle:
                handle.write(zlib.compress(json.dumps(data).encode("utf-8"), 1))
            os.replace(handle.name, path)
        except OSError:
            return  # a cache that cannot be written costs time, never a build

    def remove_unused(self, days: int = UNUSED_DAYS) -> int:
        """Delete entries (and abandoned half-written ones) not read or written for ``days`` days; how many went.

        Only files named as this store names them are touched: ``$PROCEDURES_CACHE_DIR`` set to a folder of
        other files by mistake loses none of them.
        """
        limit = time.time() - days * 86400
        removed = 0
        for path in self.folder.glob("??/*"):
            if not (ENTRY_NAME.fullmatch(path.name) or path.name.startswith(".tmp-")) or \
                    not path.name.startswith((path.parent.name, ".tmp-")):
                continue
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed


@dataclass
class _Pending:
    key: str
    entry: Entry | None
    warnings: int
    problems: int


@dataclass
class FrozenPages:
    """One build's use of the cache."""

    store: PageStore | None
    counter: WarningCounter = field(default_factory=WarningCounter)
    signature: str = ""
    pending: dict[str, _Pending] = field(default_factory=dict)
    reused: int = 0
    made: int = 0

    def start(self, config: MkDocsConfig, serving: bool) -> None:
        """At ``on_config``: the part of every key that the site's settings and our code make."""
        if self.store is None:
            return
        logging.getLogger("mkdocs").addHandler(self.counter)
        self.signature = _site_signature(config, serving)

    def finish(self, built: bool) -> None:
        """At the end of a build; only a build that went through tidies the cache."""
        logging.getLogger("mkdocs").removeHandler(self.counter)
        if built and self.store is not None:
            self.store.remove_unused()

    def look_up(self, page: Page, fingerprint: str | None, markdown: str, files: Files, problems: int) -> bool:
        """Before conversion: True if the finished page is in the cache (then nothing needs making)."""
        if self.store is None or fingerprint is None:
            return False
        key = hashlib.sha256("\0".join([FORMAT, self.signature, fingerprint, markdown, page.url,
                                        json.dumps(page.meta, sort_keys=True, default=str),
                                        _link_targets(markdown, page.file.src_uri, files)]).encode()).hexdigest()
        entry = self.store.get(key)
        self.pending[page.file.src_uri] = _Pending(key, entry, self.counter.count, problems)
        if entry is not None:
            page.meta["template"] = HIT_TEMPLATE
        return entry is not None

    def is_hit(self, page: Page) -> bool:
        pending = self.pending.get(page.file.src_uri)
        return pending is not None and pending.entry is not None

    def restore_links(self, page: Page, files: Files) -> None:
        """After MkDocs converted the empty text of a hit: the anchors and links of the real page."""
        entry = self.pending[page.file.src_uri].entry
        assert entry is not None
        restore_links(page, files, entry.present_anchor_ids, entry.links_to_anchors)

    def finished(self, page: Page, output: str, problems: int) -> str:
        """At ``on_post_page``: a hit's stored page, or a clean new page stored for next time."""
        pending = self.pending.pop(page.file.src_uri, None)
        if pending is None or self.store is None:
            return output
        if pending.entry is not None:
            self.reused += 1
            return pending.entry.output
        self.made += 1
        if self.counter.count == pending.warnings and problems == pending.problems:
            self.store.put(pending.key, Entry(output, *captured_links(page)))
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


_CODE_SIGNATURE: str | None = None


def code_signature() -> str:
    """Every file of this package (code, templates, assets) and the versions of the packages we render with."""
    global _CODE_SIGNATURE
    if _CODE_SIGNATURE is None:
        digest = hashlib.sha256()
        for path in sorted(PACKAGE_DIR.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
        for name in PACKAGES:
            try:
                digest.update(f"{name}={metadata.version(name)}\n".encode())
            except metadata.PackageNotFoundError:
                digest.update(f"{name}=-\n".encode())
        _CODE_SIGNATURE = digest.hexdigest()
    return _CODE_SIGNATURE


def _site_signature(config: MkDocsConfig, serving: bool) -> str:
    digest = hashlib.sha256(code_signature().encode())
    digest.update(b"serving" if serving else b"building")
    if config.config_file_path and os.path.exists(config.config_file_path):
        digest.update(Path(config.config_file_path).read_bytes())
    settings = {name: config.get(name) for name in sorted(config.keys()) if name not in NOT_SHOWN}
    settings["theme"] = dict(config.theme.items())
    settings["plugins"] = {name: dict(plugin.config) for name, plugin in config.plugins.items()}
    digest.update(json.dumps(settings, sort_keys=True, default=_stable).encode())
    for folder in config.theme.dirs:
        if not Path(folder).resolve().is_relative_to(PACKAGE_DIR) and "site-packages" not in Path(folder).parts:
            _add_folder(digest, Path(folder))  # the project's own template overrides
    glossary = getattr(getattr(config.plugins.get("glossary"), "config", None), "file", None)
    if glossary:
        path = Path(config.config_file_path or ".").parent / glossary
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _add_folder(digest: Any, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())


def _stable(value: object) -> object:
    """Settings that are objects, written without memory addresses."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if hasattr(value, "__qualname__"):  # functions and classes
        return value.__qualname__  # type: ignore[no-any-return]
    if type(value).__str__ is not object.__str__:  # e.g. an extra_javascript entry: its path
        return [type(value).__qualname__, str(value)]
    if hasattr(value, "getConfigs"):  # a Markdown extension given as an object
        return [type(value).__qualname__, value.getConfigs()]
    return type(value).__qualname__
