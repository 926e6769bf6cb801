"""Reading editors' files safely: encoding, BOM, line endings, size, front matter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import ProblemList

#: A chapter larger than this is almost certainly a mistake (a pasted PDF, a
#: binary file); refusing it keeps builds fast and messages readable.
MAX_SOURCE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    """A text file's content with its front matter split from its body."""

    path: Path
    front_matter: str | None
    #: 1-based line number of the first front matter line (after ``---``).
    front_matter_line: int
    body: str
    #: 1-based line number in the file where ``body`` starts.
    body_line: int


def read_text(path: Path, problems: ProblemList) -> str | None:
    """Read a UTF-8 file, accepting a BOM and CRLF endings, refusing other encodings.

    A file that is a link to somewhere outside the project (``problems.root``) is refused: content
    must come from the repository, never from the machine that happens to build it.
    """
    outside = outside_project(path, problems.root)
    if outside:
        problems.add(path, None, outside)
        return None
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.add(path, None, f"cannot read the file ({error.strerror}).")
        return None
    if len(raw) > MAX_SOURCE_BYTES:
        problems.add(
            path, None,
            f"the file is {len(raw) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_SOURCE_BYTES // 1024 // 1024} MB. Split it into several chapters or remove pasted content.",
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.add(
            path, line,
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}). "
            "Save it as UTF-8 in your editor.",
        )
        return None
    if "\x00" in text:
        problems.add(path, text[: text.index("\x00")].count("\n") + 1,
                     "the file contains a NUL character; it looks like a binary file.")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path: Path, text: str, problems: ProblemList, *, required: bool) -> SourceText | None:
    """Split ``---`` delimited YAML front matter from the Markdown body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        if required:
            if not text.strip():
                problems.add(path, 1, "the file is empty. A chapter starts with front matter between two '---' lines.")
            else:
                problems.add(path, 1, "the chapter has no front matter. Start the file with a line '---', "
                                      "the fields (id, title, ...), and another line '---'.")
            return None
        return SourceText(path, None, 1, text, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return SourceText(
                path,
                "\n".join(lines[1:index]),
                2,
                "\n".join(lines[index + 1:]),
                index + 2,
            )
    problems.add(path, 1, "the front matter is not closed: add a line '---' after the last field.")
    return None


def outside_project(path: Path, root: Path | None) -> str | None:
    """Why ``path`` may not be read as content (it leads outside ``root`` through a link), or None."""
    if root is None:
        return None
    try:
        path.resolve().relative_to(Path(root).resolve())
    except ValueError:
        return ("this file is a link to a place outside the repository; content must be a real file in the "
                "repository. Replace the link with the file itself.")
    except OSError as error:
        return f"cannot follow this file's link ({error.strerror or error})."
    return None
