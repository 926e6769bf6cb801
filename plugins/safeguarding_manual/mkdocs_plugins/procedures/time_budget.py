"""A time limit on turning one page's Markdown into HTML, so no edit can stall the build.

Python-Markdown takes time that grows with the square of some inputs (thousands of unclosed ``[``,
for example). Rather than chase each such input, each page's conversion gets a budget; a page
that exceeds it stops the build with a message naming the file, instead of hanging the build or
the pull-request check. The limit uses ``SIGALRM``, so it applies where MkDocs builds in the main
thread (``mkdocs build``, ``procedures check``); ``mkdocs serve`` rebuilds in another thread and
is left unlimited.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

from mkdocs.exceptions import PluginError

#: A real chapter of 2 MB (the largest a file may be) converts in about two seconds on a small machine.
SECONDS_PER_PAGE = 10.0  # the default of the plugin's page_time_limit


class ConversionTimeBudget:
    def __init__(self, seconds: float = SECONDS_PER_PAGE):
        self.seconds = seconds
        self.source = ""

    @staticmethod
    def available() -> bool:
        return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()

    def start(self, source: str) -> None:
        if not self.available():
            return
        self.source = source
        signal.signal(signal.SIGALRM, self._expired)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def stop(self) -> None:
        if self.available():
            signal.setitimer(signal.ITIMER_REAL, 0)

    def _expired(self, signum: int, frame: FrameType | None) -> None:
        raise PluginError(
            f"{self.source}: this page took more than {self.seconds:.0f} seconds to convert, so the build was "
            "stopped. Look for something repeated thousands of times (unclosed '[', '*', '<' or nested '>' "
            "quotes) and remove it, or split the chapter.")
