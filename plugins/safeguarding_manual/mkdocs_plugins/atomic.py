"""Build into a staging folder and swap it in only when the build succeeds.

MkDocs writes pages straight into ``site_dir`` and only afterwards aborts a
strict build on warnings; the published folder must never hold a broken or
half-written site, so we redirect the build and swap at the end.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path


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
        replace_folder(self.staging, self.final)
        return True

    def discard(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.counter)
        shutil.rmtree(self.staging, ignore_errors=True)


def replace_folder(new: Path, old: Path) -> None:
    """Put the folder ``new`` in the place of ``old`` by renaming, keeping the old one until the new is in
    place: readers of ``old`` never see half a folder for longer than two renames."""
    aside = old.with_name(old.name + ".old")
    shutil.rmtree(aside, ignore_errors=True)
    if old.exists():
        old.rename(aside)
    new.rename(old)
    shutil.rmtree(aside, ignore_errors=True)
