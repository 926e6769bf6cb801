"""What a rebuild reuses of a file it read before (core.reading.unchanged_files): only what cannot be stale.

The serve tests show the whole preview right after a save; these pin down the rule that makes that safe:
a file is read again whenever it may have changed, including two saves of the same size in one tick of
the file system's clock and a tool that puts an old modification time back.
"""

from __future__ import annotations

import os
from pathlib import Path

from safeguarding_manual.core.reading.problems import ProblemList
from safeguarding_manual.core.reading.unchanged_files import RACY_MARGIN_NS, FileMemo, read_with_problems

HOUR_NS = 3600 * 10**9


class Reads:
    """Counts how often the file was really read."""

    def __init__(self, path: Path) -> None:
        self.path, self.count = path, 0

    def __call__(self) -> str:
        self.count += 1
        return self.path.read_text("utf-8")


def _still_for_an_hour(path: Path) -> int:
    """Give ``path`` a modification time an hour ago; return it (its change time stays now)."""
    past = path.stat().st_mtime_ns - HOUR_NS
    os.utime(path, ns=(past, past))
    return past


def _an_hour_later(path: Path) -> FileMemo[str]:
    """A memo whose clock reads an hour after ``path`` last changed in any way."""
    changed = path.stat().st_ctime_ns
    return FileMemo(clock=lambda: changed + HOUR_NS)


def _kept(path: Path) -> tuple[FileMemo[str], int]:
    """``path`` written, its modification time put an hour back and read once into a memo that keeps it;
    returns the memo and that time."""
    path.write_text("first", "utf-8")
    past = _still_for_an_hour(path)
    memo = _an_hour_later(path)
    assert memo.get(path, Reads(path)) == "first"
    assert memo.get(path, lambda: "not read") == "first"
    return memo, past


def test_a_file_still_for_long_enough_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "chapter.md"
    path.write_text("first", "utf-8")
    memo = _an_hour_later(path)
    reads = Reads(path)
    assert [memo.get(path, reads) for _ in range(3)] == ["first"] * 3
    assert reads.count == 1


def test_a_file_changed_within_the_margin_is_read_every_time(tmp_path: Path) -> None:
    """Changed just before it was read: a save of the same size in the same tick would leave the same
    stamp, so nothing made from it is kept."""
    path = tmp_path / "chapter.md"
    path.write_text("first", "utf-8")
    changed = path.stat().st_ctime_ns
    memo: FileMemo[str] = FileMemo(clock=lambda: changed + RACY_MARGIN_NS - 1)
    reads = Reads(path)
    memo.get(path, reads)
    memo.get(path, reads)
    assert reads.count == 2


def test_a_save_of_the_same_size_with_the_old_time_put_back_is_seen(tmp_path: Path) -> None:
    """``cp -p``, ``rsync -t`` and ``touch -d`` put an old modification time back; the change time shows."""
    path = tmp_path / "chapter.md"
    memo, past = _kept(path)
    path.write_text("other", "utf-8")
    os.utime(path, ns=(past, past))
    assert memo.get(path, Reads(path)) == "other"


def test_a_file_replaced_by_another_of_the_same_size_and_times_is_seen(tmp_path: Path) -> None:
    """An editor that saves to a new file and renames it over the old one: another inode."""
    path, saved = tmp_path / "chapter.md", tmp_path / "chapter.md.new"
    memo, past = _kept(path)
    saved.write_text("other", "utf-8")
    os.utime(saved, ns=(past, past))
    os.replace(saved, path)
    assert memo.get(path, Reads(path)) == "other"


def test_a_link_led_elsewhere_is_seen(tmp_path: Path) -> None:
    first, second, link = tmp_path / "a.md", tmp_path / "b.md", tmp_path / "chapter.md"
    first.write_text("first", "utf-8")
    second.write_text("other", "utf-8")
    link.symlink_to(first)
    memo = FileMemo(clock=lambda: link.lstat().st_ctime_ns + HOUR_NS)
    assert memo.get(link, Reads(link)) == "first"
    assert memo.get(link, lambda: "not read") == "first"
    first.write_text("fresh", "utf-8")  # the file the link leads to changed
    assert memo.get(link, Reads(link)) == "fresh"
    link.unlink()
    link.symlink_to(second)
    assert memo.get(link, Reads(link)) == "other"


def test_a_missing_file_is_never_kept(tmp_path: Path) -> None:
    path = tmp_path / "gone.md"
    memo: FileMemo[str] = FileMemo()
    calls = []
    memo.get(path, lambda: calls.append(1) or "")
    memo.get(path, lambda: calls.append(1) or "")
    assert len(calls) == 2


def test_what_else_it_depends_on_is_part_of_the_key(tmp_path: Path) -> None:
    path = tmp_path / "chapter.md"
    path.write_text("first", "utf-8")
    memo = _an_hour_later(path)
    assert memo.get(path, lambda: "in one folder", also="one") == "in one folder"
    assert memo.get(path, lambda: "in another", also="two") == "in another"
    assert memo.get(path, lambda: "not read", also="one") == "in one folder"


def test_the_problems_found_in_a_kept_file_are_reported_at_every_read(tmp_path: Path) -> None:
    """A file with a mistake, unchanged, is not read again; its mistake is still reported every time."""
    path = tmp_path / "chapter.md"
    path.write_text("first", "utf-8")
    memo: FileMemo[tuple[str, list]] = _an_hour_later(path)  # type: ignore[assignment]
    reads = []

    def read(own: ProblemList) -> str:
        reads.append(1)
        own.add(path, 3, "a mistake")
        return "made"

    for _ in range(2):
        problems = ProblemList(tmp_path)
        assert read_with_problems(memo, path, problems, read) == "made"
        assert [(p.line, p.message) for p in problems.problems] == [(3, "a mistake")]
    assert len(reads) == 1

