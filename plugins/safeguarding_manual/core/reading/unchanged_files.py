"""What was made from a file, kept until the file may have changed (a rebuild reads only what was saved).

``mkdocs serve`` rebuilds after every save, and every rebuild must judge every file of the manual: at
1,000 chapters with their archives, several thousand files, read, parsed and hashed again for a save that
changed one of them. A :class:`FileMemo` keeps what was made from each file with the file's *stamp*
(device, inode, size, modification and change times, and the same of the file a link leads to) and gives
it back while the stamp is the same.

A stamp alone can miss a change: two saves of the same size within one tick of the file system's clock
leave the same times. Git calls such an entry "racily clean" and so do we: what was made from a file
whose times are within :data:`RACY_MARGIN_NS` of the moment its reading began is never reused, so the file
is read again at the next rebuild and at every one after, until it has been still for that long. A save
after the reading began always leaves a modification time at or after that moment, less one tick, so
it can never match a stamp this module trusts. The change time cannot be set by any program, so a
tool that puts an old modification time back (``touch -d``, ``cp -p``, ``rsync -t``) still shows.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from dataclasses import dataclass
from typing import Callable, Generic, Hashable, TypeVar

from .problems import ProblemList

Made = TypeVar("Made")

#: What a file's times may lag behind the clock (file systems keep time in ticks, FAT's are 2 seconds).
RACY_MARGIN_NS = 2_000_000_000


@dataclass(frozen=True)
class FileStamp:
    """What changes whenever a file's content can have changed."""

    own: tuple[int, int, int, int, int, int]
    #: for a link, the stamp of the file it leads to (None: not a link, or it leads nowhere)
    target: tuple[int, int, int, int, int, int] | None

    def newest_time_ns(self) -> int:
        times = [self.own[3], self.own[4]] + ([self.target[3], self.target[4]] if self.target else [])
        return max(times)


def _parts(info: os.stat_result) -> tuple[int, int, int, int, int, int]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_mode


def file_stamp(path: str | os.PathLike[str]) -> FileStamp | None:
    """The file's stamp, or None if there is nothing at ``path``."""
    try:
        own = os.lstat(path)
    except OSError:
        return None
    target = None
    if stat.S_ISLNK(own.st_mode):
        try:
            target = _parts(os.stat(path))
        except OSError:
            target = None
    return FileStamp(_parts(own), target)


@dataclass(frozen=True)
class _Kept(Generic[Made]):
    stamp: FileStamp
    made: Made


class FileMemo(Generic[Made]):
    """What was made from each file, by path, reused while the file's stamp says it cannot have changed.

    ``clock`` is the wall clock in nanoseconds (file times are wall-clock times); tests give their own.
    """

    def __init__(self, clock: Callable[[], int] = time.time_ns) -> None:
        self._kept: dict[tuple[str, Hashable], _Kept[Made]] = {}
        self._clock = clock
        self._lock = threading.Lock()

    def get(self, path: str | os.PathLike[str], make: Callable[[], Made], *, also: Hashable = None) -> Made:
        """What ``make()`` made from the file at ``path`` the last time, if the file has not changed since;
        else ``make()``'s new result (kept only if the file had been still for long enough).

        ``also``: anything else ``make`` depends on (the folder a chapter's address is relative to)."""
        name = os.fspath(path)
        key = (name, also)
        stamp = file_stamp(name)
        with self._lock:
            kept = self._kept.get(key)
        if stamp is not None and kept is not None and kept.stamp == stamp:
            return kept.made
        started = self._clock()
        made = make()
        with self._lock:
            if stamp is not None and stamp.newest_time_ns() < started - RACY_MARGIN_NS:
                self._kept[key] = _Kept(stamp, made)
            else:  # changed too recently to be told apart from a save in the same tick: read again next time
                self._kept.pop(key, None)
        return made

    def __len__(self) -> int:
        """How many files' results are kept."""
        with self._lock:
            return len(self._kept)

    def forget(self) -> None:
        with self._lock:
            self._kept.clear()


def read_with_problems(memo: FileMemo[tuple[Made, list]], path: str | os.PathLike[str], problems: ProblemList,
                       read: Callable[[ProblemList], Made], *, also: Hashable = None) -> Made:
    """What ``read`` made of the file at ``path``, kept in ``memo`` with the problems it found while the
    file is unchanged; those problems are added to ``problems`` at every call, as if it had read again."""
    def make() -> tuple[Made, list]:
        own = ProblemList(problems.root)
        return read(own), list(own.problems)

    made, found = memo.get(path, make, also=(also, problems.root))
    problems.problems.extend(found)
    return made
