"""Build one site in this process and print its wall time and peak memory as JSON (used by run.py).

The peak counts the build's worker processes too (search entries of a large cold build, see
``search_workers``): the largest sum of their own peaks seen while the build ran (sampled every 50 ms from
``/proc``) is added to the build's own peak, an upper bound, since the two need not peak at the same moment.
``RUSAGE_CHILDREN`` cannot be used: a worker is forked before it starts a fresh interpreter, and the fork
counts the whole build's memory as its own for that instant.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import threading
import time
from pathlib import Path

#: How often the workers' memory is looked at.
SAMPLE_SECONDS = 0.05


class WorkersPeak:
    """The largest total of the child processes' own peak memory (``VmHWM``), sampled on a thread."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._own_command = Path("/proc/self/cmdline").read_bytes() if Path("/proc/self").exists() else b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WorkersPeak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self.peak_kb = max(self.peak_kb, sum(self._own_peak_kb(pid) for pid in _children()))

    def _own_peak_kb(self, pid: str) -> int:
        """A child's peak since it started its own program; 0 for one still a copy of this process."""
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes() == self._own_command:
                return 0
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except (OSError, ValueError):
            pass
        return 0


def _children() -> list[str]:
    pids: list[str] = []
    try:
        for task in Path("/proc/self/task").iterdir():
            pids += (task / "children").read_text().split()
    except OSError:
        pass
    return pids


def main() -> None:
    config_file, site_dir = sys.argv[1], sys.argv[2]
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.disable(logging.WARNING)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with WorkersPeak() as workers:
        start = time.perf_counter()
        config = load_config(config_file, site_dir=site_dir)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
        seconds = time.perf_counter() - start
    own_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": (own_kb + workers.peak_kb) / 1024, "own_peak_mb": own_kb / 1024,
                      "workers_peak_mb": workers.peak_kb / 1024}))


if __name__ == "__main__":
    main()
