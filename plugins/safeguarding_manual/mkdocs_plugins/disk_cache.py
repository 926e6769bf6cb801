"""Where the build keeps what it made, so the next build need not make it again.

Three kinds of work are kept, each in a folder of its own under one cache folder: finished frozen pages
(``frozen_pages``), pages' converted HTML (``conversion_cache``) and the theme's search entries of each page
(``search_cache``). Each entry is filed under a key made of everything that can change it, including :func:`code_signature` (this package's files and the
versions of the packages that render pages), so a new release of either never reuses an old result.

The cache lives outside the project (``~/.cache/safeguarding-manual`` or ``$PROCEDURES_CACHE_DIR``):
content cannot plant an entry, since a pull request cannot write there. Entries not used for
:data:`UNUSED_DAYS` days are removed at the end of a build that went through.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import time
import zlib
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from .assets import PACKAGE_DIR

#: Entries unused for this long are removed.
UNUSED_DAYS = 14
#: An entry's file name: its key.
ENTRY_NAME = re.compile(r"[0-9a-f]{64}")
#: Packages whose versions can change a page's HTML.
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe")
#: Settings that never change a page's HTML (folders differ between checkouts and builds), or are read apart.
NOT_SHOWN = frozenset({"site_dir", "docs_dir", "config_file_path", "watch", "dev_addr", "strict", "plugins", "theme",
                       "nav"})


def cache_root() -> Path:
    """``$PROCEDURES_CACHE_DIR``, else ``safeguarding-manual`` in the user's cache folder."""
    configured = os.environ.get("PROCEDURES_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "safeguarding-manual"


def cache_folder(kind: str) -> Path:
    """The folder of one kind of entry, e.g. ``frozen-pages``."""
    return cache_root() / kind


#: Folders this process made (or found) for entries, and a counter that names temporary files.
_FOLDERS_MADE: set[Path] = set()
_TEMPORARY_NAMES = itertools.count()


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


class DiskStore:
    """JSON entries on disk, one compressed file each, written atomically so parallel builds can share it."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> dict[str, Any] | None:
        """The entry stored under ``key``, or None (also for an unreadable or foreign file)."""
        path = self._path(key)
        try:
            data = json.loads(zlib.decompress(path.read_bytes()))
        except (OSError, ValueError, zlib.error):
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        os.utime(path)  # used: kept by the clean-up
        return data

    def has(self, key: str) -> bool:
        """Whether an entry is stored under ``key`` (not read: ``get`` still checks it)."""
        return self._path(key).is_file()

    def put(self, key: str, data: dict[str, Any]) -> None:
        """Store ``data`` under ``key``: compressed, into a temporary file renamed into place, so parallel builds
        sharing the folder never read half an entry. A cache that cannot be written costs time, never a build.

        A build with an empty cache stores about 16,000 entries at 1,000 chapters, so the work per entry is
        kept small: each folder is made once a process, and the temporary file is named, not searched for.
        (Writing on a thread of its own was tried and was slower: each of its system calls had to win the
        interpreter back from the build's thread.)"""
        path = self._path(key)
        text = zlib.compress(json.dumps({**data, "key": key}).encode("utf-8"), 1)
        temporary = path.parent / f".tmp-{os.getpid()}-{next(_TEMPORARY_NAMES)}"
        for _ in range(2):  # again once if the folder was removed since this process made it
            try:
                if path.parent not in _FOLDERS_MADE:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    _FOLDERS_MADE.add(path.parent)
                with open(temporary, "xb") as handle:
                    handle.write(text)
                os.replace(temporary, path)
                return
            except FileNotFoundError:
                _FOLDERS_MADE.discard(path.parent)
            except OSError:
                break
        _remove_quietly(temporary)

    def remove_unused(self, days: int = UNUSED_DAYS) -> int:
        """Delete entries (and abandoned half-written ones) not read or written for ``days`` days; how many went.

        Only files named as this store names them are touched: ``$PROCEDURES_CACHE_DIR`` set to a folder of
        other files by mistake loses none of them. The folder is looked through at most once a day (looking at
        13,000 entries took a tenth of a warm build at 1,000 chapters); an entry lives ``days`` to a day more.
        """
        if not self._tidy_due():
            return 0
        removed = 0
        for path in self.folder.glob("??/*"):
            if not (ENTRY_NAME.fullmatch(path.name) or path.name.startswith(".tmp-")) or \
                    not path.name.startswith((path.parent.name, ".tmp-")):
                continue
            try:
                if unused_for(path, days):
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed


    def _tidy_due(self) -> bool:
        """True, and noted, when the folder was not looked through in the last day."""
        marker = self.folder / ".tidied"
        try:
            if marker.exists() and not unused_for(marker, 1):
                return False
            self.folder.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass  # a folder that cannot be marked is looked through every time, as before
        return True


class SignedStore:
    """A store whose keys also carry ``signature`` (e.g. the code's), for callers that key by content alone."""

    def __init__(self, store: DiskStore, signature: str):
        self.store = store
        self.signature = signature

    def get(self, key: str) -> dict[str, Any] | None:
        return self.store.get(entry_key(self.signature, key))

    def put(self, key: str, data: dict[str, Any]) -> None:
        self.store.put(entry_key(self.signature, key), data)


def unused_for(path: Path, days: float = UNUSED_DAYS) -> bool:
    """Whether ``path`` was neither read (entries are touched when used) nor written for ``days`` days."""
    return path.stat().st_mtime < time.time() - days * 86400


def entry_key(*parts: str) -> str:
    """A key from its parts, which are kept apart so that no two lists of parts give the same key."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


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


def site_signature(config: MkDocsConfig, serving: bool) -> str:
    """The code, ``mkdocs.yml``, every setting, the project's own templates and the glossary file."""
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
