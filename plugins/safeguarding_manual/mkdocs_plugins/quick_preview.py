"""While ``mkdocs serve`` runs: after a save that changed only the text of chapters, rebuild only the pages
that show that text, and keep every other page of the served site as the last build left it.

MkDocs empties its folder and renders every page again after every save: 4,000 pages at 1,000 chapters,
about twelve seconds from save to preview even with every conversion cached. Yet what a chapter's text
(below its front matter) shows up on is known: the chapter's own page, its archived versions, permanent
addresses and comparisons, and the pages made from the whole manual (home, part contents, glossary,
amendments, reviews, the manual on a date, thresholds); every other page is made from what it is
*given* of the rest of the manual, which the front matter and the anchors and paragraph numbers of
each chapter decide. So:

- Each build reads a **site signature**: every content and settings file (``mkdocs.yml``, ``docs/``,
  ``procedures/`` and its archive, the glossary, the area's folder, the theme's own folder and anything
  else watched), except that a published chapter counts by its front matter and by the anchors and
  paragraph numbers of its text, not by the text itself, which counts in a digest of its own.
- When the signature is the last successful build's, only the chapters whose text changed are rebuilt,
  with their history pages and the pages made from the whole manual that can show text (the glossary's
  "Used in" lists, the thresholds' age groups, the site's own pages; not the contents, amendments,
  reviews or the manual on a date, made only from what the signature covers); MkDocs is told the other pages are
  excluded, and each is given back what the other pages' templates and MkDocs' link checks read of it
  (:class:`PageShell`). The theme's search entries, the glossary's "Used in" lists and our paragraph
  entries of the skipped pages are kept from the last build.
- Anything else (a title, a status, a new chapter, the glossary, the settings, an archived text, a new
  heading or paragraph number, a build that failed) rebuilds everything, as before.

MkDocs builds into a staging folder (it empties whatever ``site_dir`` is); when the build succeeds its
files are moved into the served folder, which therefore always holds the last good site, and a failed
save leaves the preview as it was. A test checks that the served folder after such a rebuild is exactly
what a full build writes.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import shutil
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..core.manual.model import Chapter
from ..core.reading.unchanged_files import FileMemo
from .atomic import WarningCounter, replace_folder
from .conversion_cache import captured_links, restore_links
from .left_out_pages import LeftOutPageNotes
from .watching import BUILDS

log = get_plugin_logger(__name__)

#: Written from the whole list of pages, which a partial build does not have: the last full build's stay.
WHOLE_SITE_FILES = frozenset({"sitemap.xml", "sitemap.xml.gz"})
#: Folders a build writes whole (the word index: its folder's name changes with its contents): replaced whole.
WHOLE_FOLDERS = ("search-index",)
#: Objects made between two runs of Python's collector while a rebuild runs (Python's default: 700). The
#: serve session's heap is large and long-lived (conversions, page shells): at the default, a rebuild that
#: changed one chapter spent a fifth of its time collecting, and found next to nothing.
YOUNG_OBJECTS_PER_COLLECTION = 50_000
#: Files larger than this count by size and time, not read at every save (a video beside a chapter).
READ_LIMIT = 4 * 1024 * 1024
#: The longest the search indexing waits for a rebuild before it goes on anyway (a rebuild that never said
#: it ended must not leave the search without an index).
BUILD_WAIT_SECONDS = 120

#: The longest the search indexing waits for the build of a save the watcher saw (it starts in moments).
SAVE_WAIT_SECONDS = 10

#: Writes the word index into a folder, calling the checkpoint every few records; returns a line for the log.
SearchJob = Callable[[Path, Callable[[], None]], str]


@dataclass
class PageShell:
    """What other pages' templates and MkDocs' checks read of a page: its metadata and title (navigation,
    previous and next links), its anchors and its links to other pages' anchors."""

    meta: dict[str, Any]
    title_from_render: str | None
    present_anchor_ids: list[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None

    @classmethod
    def of(cls, page: Page) -> PageShell:
        anchors, links = captured_links(page)
        return cls(dict(page.meta), page._title_from_render, anchors, links)

    def restore(self, page: Page, files: Files) -> None:
        page.markdown = ""  # read, as far as MkDocs' title logic is concerned
        page.meta = dict(self.meta)
        page._title_from_render = self.title_from_render
        restore_links(page, files, self.present_anchor_ids, self.links_to_anchors)


@dataclass
class BuiltSite:
    """What the last successful build in the served folder was made from."""

    signature: str
    texts: dict[str, str]
    shells: dict[str, PageShell]
    #: page URL -> the theme's search entries of that page
    search_entries: dict[str, list[dict[str, Any]]]
    #: linked page -> page linking to its anchors -> {anchor: link as written}: the shells' links the
    #: other way round, so a rebuild checks the links into the pages it made without reading every shell
    inbound: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)


@dataclass
class Plan:
    """This build: everything, or only the pages of the chapters whose text changed."""

    signature: str
    texts: dict[str, str]
    changed: set[str] | None = None
    skipped: set[str] = field(default_factory=set)

    @property
    def partial(self) -> bool:
        return self.changed is not None


@dataclass(frozen=True)
class BuildSummary:
    """What the last good build did (the tests read it)."""

    partial: bool
    skipped: int


class QuickPreview:
    """Lives for the whole ``mkdocs serve`` session (one object per process, like the conversion cache)."""

    def __init__(self) -> None:
        self.served: Path | None = None
        self.staging: Path | None = None
        self.last: BuiltSite | None = None
        self.last_summary = BuildSummary(False, 0)
        self.plan: Plan | None = None
        self.counter = WarningCounter()
        self.strict = False
        #: this build's search indexing, started once the build is in the served folder
        self.search_job: SearchJob | None = None
        self.search_generation = 0
        #: clear while a rebuild runs: the search indexing under way waits (see :meth:`index_later`)
        self.not_building = threading.Event()
        self.not_building.set()
        self.search_threads: list[threading.Thread] = []
        self.search_lock = threading.Lock()
        self._quiet = LeftOutPageNotes()
        self._threshold: tuple[int, ...] | None = None
        #: the theme's templates compiled once a session, not once a rebuild (a third of a second)
        self.compiled_templates = CompiledTemplates()

    # --- the session ------------------------------------------------------------------------------------

    def start_session(self) -> None:
        """``on_startup`` of ``mkdocs serve``: nothing is known of the served folder yet."""
        self.close_session()
        self.served = self.staging = None
        self.last = None

    def close_session(self) -> None:
        """``on_shutdown``: the search indexing under way ends, the staging folder goes (MkDocs removes
        the served one)."""
        self.not_building.set()
        self.wait_for_search()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        self.plan = None
        self.search_job = None
        logging.getLogger("mkdocs").removeHandler(self.counter)
        self._collect_as_usual()

    @property
    def partial(self) -> bool:
        return self.plan is not None and self.plan.partial

    def skips(self, file: File) -> bool:
        return self.plan is not None and file.src_uri in self.plan.skipped

    # --- one build ----------------------------------------------------------------------------------------

    def start(self, config: MkDocsConfig, signature: str, texts: dict[str, str]) -> None:
        """``on_config``: build into the staging folder; rebuild everything unless only chapter texts changed."""
        served = Path(config.site_dir).resolve()
        if served != self.served:  # a new session, or another folder: nothing in it is ours yet
            self.close_session()
            self.served, self.last = served, None
            self.staging = served.with_name(served.name + "-next")
        assert self.staging is not None
        self._count_warnings()  # again: a new session's start removed the counter
        config.site_dir = str(self.staging)
        self.strict = bool(config.strict)
        self.plan = Plan(signature, texts)
        if self.last is not None and self.last.signature == signature:
            self.plan.changed = {uri for uri, digest in texts.items() if self.last.texts.get(uri) != digest}

    def choose_pages(self, files: Files, rebuilt: Iterable[str], whole_manual: Iterable[str]) -> None:
        """``on_files``: tell MkDocs to skip every page and file a partial build does not remake.

        ``rebuilt``: the pages of the changed chapters; ``whole_manual``: pages made from the whole manual.
        """
        plan = self.plan
        if plan is None or not plan.partial or self.last is None:
            return
        keep = set(rebuilt) | set(whole_manual)
        for file in files:
            if file.src_uri in keep or not file.inclusion.is_in_serve():
                continue
            if file.is_documentation_page() and file.src_uri not in self.last.shells:
                plan.changed = None  # a page the last build did not make: make them all
                plan.skipped.clear()
                return
            plan.skipped.add(file.src_uri)
        for file in files:
            if file.src_uri in plan.skipped:
                file.inclusion = InclusionLevel.EXCLUDED
        self._quiet.leave_out(plan.skipped)
        log.info(f"Only the text of {len(plan.changed or ())} chapter(s) changed: rebuilding their pages and the "
                 f"pages made from the whole manual; {len(plan.skipped)} other pages and files stay as they were.")

    def restore_skipped(self, files: Files) -> None:
        """``on_nav``: give each skipped page in the navigation what other pages read of it (the others get
        a page only when a rebuilt page links to them: see :meth:`restore_link_targets`)."""
        if not self.partial or self.last is None:
            return
        for file in files.documentation_pages(inclusion=lambda _: True):
            if file.page is not None and file.src_uri in self.plan.skipped:  # type: ignore[union-attr]
                self.last.shells[file.src_uri].restore(file.page, files)

    def restore_link_targets(self, page: Page, files: Files, config: MkDocsConfig) -> None:
        """``on_post_page`` of a rebuilt page: the skipped pages it links to with an anchor, so that MkDocs
        checks those anchors (it skips links to a file that has no page)."""
        if not self.partial or self.last is None:
            return
        for target in list(page.links_to_anchors or {}):
            if target.page is None and target.src_uri in self.plan.skipped:  # type: ignore[union-attr]
                self.last.shells[target.src_uri].restore(Page(None, target, config), files)

    def check_links_from_skipped(self, files: Files, config: MkDocsConfig) -> None:
        """MkDocs checks the anchors of links only on the pages it built; a skipped page's links into a
        rebuilt page are checked here, with MkDocs' own words, so that a save never hides a broken link."""
        if not self.partial or self.last is None:
            return
        level = config.validation.links.anchors
        skipped = self.plan.skipped  # type: ignore[union-attr]
        broken: list[tuple[str, str, str, str]] = []
        for target_uri, sources in self.last.inbound.items():
            target = files.src_uris.get(target_uri)
            if target_uri in skipped or target is None or target.page is None:
                continue  # neither page changed: MkDocs checked these links when both were made
            present = target.page.present_anchor_ids
            for src_uri, anchors in sources.items():
                if src_uri in skipped and present is not None:
                    broken += [(src_uri, target_uri, anchor, link) for anchor, link in anchors.items()
                               if anchor not in present]
        for src_uri, target_uri, anchor, link in sorted(broken, key=lambda found: found[:2]):
            log.log(level, f"Doc file '{src_uri}' contains a link '{link}', but the doc "
                           f"'{target_uri}' does not contain an anchor '#{anchor}'.")

    def search_order(self, files: Files) -> list[str] | None:
        """In a partial build, the URL of every page in the order a full build indexes them (else None)."""
        if not self.partial:
            return None
        return [page_url(f) for f in files.documentation_pages(inclusion=lambda i: True)
                if f.inclusion.is_in_serve() or f.src_uri in self.plan.skipped]  # type: ignore[union-attr]

    def previous_search_entries(self) -> dict[str, list[dict[str, Any]]]:
        return self.last.search_entries if self.last is not None and self.partial else {}

    def begin(self) -> None:
        """The start of a rebuild (``on_config``): count its warnings (a strict build with any is not
        shown), and run Python's collector less often until it ends."""
        self.counter.count = 0
        self.not_building.clear()
        self._count_warnings()
        if self._threshold is None:
            self._threshold = gc.get_threshold()
            gc.set_threshold(max(self._threshold[0], YOUNG_OBJECTS_PER_COLLECTION), *self._threshold[1:])

    def _count_warnings(self) -> None:
        logger = logging.getLogger("mkdocs")
        if self.counter not in logger.handlers:
            logger.addHandler(self.counter)

    def _collect_as_usual(self) -> None:
        if self._threshold is not None:
            gc.set_threshold(*self._threshold)
            self._threshold = None

    def finish(self, files: Files, search_entries: dict[str, list[dict[str, Any]]] | None,
               copied: set[str] | frozenset[str] = frozenset()) -> bool:
        """``on_post_build``, last: move the new files into the served folder if the build is good.

        ``copied``: pages written straight from the frozen cache, left out of MkDocs' loop but in the site."""
        self._quiet.remove()
        self._collect_as_usual()
        self.not_building.set()
        plan, self.plan = self.plan, None
        if plan is None or self.served is None or self.staging is None:
            return False
        if self.strict and self.counter.count:
            log.error("The build had warnings in strict mode; the preview shows the last good build.")
            return False
        _publish(self.staging, self.served, partial=plan.partial)
        kept = plan.partial and self.last is not None
        shells = dict(self.last.shells) if kept else {}  # type: ignore[union-attr]
        inbound = self.last.inbound if kept else {}  # type: ignore[union-attr]
        for file in files.documentation_pages(inclusion=lambda _: True):
            if file.page is not None and file.src_uri not in plan.skipped and \
                    (file.inclusion.is_in_serve() or file.src_uri in copied):
                _link_inbound(inbound, file.src_uri, shells.get(file.src_uri), remove=True)
                shells[file.src_uri] = PageShell.of(file.page)
                _link_inbound(inbound, file.src_uri, shells[file.src_uri])
        self.last = BuiltSite(plan.signature, plan.texts, shells, search_entries or {}, inbound)
        self.last_summary = BuildSummary(plan.partial, len(plan.skipped))
        self._start_search_job()
        return True

    def failed(self) -> None:
        """``on_build_error``: the served folder keeps the last good build; the next save rebuilds all."""
        self._quiet.remove()
        self._collect_as_usual()
        self.not_building.set()
        self.plan = None
        self.search_job = None

    # --- search, indexed after the page is shown ----------------------------------------------------------

    def index_later(self, make: SearchJob) -> None:
        """Make the search index once the build is in the served folder, without holding the preview up.

        ``make(folder, checkpoint)`` writes the word index into ``folder`` and returns a line for the log,
        calling ``checkpoint()`` every few records. Indexing takes seconds at 1,000 chapters, most of a
        rebuild that changed one chapter: the saved page is shown first and the search finds its new words
        a few seconds later. If the editor saves again meanwhile, the indexing waits while the rebuild runs
        (the two would share one interpreter, and the editor waits for the rebuild), and stops once that
        rebuild is in the served folder, whose own index replaces it; if that rebuild fails, it goes on.
        """
        self.search_job = make

    def _start_search_job(self) -> None:
        make, self.search_job = self.search_job, None
        if make is None or self.served is None:
            return
        self.search_generation += 1
        generation, served = self.search_generation, self.served
        work = served.with_name(f"{served.name}-search-{generation}")

        def checkpoint() -> None:
            BUILDS.wait_until_quiet(SAVE_WAIT_SECONDS)  # the watcher saw a save: its build is moments away
            self.not_building.wait(timeout=BUILD_WAIT_SECONDS)
            if generation != self.search_generation:
                raise _Replaced

        def run() -> None:
            try:
                said = make(work / "search-index", checkpoint)
                with self.search_lock:
                    if generation == self.search_generation and served.is_dir():
                        replace_folder(work / "search-index", served / "search-index")
                        log.info(said)
            except _Replaced:
                log.debug("A newer preview's search index replaces the one under way.")
            except Exception as error:  # noqa: BLE001 - reported, never raised into the server's thread
                log.error(f"The preview's search index was not updated: {error}")
            finally:
                shutil.rmtree(work, ignore_errors=True)

        self.search_threads = [t for t in self.search_threads if t.is_alive()]
        thread = threading.Thread(target=run, name=f"procedures-search-{generation}", daemon=True)
        self.search_threads.append(thread)
        thread.start()

    def wait_for_search(self) -> None:
        """Until the search indexing under way has finished (when the server stops, and in tests)."""
        for thread in self.search_threads:
            thread.join(timeout=600)
        self.search_threads = []


def _link_inbound(inbound: dict[str, dict[str, dict[str, str]]], src_uri: str, shell: PageShell | None,
                  remove: bool = False) -> None:
    """Add the links of the page ``src_uri`` (as ``shell`` holds them) to ``inbound``, or take them out."""
    for target_uri, anchors in ((shell.links_to_anchors or {}) if shell is not None else {}).items():
        if remove:
            inbound.get(target_uri, {}).pop(src_uri, None)
        else:
            inbound.setdefault(target_uri, {})[src_uri] = anchors


class _Replaced(Exception):
    """The search index under way is for a preview that a newer one has replaced."""


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates kept in memory: Jinja checks each against its template's source."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def page_url(file: File) -> str:
    """The page's URL as :attr:`Page.url` gives it (the home page's is empty), before its page exists."""
    return "" if file.url in (".", "./") else file.url


def _publish(staging: Path, served: Path, partial: bool) -> None:
    """Move the staging folder's files into the served folder, each replaced at once (a reader never sees
    half a file). A full build also removes what it did not write; a partial one keeps the files it
    skipped and the last full build's sitemap."""
    written: set[str] = set()
    served.mkdir(parents=True, exist_ok=True)
    for name in WHOLE_FOLDERS:
        if (staging / name).is_dir():
            replace_folder(staging / name, served / name)
    for source, relative in _files_under(staging):
        if partial and relative in WHOLE_SITE_FILES:
            continue
        target = served / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        written.add(relative)
    if not partial:
        for path, relative in list(_files_under(served)):
            if relative not in written and relative.split("/", 1)[0] not in WHOLE_FOLDERS:
                path.unlink()
    shutil.rmtree(staging, ignore_errors=True)


def _files_under(root: Path) -> Iterator[tuple[Path, str]]:
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            yield path, path.relative_to(root).as_posix()


def site_signature_and_texts(config: MkDocsConfig, roots: Iterable[Path],
                             chapters: Iterable[Chapter], extra: str) -> tuple[str, dict[str, str]]:
    """The site signature (see the module's notes) and each published chapter's text digest.

    ``roots``: the folders and files whose every file counts; ``extra``: anything else the pages show
    that no file holds (the build date, the area).
    """
    by_path = {os.path.abspath(chapter.source_path): chapter for chapter in chapters}
    texts: dict[str, str] = {}
    digest = hashlib.sha256(extra.encode())
    paths = ([os.path.abspath(config.config_file_path)] if config.config_file_path else []) + [
        path for root in roots for path in _all_files(Path(os.path.abspath(root)))]
    for path in sorted(set(paths)):
        chapter = by_path.get(path)
        signed = _SIGNED.get(path, lambda: _signed_state(path, chapter))
        if signed.chapter is not chapter:  # read as another chapter (an area's copy) or as a plain file
            signed = _signed_state(path, chapter)
        if chapter is not None:
            texts[chapter.src_uri] = signed.text
        digest.update(f"{path}\0".encode() + signed.state)
    return digest.hexdigest(), texts


@dataclass(frozen=True)
class _Signed:
    """What one file adds to the site signature, and the digest of a chapter's text."""

    chapter: Chapter | None
    state: bytes
    text: str


#: Each file's part of the signature, kept while the file is unchanged (see ``reading.unchanged_files``):
#: reading every file of the manual at every save was a seventh of a rebuild.
_SIGNED: FileMemo[_Signed] = FileMemo()


def _signed_state(path: str, chapter: Chapter | None) -> _Signed:
    data = _file_state(path)
    text = ""
    if chapter is not None:
        data, text = _chapter_parts(data, chapter)
    return _Signed(chapter, hashlib.sha256(data).digest(), text)


def _chapter_parts(data: bytes, chapter: Chapter) -> tuple[bytes, str]:
    """What of a chapter file counts for every page (its front matter, its anchors and paragraph numbers),
    and the digest of its text, which counts only for its own pages."""
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    if not chapter.body or not text.endswith(chapter.body):
        return data, ""  # cannot tell its text apart: the whole file counts for every page
    outline = chapter.outline
    shape = "\n".join([text[: len(text) - len(chapter.body)],
                       *sorted(outline.heading_anchors), "\0", *sorted(outline.explicit_anchors), "\0",
                       *sorted(outline.item_anchors), "\0", *sorted(outline.paragraphs)])
    return shape.encode(), hashlib.sha256(chapter.body.encode()).hexdigest()


def _file_state(path: str) -> bytes:
    """What of a file counts: the bytes of a regular file of reasonable size; for anything else, what shows
    it changed, without following a link (it may lead out of the project), opening a pipe or a device
    (reading would wait forever) or reading a large file at every save."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return f"\0link {os.readlink(path)} {info.st_mtime_ns}".encode()
        if not stat.S_ISREG(info.st_mode) or info.st_size > READ_LIMIT:
            return f"\0file {info.st_mode} {info.st_size} {info.st_mtime_ns}".encode()
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since it was looked at
                return b"\0changed"
            return handle.read(READ_LIMIT + 1)
    except OSError:
        return b"\0unreadable"


def _all_files(root: Path) -> list[str]:
    if root.is_file():
        return [str(root)]
    if not root.is_dir():
        return []
    return [os.path.join(folder, name) for folder, _, names in os.walk(root) for name in names]


#: One per process: the plugins' instances last the whole ``mkdocs serve`` session.
PREVIEW = QuickPreview()
