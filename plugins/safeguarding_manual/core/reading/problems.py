"""Problems found in content, reported as ``file:line: message``.

Editors are not developers: every problem names the file, the line where
there is one and what to do, and all problems are collected before anything
is reported so one build shows every mistake at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, located as precisely as we can."""

    file: str
    line: int | None
    message: str

    def format(self) -> str:
        """Render as ``file:line: message``, the form editors' tools understand."""
        location = f"{self.file}:{self.line}" if self.line else self.file
        return f"{location}: {self.message}"

    def github_annotation(self) -> str:
        """Render as a GitHub Actions ``::error`` workflow command."""
        line = f",line={self.line}" if self.line else ""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.file}{line}::{message}"


@dataclass
class ProblemList:
    """Collects problems so that one run reports all of them."""

    root: Path | None = None
    problems: list[Problem] = field(default_factory=list)

    def add(self, file: str | os.PathLike[str], line: int | None, message: str) -> None:
        self.problems.append(Problem(self.display_path(file), line, message))

    def extend(self, other: "ProblemList") -> None:
        self.problems.extend(other.problems)

    def display_path(self, file: str | os.PathLike[str]) -> str:
        """Paths relative to the project root read best in messages and annotations."""
        path = Path(file)
        if self.root is not None and path.is_absolute():
            try:
                return path.relative_to(self.root).as_posix()
            except ValueError:
                return path.as_posix()
        return path.as_posix()

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems), key=lambda p: (p.file, p.line or 0, p.message))


class ContentError(Exception):
    """Raised when content has problems; carries every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))
