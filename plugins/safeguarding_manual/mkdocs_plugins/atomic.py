"""Build into a staging folder and swap it in only when the build succeeds.

MkDocs writes pages straight into ``site_dir`` and only afterwards aborts a
strict build on warnings; the published folder must never hold a broken or
half-written site, so we redirect the build and swap at the end.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

#: Removes the folder named on its command line, in a process of its own (see ``replace_folder``).
_REMOVER = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


class WarningCounter(logging.Handler):
    """Counts warnings logged anywhere under ``mkdocs`` (MkDocs' own link checks, plugins)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class AtomicSiteDir:
    """Owns the staging folder of one build."""

    def __init__(self, final_dir: str, strict: bool):
        self.final = Path(final_dir)
        self.staging = self.final.with_name(self.final.name + ".staging")
        self.strict = strict
        self.counter = WarningCounter()
        logging.getLogger("mkdocs").addHandler(self.counter)

    def succeeded(self) -> bool:
        return not (self.strict and self.counter.count)

    def finish(self) -> bool:
        """Swap the staging folder in if the build is good; discard it otherwise."""
        logging.getLogger("mkdocs").removeHandler(self.counter)
        if not self.succeeded():
            self.discard()
            return False
        replace_folder(self.staging, self.final, remove_later=True)
        return True

    def discard(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.counter)
        shutil.rmtree(self.staging, ignore_errors=True)


def replace_folder(new: Path, old: Path, remove_later: bool = False) -> None:
    """Put the folder ``new`` in the place of ``old`` by renaming, keeping the old one until the new is in
    place: readers of ``old`` never see half a folder for longer than two renames.

    ``remove_later``: the old folder, renamed ``<name>.old``, is removed by a process of its own, which
    goes on after the build has finished. Removing a site of 12,000 files is mostly waiting on the disk
    (2.6 s at 3,000 chapters, 0.3 s at 1,000) and nobody waits for it: the new site is in place. Only a
    folder of that name is ever removed, and it only ever holds a site that has been replaced; one left by
    a removal that was stopped is removed by the next build before the next site is renamed into it."""
    aside = old.with_name(old.name + ".old")
    shutil.rmtree(aside, ignore_errors=True)
    if old.exists():
        old.rename(aside)
    new.rename(old)
    if remove_later and _remove_in_background(aside):
        return
    shutil.rmtree(aside, ignore_errors=True)


def _remove_in_background(folder: Path) -> bool:
    """Start removing ``folder`` in a process of its own; False if it could not be started."""
    if not folder.exists():
        return True
    try:
        subprocess.Popen([sys.executable, "-c", _REMOVER, str(folder)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return False
    return True
