"""MkDocs' notes about pages our plugins leave out of its page loop on purpose.

MkDocs notes (at INFO) every link to, and every navigation entry for, a page it was told to leave out. The
frozen-page cache leaves out the pages it copies into the site itself, and a quick preview the pages it keeps
from the last build: both are in the site, and thousands of such notes at 1,000 chapters would bury the ones
that matter. Notes about any other left-out page (an editor's ``exclude_docs``) are kept.
"""

from __future__ import annotations

import logging
import re
from typing import Iterable


class LeftOutPageNotes(logging.Filter):
    """Drops MkDocs' notes that name one of :attr:`pages` as excluded from the built site."""

    LOGGERS = ("mkdocs.structure.nav", "mkdocs.structure.pages")
    #: "... contains a link to 'X' which is excluded ..." and "A reference to 'X' is included in the 'nav'
    #: configuration, but this file is excluded ..."
    NOTE = re.compile(r"'([^']+)' (?:which is|is included in the 'nav' configuration, but this file is) "
                      r"excluded from the built site\.$")

    def __init__(self) -> None:
        super().__init__()
        self.pages: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO:
            return True
        note = self.NOTE.search(record.getMessage())
        return note is None or note.group(1) not in self.pages

    def leave_out(self, pages: Iterable[str]) -> None:
        """From now until :meth:`remove`, MkDocs' notes about these pages (source paths) are not shown."""
        self.pages.update(pages)
        for name in self.LOGGERS:
            logger = logging.getLogger(name)
            if self not in logger.filters:
                logger.addFilter(self)

    def remove(self) -> None:
        self.pages.clear()
        for name in self.LOGGERS:
            logging.getLogger(name).removeFilter(self)
