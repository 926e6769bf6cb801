"""Read the chapters of an earlier commit from git, for ``procedures check --base``.

Kept out of :mod:`safeguarding_manual.core`: the core reads files, this reads a repository. One
``git ls-tree`` lists the files and one ``git cat-file --batch`` reads them all, so a manual of thousands
of chapters costs two processes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Callable

from .core.history.archive import ARCHIVE_FOLDER
from .core.manual.continuity import EarlierChapter
from .core.reading.problems import ProblemList
from .core.reading.text_files import split_front_matter
from .core.reading.yaml_lines import load_yaml


class GitBaseError(Exception):
    """The earlier commit cannot be read; the message says what to do."""


def chapters_at(base: str, procedures_dir: Path) -> list[EarlierChapter]:
    """The chapter files below ``procedures_dir`` as they were at commit ``base``."""
    return [chapter for relative, text in _files_at(base, procedures_dir, _is_chapter)
            if (chapter := _earlier_chapter(relative, text)) is not None]


def notes_at(base: str, notes_dir: Path) -> dict[str, tuple[int | None, str]]:
    """An area's local notes as they were at commit ``base``: file name -> (version, text without front matter)."""
    found = {}
    for relative, text in _files_at(base, notes_dir, lambda r: "/" not in r and not r.startswith("_")):
        problems = ProblemList()
        source = split_front_matter(Path(relative), text.lstrip("\ufeff").replace("\r\n", "\n"), problems,
                                    required=True)
        located = load_yaml(source.front_matter or "", Path(relative), 1, problems) if source else None
        data = located.data if located is not None else None
        if source is not None and isinstance(data, dict):
            version = data.get("version")
            found[relative] = (version if isinstance(version, int) else None, source.body.strip())
    return found


def _files_at(base: str, folder_path: Path, keep: Callable[[str], bool]) -> list[tuple[str, str]]:
    """(path below the folder, text) of each Markdown file below ``folder_path`` at ``base`` that ``keep`` keeps."""
    folder_path = folder_path.resolve()
    top = _git(["rev-parse", "--show-toplevel"], _existing(folder_path),
               failure=f"{folder_path} is not in a git repository; --base compares with the manual's git "
                       "history, so run the check in a clone of it.").strip()
    folder = folder_path.relative_to(Path(top).resolve()).as_posix()
    _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], Path(top),
         failure=f"git does not know the commit '{base}'. Fetch it first (in GitHub Actions: actions/checkout "
                 "with fetch-depth: 0).")
    listed = _git(["ls-tree", "-r", "-z", "--name-only", base, "--", folder], Path(top)).split("\0")
    paths = [p for p in listed if p.endswith(".md") and keep(p[len(folder) + 1:])]
    if not paths:
        return []
    batch = subprocess.run(["git", "cat-file", "--batch"], cwd=top, input="".join(f"{base}:{p}\n" for p in paths).encode(),
                           capture_output=True, check=False)
    return [(path[len(folder) + 1:], text) for path, text in zip(paths, _split_batch(batch.stdout))]


def _existing(path: Path) -> Path:
    """The nearest folder that exists (a folder new since the base is not on disk at the base)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def changed_files(project: Path, base: str) -> list[str]:
    """Paths (from the repository's top, posix) changed between commit ``base`` and the working tree."""
    top = Path(_git(["rev-parse", "--show-toplevel"], project,
                    failure=f"{project} is not in a git repository; --base needs its git history.").strip())
    _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], project,
         failure=f"git does not know the commit '{base}'. Fetch it first (in GitHub Actions: actions/checkout "
                 "with fetch-depth: 0).")
    listed = _git(["diff", "--name-only", "-z", base, "--"], top).split("\0")
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0")
    prefix = project.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    return sorted({path[len(prefix):] for path in listed + untracked if path and path.startswith(prefix)})


def _is_chapter(relative: str) -> bool:
    parts = relative.split("/")
    return ARCHIVE_FOLDER not in parts and not parts[-1].startswith("_")


def _git(args: list[str], cwd: Path, failure: str | None = None) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitBaseError("git is not installed; --base needs it.") from None
    if result.returncode != 0:
        raise GitBaseError(failure or f"git {' '.join(args[:2])} failed: {result.stderr.strip() or 'not a git repository'}")
    return result.stdout


def _split_batch(output: bytes) -> list[str]:
    """The objects of ``git cat-file --batch`` output, in order (missing ones as empty text)."""
    texts, position = [], 0
    while position < len(output):
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        if len(header) < 3 or header[-1] == b"missing":
            texts.append("")
            position = header_end + 1
            continue
        size = int(header[2])
        texts.append(output[header_end + 1: header_end + 1 + size].decode("utf-8", "replace"))
        position = header_end + 1 + size + 1
    return texts


def _earlier_chapter(src_uri: str, text: str) -> EarlierChapter | None:
    """ID, status, version, title and body; files that were not valid chapters then are left out."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    problems = ProblemList()
    source = split_front_matter(Path(src_uri), text, problems, required=True)
    if source is None or source.front_matter is None:
        return None
    located = load_yaml(source.front_matter, Path(src_uri), source.front_matter_line, problems)
    data = located.data if located is not None else None
    if not isinstance(data, dict):
        return None
    version = data.get("version")
    return EarlierChapter(src_uri, str(data.get("id", src_uri)), str(data.get("status", "current")),
                          version if isinstance(version, int) and not isinstance(version, bool) else 0,
                          str(data.get("title", "")), source.body, text)
