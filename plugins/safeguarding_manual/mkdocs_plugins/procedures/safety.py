"""The MkDocs side of the trust boundary: where the core's checks meet MkDocs' files and pages.

- before any page is read: ``docs/`` pages and every file to be copied are checked (front matter,
  raw HTML, file types, links out of the repository);
- after each page's Markdown is converted: the sanitiser (``core.safe_html.sanitiser``);
- before each page is written: the finished page is parsed once more and refused if a script, an
  event handler or a script URL is in it; the page gets the Content-Security-Policy.

Problems are collected so that one build reports all of them; a page with a problem is never
written as it is, and the build fails at the end, leaving the last good site in place.

Both checks are pure functions of the HTML they read. With a cache, the digest of HTML found clean
(with the code's signature: a change to a check forgets every verdict) is kept, so the same HTML is not
parsed again in the next build; a page with a problem is checked, and reported, every time.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape
from mkdocs.structure.files import Files

from ...core.manual.other_pages import check_other_page
from ...core.reading.problems import Problem, ProblemList
from ...core.reading.text_files import outside_project
from ...core.safe_html.csp import add_policy_meta, page_problems
from ...core.safe_html.media import IGNORED_NAMES, media_problem
from ...core.safe_html.sanitiser import check_converted_html, source_line
from ..disk_cache import DiskStore, code_signature, entry_key


class PageSafety:
    """Collects every safety problem of one build."""

    def __init__(self, project_root: Path, clean: DiskStore | None = None):
        self.project_root = project_root
        self.problems = ProblemList(project_root)
        #: keys of HTML found clean before
        self.clean = clean

    def _known_clean(self, *parts: str) -> tuple[bool, str]:
        if self.clean is None:
            return False, ""
        key = entry_key(code_signature(), *parts)
        return self.clean.get(key) is not None, key

    def _found_clean(self, key: str) -> None:
        if self.clean is not None:
            self.clean.put(key, {})

    def check_docs_files(self, files: Files, docs_dir: Path) -> None:
        """``docs/`` pages and files, before MkDocs reads any of them."""
        for file in files:
            if file.generated_by or not file.abs_src_path or not _is_inside(Path(file.abs_src_path), docs_dir):
                continue
            self.check_source_file(Path(file.abs_src_path), file.src_uri)

    def check_source_file(self, path: Path, src_uri: str) -> None:
        """One file that will be published: a page is checked like content, anything else as media."""
        if path.name in IGNORED_NAMES and not src_uri.endswith(".md"):
            return
        outside = outside_project(path, self.project_root)
        if outside:
            self.problems.add(path, None, outside)
        elif path.is_dir():
            return
        elif src_uri.endswith(".md"):
            check_other_page(path, self.problems)
        else:
            problem = media_problem(src_uri, path.read_bytes())
            if problem:
                self.problems.add(path, None, problem)

    def check_converted(self, html: str, sources: list[Path], paragraph_ids: set[str]) -> bool:
        """The HTML Markdown made of a page, against the allow-list; False if the page may not be published.

        A page that fails is replaced by a short notice before any other plugin (the search index, for
        one) reads it: nothing of it is published, and its HTML costs nothing more to process.
        """
        known, key = self._known_clean("converted", ",".join(sorted(paragraph_ids)), html)
        if known:
            return True
        findings = check_converted_html(html, paragraph_ids=paragraph_ids)
        for finding in findings:
            self._add(sources, finding.needles, finding.message)
        if not findings:
            self._found_clean(key)
        return not findings

    def finish_page(self, output: str, sources: list[Path], page_url: str) -> str:
        """The page as it will be written: checked once more, with the Content-Security-Policy added."""
        known, key = self._known_clean("finished", output)
        problems = [] if known else page_problems(output)
        if not known and not problems:
            self._found_clean(key)
        for problem in problems:
            self._add(sources, (), f"the built page {page_url or '(home)'} would contain {problem}. Content may "
                                   "not add scripts; if this file looks harmless, report it to the site maintainers.")
        if problems:
            return _withheld_page(page_url)
        return add_policy_meta(output)

    def _add(self, sources: list[Path], needles: tuple[str, ...], message: str) -> None:
        for path in sources:
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            line = source_line(text, needles)
            if line is not None:
                self.problems.add(path, line, message)
                return
        self.problems.add(sources[0] if sources else self.project_root, None, message)

    def sorted(self) -> list[Problem]:
        return self.problems.sorted()


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


WITHHELD_CONTENT = "<p>This page was not published: it failed the site's safety check (see the build's messages).</p>"


def _withheld_page(page_url: str) -> str:
    """What is written instead of a page that failed the last check (only ever seen while serving)."""
    return add_policy_meta(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page withheld</title></head>"
        f"<body><main><h1>This page was not published</h1><p>{escape(page_url)} failed the site's safety check; "
        "see the build's messages.</p></main></body></html>\n"
    )
