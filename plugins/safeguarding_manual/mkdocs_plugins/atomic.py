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
        old = self.final.with_name(self.final.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.final.exists():
            self.final.rename(old)
        self.staging.rename(self.final)
        shutil.rmtree(old, ignore_errors=True)
        return True

    def discard(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.counter)
        shutil.rmtree(self.staging, ignore_errors=True)
