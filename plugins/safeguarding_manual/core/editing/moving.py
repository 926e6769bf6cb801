"""Move or rename a chapter file without breaking a single bookmark, link or archived version.

A chapter's URL is its file path, so moving the file moves the page. ``procedures move`` does every step
an editor would otherwise have to remember: it moves the file and its archive folder, re-keys the archive
manifest, adds the old URL to ``redirect_from`` (the old address then redirects to the new one), and
rewrites the relative links in the chapter itself, in every other chapter and in the ``docs/`` pages.
Archived versions stay byte for byte as they were; their links are resolved through ``redirect_from``.
Everything is checked before the first file is written.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content import Content, load_content
from ..history.archive import ARCHIVE_FOLDER, archive_dir, read_manifest, write_manifest
from ..manual.links import resolve_link
from ..manual.model import Chapter
from ..manual.outline import LINK, REFERENCE_DEFINITION
from ..reading.markdown_text import blank_code
from ..reading.problems import ContentError, ProblemList
from ..reading.text_files import split_front_matter
from ..urls import page_url
from .chapters import EditError, _find_chapter

SEGMENT = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass
class MoveResult:
    old_path: Path
    new_path: Path
    old_url: str
    new_url: str
    #: other files whose links were rewritten
    files_relinked: list[Path] = field(default_factory=list)
    archive_moved: bool = False


def move_chapter(procedures_dir: Path, reference: str, destination: str, *, docs_dir: Path | None = None) -> MoveResult:
    """Move the chapter ``reference`` (ID or path) to ``destination`` (a path below the procedures folder)."""
    procedures_dir = procedures_dir.resolve()
    docs_pages = _markdown_files(docs_dir) if docs_dir is not None and docs_dir.is_dir() else {}
    content = _load(procedures_dir, set(docs_pages))
    chapter = _find_chapter(content, reference)
    new_src_uri = _destination(procedures_dir, destination)
    _check_destination(content, chapter, new_src_uri, procedures_dir, set(docs_pages))

    new_path = procedures_dir / new_src_uri
    edits: dict[Path, str] = {}
    own_text = _relink_own(chapter.source_path.read_text("utf-8-sig"), chapter.source_path, chapter.src_uri,
                           new_src_uri)
    if chapter.is_published:
        own_text = _with_redirect(own_text, chapter)
    for src_uri, path in _editable_pages(content, docs_pages, exclude=chapter.src_uri).items():
        text = path.read_text("utf-8-sig")
        relinked = _relink_other(text, src_uri, chapter.src_uri, new_src_uri)
        if relinked != text:
            edits[path] = relinked

    new_path.parent.mkdir(parents=True, exist_ok=True)
    new_path.write_text(own_text, "utf-8")
    chapter.source_path.unlink()
    for path, text in edits.items():
        path.write_text(text, "utf-8")
    archive_moved = _move_archive(procedures_dir, chapter.src_uri, new_src_uri)
    _remove_empty_folders(chapter.source_path.parent, procedures_dir)
    return MoveResult(chapter.source_path, new_path, chapter.url, page_url(new_src_uri),
                      sorted(edits), archive_moved)


def _load(procedures_dir: Path, docs_pages: set[str]) -> Content:
    try:
        return load_content(procedures_dir, project_root=procedures_dir.parent, other_pages=docs_pages)
    except ContentError as error:
        listed = "\n".join(p.format() for p in error.problems)
        raise EditError(f"the manual has problems; fix them first:\n{listed}") from None


def _destination(procedures_dir: Path, destination: str) -> str:
    """``part/new-name.md`` below the procedures folder, from what the editor typed."""
    path = Path(destination)
    if path.is_absolute() or path.resolve().is_relative_to(procedures_dir):
        try:
            relative = path.resolve().relative_to(procedures_dir).as_posix()
        except ValueError:
            raise EditError(f"{destination} is outside {procedures_dir}; chapters live in the procedures folder.") \
                from None
    else:
        relative = posixpath.normpath(destination.replace("\\", "/"))
        prefix = procedures_dir.name + "/"
        relative = relative[len(prefix):] if relative.startswith(prefix) else relative
    if not relative.endswith(".md"):
        relative += ".md"
    segments = relative[: -len(".md")].split("/")
    if segments[0] == ARCHIVE_FOLDER:
        raise EditError("a chapter cannot be moved into the archive; mark it 'withdrawn' instead.")
    if relative.startswith("..") or not all(SEGMENT.fullmatch(s) for s in segments):
        raise EditError(f"'{destination}' cannot be a chapter path; use folders and a file name of lower-case "
                        "letters, digits and hyphens, such as core-procedures/new-name.md.")
    return relative


def _check_destination(content: Content, chapter: Chapter, new_src_uri: str, procedures_dir: Path,
                       docs_pages: set[str]) -> None:
    if new_src_uri == chapter.src_uri:
        raise EditError(f"{chapter.id} is already at {new_src_uri}.")
    if (procedures_dir / new_src_uri).exists() or new_src_uri in docs_pages:
        raise EditError(f"{new_src_uri} already exists; choose another path.")
    new_url = page_url(new_src_uri)
    for other in content.manual.chapters:
        if other is not chapter and (new_url == other.url or new_url in other.redirect_from):
            raise EditError(f"{new_url} is already the URL (or an old URL) of {other.id}; choose another path.")
        if other.src_uri.startswith(new_url):
            raise EditError(f"{new_src_uri} would sit where the folder {new_url} of other chapters is.")
    if archive_dir(procedures_dir, new_src_uri).exists():
        raise EditError(f"{archive_dir(procedures_dir, new_src_uri)} already exists; the archive of another "
                        "chapter once lived there, so choose another path.")


def _markdown_files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.md"))}


def _editable_pages(content: Content, docs_pages: dict[str, Path], exclude: str) -> dict[str, Path]:
    """Every current chapter and docs page by its place in the site: archived versions are never edited."""
    pages = {c.src_uri: c.source_path for c in content.manual.chapters if c.src_uri != exclude}
    pages.update(docs_pages)
    return pages


def _rewrite_links(text: str, rewrite) -> str:  # type: ignore[no-untyped-def]
    """Apply ``rewrite(target) -> new target or None`` to inline links and reference definitions outside code."""
    lines = text.split("\n")
    checked = blank_code(text)

    def replace(match: re.Match[str]) -> str:
        new_target = rewrite(match.group("target"))
        if new_target is None:
            return match.group(0)
        start, end = match.span("target")
        return match.string[match.start():start] + new_target + match.string[end:match.end()]

    for index, line in enumerate(lines):
        if checked[index] == line:  # no code on this line
            line = LINK.sub(replace, line)
            lines[index] = REFERENCE_DEFINITION.sub(replace, line)
    return "\n".join(lines)


def _relink_other(text: str, page_src_uri: str, old_src_uri: str, new_src_uri: str) -> str:
    def rewrite(target: str) -> str | None:
        resolved = resolve_link(page_src_uri, target)
        if resolved is None or resolved[0] != old_src_uri or target.startswith("#"):
            return None
        return _relative(new_src_uri, page_src_uri) + (f"#{resolved[1]}" if resolved[1] else "")

    return _rewrite_links(text, rewrite)


def _relink_own(text: str, path: Path, old_src_uri: str, new_src_uri: str) -> str:
    """The moved chapter's own relative links, re-pointed from its new folder."""
    if posixpath.dirname(old_src_uri) == posixpath.dirname(new_src_uri):
        return text

    def rewrite(target: str) -> str | None:
        resolved = resolve_link(old_src_uri, target)
        if resolved is None or target.startswith("#"):
            return None
        target_src = new_src_uri if resolved[0] == old_src_uri else resolved[0]
        return _relative(target_src, new_src_uri) + (f"#{resolved[1]}" if resolved[1] else "")

    front, body = _split(text, path)
    return front + _rewrite_links(body, rewrite)


def _relative(target_src_uri: str, from_src_uri: str) -> str:
    return posixpath.relpath(target_src_uri, posixpath.dirname(from_src_uri) or ".")


def _closing_line(text: str, path: Path) -> int:
    """Index of the line that closes the front matter (the chapter was validated, so there is one)."""
    source = split_front_matter(path, text, ProblemList(), required=True)
    assert source is not None
    return source.body_line - 2


def _split(text: str, path: Path) -> tuple[str, str]:
    """Front matter (with both ``---`` lines) and body, so link rewriting never touches the metadata."""
    lines = text.split("\n")
    end = _closing_line(text, path)
    return "\n".join(lines[: end + 1]), "\n" + "\n".join(lines[end + 1:])


def _with_redirect(text: str, chapter: Chapter) -> str:
    """The front matter with the chapter's current URL added to ``redirect_from``."""
    urls = [*chapter.redirect_from, chapter.url]
    lines = text.split("\n")
    end = _closing_line(text, chapter.source_path)
    kept: list[str] = []
    skipping = False
    for line in lines[1:end]:
        if line.startswith("redirect_from:"):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "-")) or not line.strip()):
            continue
        skipping = False
        kept.append(line)
    kept.append("redirect_from: [" + ", ".join(json.dumps(url) for url in urls) + "]")
    return "\n".join([lines[0], *kept, *lines[end:]])


def _move_archive(procedures_dir: Path, old_src_uri: str, new_src_uri: str) -> bool:
    old_folder, new_folder = archive_dir(procedures_dir, old_src_uri), archive_dir(procedures_dir, new_src_uri)
    if not old_folder.is_dir():
        return False
    new_folder.parent.mkdir(parents=True, exist_ok=True)
    old_folder.rename(new_folder)
    old_key, new_key = page_url(old_src_uri), page_url(new_src_uri)
    manifest = read_manifest(procedures_dir, ProblemList())
    write_manifest(procedures_dir, {(new_key + k[len(old_key):] if k.startswith(old_key) else k): v
                                    for k, v in manifest.items()})
    _remove_empty_folders(old_folder.parent, procedures_dir / ARCHIVE_FOLDER)
    return True


def _remove_empty_folders(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
