"""The ``procedures`` MkDocs plugin: chapters from ``procedures/`` as London-format pages.

Each event is small and hands the work to :mod:`safeguarding_manual.core`.
"""

from __future__ import annotations

import hashlib
import os
from html import unescape
from pathlib import Path
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ...core.areas.glossary import site_glossary
from ...core.areas.settings import load_area
from ...core.content import Content, load_content
from ...core.dates import build_date
from ...core.glossary.entries import Glossary
from ...core.history.archive import chapter_version_start, version_url
from ...core.history.feed import atom_feed
from ...core.history.paragraphs import keep_alignments_in
from ...core.history.permanent import permanent_copy
from ...core.history.versions import HistoryPage
from ...core.manual.model import Chapter, Manual, Release
from ...core.pages.amendments import AMENDMENTS_SRC_URI, amendments_markdown
from ...core.pages.chapter import NAV_STATUS_LABELS, chapter_footer, chapter_header, nav_status
from ...core.pages.change_marks import change_marks, marks_switch, renumbering_notes
from ...core.pages.citations import citation_text, fill_paragraph_placeholders
from ...core.pages.on_a_date import (
    HISTORY_FILE,
    ON_A_DATE_SRC_URI,
    history_json,
    index_html,
    index_markdown,
    release_html,
    release_markdown,
    release_src_uri,
)
from ...core.pages.contents import (
    home_status,
    part_contents_markdown,
    under_review_list,
    whats_new,
)
from ...core.pages.local_content import (
    LOCAL_CONTACTS_SRC_URI,
    LOCAL_NOTES_SRC_URI,
    local_chapter_label,
    local_contacts_html,
    local_notes_html,
    note_amendments,
    notes_for,
)
from ...core.pages.redirects import redirect_page, redirects
from ...core.pages.reviews import REVIEWS_SRC_URI, reviews_markdown
from ...core.pages.search_entries import Paragraphs, former_names, paragraph_entries
from ...core.reading.packed_text import hold_unpacked
from ...core.reading.problems import ContentError, ProblemList
from ...core.safe_html.csp import policy_meta
from ...core.safe_html.escape import escape, html_ready, markdown_heading_text
from ...core.thresholds.page import age_page_url, thresholds_html
from ...core.urls import redirect_url_problem, relative_url
from ...markdown_ext.captions import CaptionsExtension
from ...markdown_ext.github_preview import GitHubPreviewExtension
from ...markdown_ext.numbered_paragraphs import NumberedParagraphsExtension
from ...markdown_ext.phone_links import PhoneLinksExtension
from ..assets import add_asset_files, register_assets
from ..anchor_links import drop_confirmed_everywhere, drop_confirmed_links, pages_of, release_links
from ..areas import chosen_area, present_area
from ..atomic import AtomicSiteDir
from ..conversion_cache import CONVERSIONS
from ..disk_cache import DiskStore, SignedStore, cache_folder, code_signature
from ..frozen_pages import FrozenPages, PageStore, default_folder
from ..page_spool import PageSpool
from ..quick_preview import PREVIEW, site_signature_and_texts
from ..theme_files import list_visible_theme_files
from ..watching import wait_while_building
from ..search_cache import cache_search_entries
from ..search_index import (SEARCH_FOLDER, SearchIndexError, amend_search_index, hand_over_to_word_index,
                            make_search_folder, word_index_wanted)
from .config import ProceduresConfig
from .navigation import default_nav
from .safety import WITHHELD_CONTENT, PageSafety
from .skip_link import point_skip_link
from .time_budget import ConversionTimeBudget

log = get_plugin_logger(__name__)
#: A chapter's own search entry counts double, so that its ID finds it before its paragraphs ("CP2(A) 1.1").
CHAPTER_BOOST = 2
#: Headings of what we put around a chapter (kept out of search by data-search-exclude, all but their titles).
PAGE_FURNITURE_IDS = frozenset({"amendment-title", "review-banner-title", "withdrawn-banner-title", "superseded-title",
                                "related-title", "versions-title", "threshold-contents-title", "renumbered-title"})

#: The template of frozen pages: the site's header and footer, a short fixed navigation, no site navigation.
RECORD_TEMPLATE = "record.html"

#: Files under procedures/ that are content, not media to copy.
MEDIA_SKIP = {".md", ".yml", ".yaml"}

#: Markers an editor may put in ``docs/`` pages; replaced with generated blocks.
MARKERS = {
    "<!-- procedures:home-status -->": home_status,
    "<!-- procedures:whats-new -->": whats_new,
    "<!-- procedures:under-review -->": under_review_list,
}


class ProceduresPlugin(BasePlugin[ProceduresConfig]):
    """Publishes the chapters under ``procedures/`` with numbering, banners and contents pages."""

    def __init__(self) -> None:
        self.manual: Manual | None = None
        self.content: Content | None = None
        self.chapters_by_uri: dict[str, Chapter] = {}
        self.history_pages: dict[str, HistoryPage] = {}
        #: source of each threshold age page -> its age group (made in on_files)
        self.threshold_age_pages: dict[str, str] = {}
        #: source of each page showing the manual on a release's day -> the release (made in on_files)
        self.release_pages: dict[str, Release] = {}
        #: generated pages made only from what the preview's site signature covers (front matter, archives,
        #: settings, the date; not chapters' text): a save that changed only text leaves them as they were
        self.signature_pages: set[str] = set()
        #: while serving, their Markdown, kept for as long as the site signature stays what it was made from
        self._signature_markdown: tuple[str, dict[str, str]] = ("", {})
        #: chapter source -> its converted HTML (placeholders unfilled), paragraph numbers and contents, from
        #: this build: the current version's permanent page reuses them instead of converting the text again
        self.converted_chapters: dict[str, tuple[str, list[str], Any]] = {}
        #: chapters whose current version's permanent page is copied from the frozen cache (not made again)
        self.copied_current: set[str] = set()
        #: page URL -> its chapter and numbered paragraphs (number, text), made into search entries only when
        #: the index is (a dict per paragraph held all build long was 15 MB at 1,000 chapters), waiting in the
        #: build's temporary file (``PageSpool.hold_pairs``); kept across `serve --dirty` rebuilds
        self.paragraphs_for_search: dict[str, tuple[Chapter, Paragraphs]] = {}
        self.dirty = False
        self.atomic: AtomicSiteDir | None = None
        self.is_serving = False
        self.use_conversion_cache = False
        self.disk_stores: dict[str, DiskStore] = {}
        #: Chapters listed in the generated navigation (None: the user wrote their own nav).
        self.chapters_in_nav: set[str] | None = None
        self.safety = PageSafety(Path("."))
        self.time_budget = ConversionTimeBudget()
        self.frozen = FrozenPages(None)
        self.area_key: str | None = None
        #: the theme's search index (see ``search_cache``), None without the theme's search
        self.theme_search: Any = None
        self.files: Files | None = None
        #: pages' finished HTML between conversion and rendering, in a temporary file (see ``page_spool``)
        self.spool = PageSpool()
        #: the page converted last, spooled when the next is read (MkDocs sets its HTML after on_page_content)
        self.page_to_spool: Page | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serving = command == "serve"
        self.dirty = dirty
        hold_unpacked(self.is_serving)  # every save reloads and compares every text: speed over memory
        if self.is_serving:
            PREVIEW.start_session()

    def on_shutdown(self) -> None:
        """The end of ``mkdocs serve``: the search indexing under way finishes, and a build after this
        (in the same process, as in tests) is a build, not a preview."""
        PREVIEW.close_session()
        self.is_serving = False
        hold_unpacked(False)

    @property
    def quick_preview(self) -> bool:
        """Whether saves rebuild only what they change (see ``quick_preview``): ``mkdocs serve``, not ``--dirty``."""
        return self.is_serving and not self.dirty and self.config.quick_preview

    @property
    def partial_rebuild(self) -> bool:
        """This build remakes only the pages of chapters whose text changed (see ``quick_preview``)."""
        return self.quick_preview and PREVIEW.partial

    @property
    def procedures_dir(self) -> Path:
        return Path(self.config_file_dir) / self.config.procedures_dir

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.config_file_dir = str(Path(config.config_file_path or ".").resolve().parent)
        if self.quick_preview:
            PREVIEW.begin()
        self.disk_stores = {kind: DiskStore(cache_folder(kind)) for kind in ("conversions", "search-entries",
                                                                              "clean-html", "alignments")} \
            if self.config.conversion_cache else {}
        keep_alignments_in(SignedStore(self.disk_stores["alignments"], code_signature())
                           if self.disk_stores else None)
        self.safety = PageSafety(Path(self.config_file_dir), self.disk_stores.get("clean-html"))
        self.time_budget = ConversionTimeBudget(self.config.page_time_limit)
        self.area_key = chosen_area(config, Path(self.config_file_dir))
        self.content = self._load(config)
        self.today = build_date()
        self.manual = self.content.manual
        if self.content.area is not None:
            present_area(config, self.content.area, self.manual.title)
        self.chapters_by_uri = {c.src_uri: c for c in self.manual.published_chapters}
        self.history_pages = {p.src_uri: p for p in self.content.history.pages()}
        self.converted_chapters = {}
        self.copied_current = set()
        self.numbering = NumberedParagraphsExtension()
        config.markdown_extensions.append(self.numbering)  # type: ignore[arg-type]
        config.markdown_extensions.append(CaptionsExtension())  # type: ignore[arg-type]
        _add_markdown_extensions(config)
        register_assets(config)
        list_visible_theme_files(config.theme)  # Material's 12,000 hidden icons are never copied: not listed
        config.extra["status"] = {**NAV_STATUS_LABELS, **(config.extra.get("status") or {})}
        _use_own_tooltips(config)
        CONVERSIONS.use(in_memory=self.is_serving and self.config.serve_cache, store=self.disk_stores.get("conversions"))
        # Always: besides reusing stored entries, it keeps the words of table cells apart (see search_cache).
        self.theme_search = cache_search_entries(config, self.disk_stores.get("search-entries"))
        if self.theme_search is not None:
            self.theme_search.finishers.append(self._finished_search_entries)
            self.theme_search.hand_over = word_index_wanted()
        self.use_conversion_cache = CONVERSIONS.active
        if self.use_conversion_cache:
            CONVERSIONS.join(config, "procedures", self.numbering, _manual_signature(self.manual))
        if config.nav is None:
            config.nav = default_nav(self.manual, _docs_pages(config), self.config.nav_chapter_limit,
                                     local=self.content.area is not None)
            self.chapters_in_nav = _nav_sources(config.nav)
        if self.config.atomic_build and not self.is_serving and not self.dirty:
            self.atomic = AtomicSiteDir(config.site_dir, bool(config.strict))
            config.site_dir = str(self.atomic.staging)
        self.frozen = FrozenPages(PageStore(default_folder()) if self.config.frozen_cache else None)
        self.frozen.start(config, self.is_serving)
        if self.quick_preview:
            PREVIEW.start(config, *self._site_signature(config))
            if PREVIEW.partial:
                CONVERSIONS.keep_unused()
        if not self.dirty and not self.partial_rebuild:
            self.paragraphs_for_search = {}
        self.page_to_spool = None
        self.spool.close()
        if self.config.spool_pages and not self.is_serving:  # a serving rebuild keeps pages for the next one
            self.spool.open()
        return config

    def _site_signature(self, config: MkDocsConfig) -> tuple[str, dict[str, str]]:
        """Everything the site is made from, and each chapter's text apart (see ``quick_preview``)."""
        assert self.manual is not None and self.content is not None
        glossary = getattr(getattr(config.plugins.get("glossary"), "config", None), "file", None)
        roots = [Path(config.docs_dir), self.procedures_dir, *(Path(w) for w in config.watch),
                 *([Path(self.config_file_dir) / glossary] if glossary else []),
                 *([self.content.area.folder] if self.content.area is not None else []),
                 *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])]
        extra = f"{self.today}\0{self.area_key}\0{config.site_url}"
        return site_signature_and_texts(config, roots, self.chapters_by_uri.values(), extra)

    def _load(self, config: MkDocsConfig) -> Content:
        """Validate every file first, so a bad edit stops the build before anything is written."""
        glossary_problems = ProblemList(Path(self.config_file_dir))
        glossary = self._read_glossary(config, glossary_problems)
        try:
            return load_content(self.procedures_dir, project_root=Path(self.config_file_dir),
                                other_pages=_docs_pages(config),
                                glossary_anchors=glossary.anchors() if glossary is not None else None,
                                area=self.area_key)
        except ContentError as error:
            problems = error.problems + glossary_problems.problems  # a stopped build still lists every mistake
            for problem in sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message)):
                log.error(problem.format())
            raise PluginError(f"{len(problems)} problem(s) in the procedures content; "
                              "each is listed above as file:line: message.") from None

    def _read_glossary(self, config: MkDocsConfig, problems: ProblemList) -> Glossary | None:
        """The glossary, when the glossary plugin is on: its anchors are link targets for chapters.

        Its problems are only reported here if the chapters' problems stop the build first; otherwise
        the glossary plugin reports them.
        """
        plugin = config.plugins.get("glossary")
        file = getattr(getattr(plugin, "config", None), "file", None)
        if not file:
            return None
        project = Path(self.config_file_dir)
        area = load_area(project, self.area_key, ProblemList(project)) if self.area_key else None
        return site_glossary(project / file, area, problems)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.manual is not None
        for chapter in self.manual.published_chapters:
            # Real files (not generated content) so that `mkdocs serve --dirty` rebuilds only what changed.
            inclusion = InclusionLevel.UNDEFINED if self._in_nav(chapter) else InclusionLevel.NOT_IN_NAV
            _add(files, File(chapter.src_uri, str(chapter.root or self.procedures_dir), config.site_dir,
                             config.use_directory_urls, inclusion=inclusion))
        self.signature_pages = set()
        for part in self.manual.parts:
            _add(files, File.generated(config, part.contents_src_uri, content=self._signature_page(
                part.contents_src_uri, lambda part=part: part_contents_markdown(part, self.manual, self.today))))
        assert self.content is not None
        for page in self.history_pages.values():
            source = self.content.history.source_path(page)
            _add(files, File.generated(config, page.src_uri, abs_src_path=str(source),
                                       inclusion=InclusionLevel.NOT_IN_NAV))
        self._add_threshold_age_pages(files, config)
        self._add_point_in_time_pages(files, config)
        if files.get_file_from_path(REVIEWS_SRC_URI) is None:
            _add(files, File.generated(config, REVIEWS_SRC_URI, content=self._signature_page(
                REVIEWS_SRC_URI, lambda: reviews_markdown(self.manual, self.today))))
        if files.get_file_from_path(AMENDMENTS_SRC_URI) is None:
            _add(files, File.generated(config, AMENDMENTS_SRC_URI, content=self._signature_page(
                AMENDMENTS_SRC_URI, lambda: amendments_markdown(self.manual, version_links=self.content.history,
                                                                notes=note_amendments(self.content.notes, self.manual)))))
        self._add_local_pages(files, config)
        self._add_media_files(files, config)
        add_asset_files(files, config)
        self.safety.check_docs_files(files, Path(config.docs_dir).resolve())
        self._stop_on_problems("before any page was read")
        if self.partial_rebuild:
            self._skip_unchanged_pages(files)
        self.files = files
        return files

    def _skip_unchanged_pages(self, files: Files) -> None:
        """A save that changed only chapters' text: their pages, and the pages made from the whole manual
        that may show text (the glossary's "Used in" lists, the thresholds' age groups, the site's own
        pages), not those made only from what the signature covers (contents, amendments, reviews, the
        manual on a date)."""
        assert PREVIEW.plan is not None and PREVIEW.plan.changed is not None
        changed = PREVIEW.plan.changed
        rebuilt = changed | {uri for uri, page in self.history_pages.items() if page.chapter.src_uri in changed}
        whole_manual = {file.src_uri for file in files.documentation_pages(inclusion=lambda _: True)
                        if file.src_uri not in self.chapters_by_uri and file.src_uri not in self.history_pages
                        and file.src_uri not in self.signature_pages}
        PREVIEW.choose_pages(files, rebuilt, whole_manual)

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.use_conversion_cache:
            CONVERSIONS.settle_signature(config, files)
        self._copy_stored_frozen_pages(config, files)
        if not self.quick_preview:
            return nav
        PREVIEW.restore_skipped(files)
        if self.theme_search is not None:
            self.theme_search.order = PREVIEW.search_order(files)
            self.theme_search.previous = PREVIEW.previous_search_entries()
        return nav

    def _citation(self, page: Page, config: MkDocsConfig) -> Callable[[str], str] | None:
        """How to cite a paragraph of this page: chapters and their versions, at the version's permanent address."""
        assert self.manual is not None and self.content is not None
        history_page = self.history_pages.get(page.file.src_uri)
        chapter = history_page.chapter if history_page is not None else self.chapters_by_uri.get(page.file.src_uri)
        if chapter is None:
            return None
        if history_page is not None:
            cited = self.content.history.cited_version(history_page)
            if cited is None:
                return None
            chapter_id, title, number, in_force = cited
        else:
            chapter_id, title, number, in_force = chapter.id, chapter.title, chapter.version, chapter_version_start(chapter)
        address = version_url(chapter, number)
        address = (config.site_url.rstrip("/") + "/" + address) if config.site_url else "/" + address
        manual_title = self.manual.title
        return lambda paragraph: citation_text(manual_title, chapter_id, title, paragraph, number, in_force, address)

    def _is_reused_copy(self, page: Page) -> bool:
        history_page = self.history_pages.get(page.file.src_uri)
        return (history_page is not None and history_page.kind == "current"
                and history_page.chapter.src_uri in self.converted_chapters)

    def _permanent_copy(self, page: Page) -> tuple[str, list[str], Any]:
        """The current version's permanent page: the chapter's converted text, its addresses rebased."""
        history_page = self.history_pages[page.file.src_uri]
        html, numbers, toc = self.converted_chapters.pop(history_page.chapter.src_uri)
        return permanent_copy(html), numbers, toc

    def _change_marks(self, page: Page) -> dict[str, str] | None:
        """On a chapter's page: a mark on each paragraph its latest version changed, read from the texts."""
        assert self.content is not None
        chapter = self.chapters_by_uri.get(page.file.src_uri)
        if chapter is None or not self.config.change_marks:
            return None
        changes = self.content.history.paragraph_changes(chapter, chapter.version)
        return change_marks(chapter, changes, page.url) if changes is not None else None

    def _add_local_pages(self, files: Files, config: MkDocsConfig) -> None:
        """On an area's site: its contacts, and the record of its notes on regional chapters."""
        assert self.content is not None
        area = self.content.area
        if area is None:
            return
        for src_uri, title in ((LOCAL_CONTACTS_SRC_URI, f"Local contacts: {area.name}"),
                               (LOCAL_NOTES_SRC_URI, f"Local notes: {area.name}")):
            if files.get_file_from_path(src_uri) is None:
                _add(files, File.generated(config, src_uri, content=f"# {markdown_heading_text(title)}\n"))

    def _local_page(self, html: str, page: Page) -> str | None:
        """The body of an area's generated local pages (None: not one of them)."""
        assert self.content is not None and self.manual is not None
        area = self.content.area
        if area is None or not page.file.generated_by:
            return None
        if page.file.src_uri == LOCAL_CONTACTS_SRC_URI:
            return html + local_contacts_html(area)
        if page.file.src_uri == LOCAL_NOTES_SRC_URI:
            return html + local_notes_html(self.content.notes, self.manual, page.url)
        return None

    def _add_point_in_time_pages(self, files: Files, config: MkDocsConfig) -> None:
        """The manual on a date: the form page, a static page per release, and the data for the form."""
        assert self.manual is not None and self.content is not None
        history = self.content.history
        if files.get_file_from_path(ON_A_DATE_SRC_URI) is None:
            _add(files, File.generated(config, ON_A_DATE_SRC_URI, content=self._signature_page(ON_A_DATE_SRC_URI, index_markdown)))
        for release in self.manual.releases:
            src_uri = release_src_uri(release)
            _add(files, File.generated(config, src_uri, inclusion=InclusionLevel.NOT_IN_NAV, content=self._signature_page(
                src_uri, lambda release=release: release_markdown(release))))
        data_uri = ON_A_DATE_SRC_URI.replace("index.md", HISTORY_FILE)
        _add(files, File.generated(config, data_uri, content=self._signature_page(
            data_uri, lambda: history_json(self.manual, history))))
        self.release_pages = {release_src_uri(release): release for release in self.manual.releases}

    def _signature_page(self, src_uri: str, make: Callable[[], str]) -> str:
        """The Markdown of a generated page made only from what the site signature covers (see
        ``signature_pages``); while serving, made again only when the signature changed."""
        self.signature_pages.add(src_uri)
        plan = PREVIEW.plan if self.quick_preview else None
        if plan is None:
            return make()
        if self._signature_markdown[0] != plan.signature:
            self._signature_markdown = (plan.signature, {})
        kept = self._signature_markdown[1]
        if src_uri not in kept:
            kept[src_uri] = make()
        return kept[src_uri]

    def _add_threshold_age_pages(self, files: Files, config: MkDocsConfig) -> None:
        """One page of the matrix per age group: filtering that works without JavaScript and can be shared."""
        assert self.manual is not None
        self.threshold_age_pages = {}
        chapter = self.manual.thresholds
        if chapter is None or chapter.thresholds is None:
            return
        for age_id, label in chapter.thresholds.age_groups:
            src_uri = age_page_url(chapter.url, age_id) + "index.md"
            self.threshold_age_pages[src_uri] = age_id
            title = f"{chapter.display_title}: {label}"
            _add(files, File.generated(config, src_uri, content=f"# {markdown_heading_text(title)}\n",
                                       inclusion=InclusionLevel.NOT_IN_NAV))

    def _threshold_age_page(self, html: str, page: Page) -> str:
        assert self.manual is not None
        chapter = self.manual.thresholds
        assert chapter is not None and chapter.thresholds is not None
        age = self.threshold_age_pages[page.file.src_uri]
        back = escape(relative_url(page.url, chapter.url))
        note = (f'<p>This page shows the threshold document\'s indicators for one age group. '
                f'<a href="{back}">Read the whole threshold document</a> (version {chapter.version}).</p>')
        return html + note + thresholds_html(chapter.thresholds, page.url, self._chapter_link,  # type: ignore[arg-type]
                                             thresholds_url=chapter.url, age=age)

    def _stop_on_problems(self, when: str) -> None:
        """Report every safety problem found so far and stop the build (the last good site stays)."""
        problems = self.safety.sorted()
        if not problems:
            return
        for problem in problems:
            log.error(problem.format())
        raise PluginError(f"{len(problems)} problem(s) found {when}; each is listed above as file:line: message. "
                          "Nothing was published.")

    def _add_media_files(self, files: Files, config: MkDocsConfig) -> None:
        """Images and documents kept beside the chapters (the region's, and the area's own) are published with them."""
        assert self.content is not None
        self._add_media_from(self.procedures_dir, files, config)
        if self.content.area is not None and self.content.area.procedures_dir.is_dir():
            self._add_media_from(self.content.area.procedures_dir, files, config)

    def _add_media_from(self, root: Path, files: Files, config: MkDocsConfig) -> None:
        for relative, linked_folder in _entries_below(root):
            path = root / relative
            if linked_folder:  # refused if it leads out of the project
                self.safety.check_source_file(path, relative)
                continue
            if path.suffix.lower() not in MEDIA_SKIP and "_archive" not in relative.split("/") \
                    and not path.name.startswith("."):
                self.safety.check_source_file(path, relative)
                _add(files, File(relative, str(root), config.site_dir, config.use_directory_urls))

    def _on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.content is not None
        history_page = self.history_pages.get(page.file.src_uri)
        if history_page is not None:
            return self._history_page_markdown(history_page, page, files)
        chapter = self.chapters_by_uri.get(page.file.src_uri)
        if chapter is not None:
            page.meta.update(_page_meta(chapter))
            status = nav_status(chapter, self.manual, self.today)
            if status:
                page.meta["status"] = status
            else:
                page.meta.pop("status", None)  # the chapter's own status field is not a navigation icon
            page.edit_url = self._edit_url(config, chapter)
            return markdown
        if page.file.src_uri in self.threshold_age_pages or page.file.src_uri in self.release_pages:
            page.meta["search"] = {"exclude": True}  # the same text as another page: one search hit
            page.meta["glossary_links"] = False
        page.meta.update(_html_ready_meta(page.meta))
        for marker, block in MARKERS.items():
            if marker in markdown:
                markdown = markdown.replace(marker, block(self.manual, page.url))
        return markdown

    def _history_page_markdown(self, history_page: HistoryPage, page: Page, files: Files) -> str:
        """A frozen page: from the cache if it was made before with the same inputs, else its text to convert."""
        assert self.content is not None
        body = self._prepare_history_page(history_page, page)
        if self.frozen.look_up(page, self.content.history.page_fingerprint(history_page, page.url), body, files,
                               len(self.safety.problems.problems)):
            self.converted_chapters.pop(history_page.chapter.src_uri, None)
            return ""
        if history_page.kind == "current" and history_page.chapter.src_uri in self.converted_chapters:
            return ""  # the chapter's own conversion is reused (see _permanent_copy)
        return body

    def _prepare_history_page(self, history_page: HistoryPage, page: Page) -> str:
        """A frozen page's metadata and edit link, as its key and template need them; returns its Markdown."""
        assert self.content is not None
        history = self.content.history
        page.meta.update(_html_ready_meta(history.page_meta(history_page)))
        page.meta.update(template=RECORD_TEMPLATE, record_links=history.record_links(history_page, page.url))
        page.edit_url = None
        return history.page_body(history_page)

    def _copy_stored_frozen_pages(self, config: MkDocsConfig, files: Files) -> None:
        """``on_nav``: every frozen page whose finished HTML is stored is copied, not built (see frozen_pages).

        The page is read and prepared exactly as ``on_page_markdown`` would, so it is found under the key
        it was stored under; a page not found goes through MkDocs and is stored for next time."""
        assert self.content is not None
        if not self.frozen.worth_looking_up():
            return
        for src_uri, history_page in self.history_pages.items():
            file = files.src_uris.get(src_uri)
            if file is None or not file.inclusion.is_in_serve():
                continue  # skipped by a partial rebuild
            page = file.page or Page(None, file, config)  # MkDocs gives every page one when it makes the nav
            self.frozen.read_source(page, config)  # read again by MkDocs if the page is made after all
            body = self._prepare_history_page(history_page, page)
            fingerprint = self.content.history.page_fingerprint(history_page, page.url)
            page.markdown = ""  # the text is in the key; a page made after all is read again by MkDocs
            if self.frozen.copy_if_stored(page, fingerprint, body, files) and history_page.kind == "current":
                self.copied_current.add(history_page.chapter.src_uri)
        self.frozen.start_copying(self._outgoing)

    @event_priority(-100)  # after every other plugin has changed the Markdown
    def _look_up_conversion(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        sources = self._sources_of(page)
        self.time_budget.start(self.safety.problems.display_path(sources[0]) if sources else page.file.src_uri)
        if not self.use_conversion_cache or self.frozen.is_hit(page):  # a frozen page from its cache needs no other
            return markdown
        if self.frozen.store is not None and page.file.src_uri in self.history_pages:
            return markdown  # a frozen page made again is kept finished by the frozen cache; twice is waste
        return CONVERSIONS.before_conversion(markdown, page, config, files)

    on_page_markdown = CombinedEvent(_on_page_markdown, _look_up_conversion)

    @event_priority(100)  # before any plugin reads the HTML or our extensions' side results
    def _reuse_conversion(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.time_budget.stop()
        return CONVERSIONS.after_conversion(html, page, files) if self.use_conversion_cache else html

    def _on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.manual is not None and self.content is not None
        if self.frozen.is_hit(page):
            self.frozen.restore_links(page, files)
            return ""
        if not self.safety.check_converted(html, self._sources_of(page), self.numbering.generated_ids()):
            return WITHHELD_CONTENT
        numbers = [number for number, _ in self.numbering.collected]
        if page.file.src_uri in self.chapters_by_uri and page.file.src_uri not in self.copied_current:
            self.converted_chapters[page.file.src_uri] = (html, numbers, page.toc)
        elif not html and self._is_reused_copy(page):
            html, numbers, page.toc = self._permanent_copy(page)
        marks = self._change_marks(page)
        chapter = self.chapters_by_uri.get(page.file.src_uri)
        top_notes, notes_after = notes_for(chapter, self.content.notes, page.url) if chapter else ("", {})
        html = top_notes + fill_paragraph_placeholders(html, numbers, self._citation(page, config), marks, notes_after)
        if "title" not in page.meta and page.title:
            page.meta["title"] = html_ready(unescape(page.title))  # the first heading's text, for the templates
        history_page = self.history_pages.get(page.file.src_uri)
        if history_page is not None:
            header = self.content.history.page_header(history_page, page.url)
            old_matrix = self.content.history.version_thresholds(history_page)
            if old_matrix is not None:
                html += thresholds_html(old_matrix, page.url, self._chapter_link,  # type: ignore[arg-type]
                                        age_pages=False)
            return f'{header}\n<div class="chapter-body">{html}</div>'
        if page.file.src_uri in self.threshold_age_pages:
            return self._threshold_age_page(html, page)
        if page.file.src_uri in self.release_pages:
            return html + release_html(self.manual, self.content.history, self.release_pages[page.file.src_uri])
        if page.file.src_uri == ON_A_DATE_SRC_URI and page.file.generated_by:
            return html + index_html(self.manual, self.today, page.url)
        local_page = self._local_page(html, page)
        if local_page is not None:
            return local_page
        if chapter is None:
            return html
        if self.config.index_paragraphs:
            self.paragraphs_for_search[page.url] = (chapter, self.spool.hold_pairs(list(self.numbering.collected)))
        if chapter.thresholds is not None:
            html += thresholds_html(chapter.thresholds, page.url, self._chapter_link,  # type: ignore[arg-type]
                                    thresholds_url=chapter.url)
        header = local_chapter_label(chapter, self.content.area) + chapter_header(
            chapter, self.manual, page.url, self.today, config.site_url or "")
        switch = marks_switch(chapter, len(marks)) if marks else ""
        notes = renumbering_notes(chapter, self.content.history, page.url, chapter.outline.anchors)
        timeline = self.content.history.timeline(chapter, page.url, notes)
        footer = chapter_footer(chapter, self.manual, page.url, timeline)
        return f'{header}\n{switch}<div class="chapter-body">{html}</div>\n{footer}'

    @event_priority(-100)  # after every plugin has had the page; the frozen cache keeps its links first
    def _drop_confirmed_links(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.frozen.capture_links(page)
        if not self.is_serving:
            drop_confirmed_links(page)
        return html

    on_page_content = CombinedEvent(_reuse_conversion, _on_page_content, _drop_confirmed_links)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        self._spool_last_page()
        self.page_to_spool = page
        return page

    def _spool_last_page(self) -> None:
        """The page converted before this one: its HTML is final now, held in the spool until rendered."""
        if self.page_to_spool is not None and self.spool.is_open:
            self.spool.hold(self.page_to_spool)
        self.page_to_spool = None

    @event_priority(100)  # every page converted; spool the last before other plugins' on_env read pages
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._spool_last_page()
        if not self.is_serving:  # every page made: what is left for MkDocs' check are the broken links
            drop_confirmed_everywhere(pages_of(files))
        if self.quick_preview:  # compiled once while serving, not at every save
            env.bytecode_cache = PREVIEW.compiled_templates
        return env

    @event_priority(100)  # before the theme's search plugin and the template read the page's HTML
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        self.spool.take_back(page)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.partial_rebuild and self.files is not None:
            PREVIEW.restore_link_targets(page, self.files, config)
        if not self.frozen.is_hit(page):  # a frozen page from the cache was finished when it was made
            output = self.safety.finish_page(point_skip_link(output), self._sources_of(page), page.url)
        if not self.is_serving:
            release_content(page)
        return self._outgoing(self.frozen.finished(page, output, len(self.safety.problems.problems)))

    def _outgoing(self, html: str) -> str:
        """A finished page on its way out: `mkdocs serve` injects its own inline live-reload script, which the
        policy would block, so pages served go without it."""
        return _without_policy(html) if self.is_serving else html

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page carries the policy like every other page."""
        if not template_name.endswith(".html"):
            return output_content
        return self._outgoing(self.safety.finish_page(output_content, [Path(self.config_file_dir) / "mkdocs.yml"],
                                                      template_name))

    def _sources_of(self, page: Page) -> list[Path]:
        """The files a page is made from, where a problem in it can be found and fixed."""
        assert self.manual is not None and self.content is not None
        history_page = self.history_pages.get(page.file.src_uri)
        if history_page is not None:
            return [self.content.history.source_path(history_page)]
        chapter = self.chapters_by_uri.get(page.file.src_uri)
        if chapter is not None:
            return [chapter.source_path]
        if page.file.abs_src_path and not page.file.generated_by:
            return [Path(page.file.abs_src_path)]
        glossary = Path(self.config_file_dir) / "glossary.yml"
        return [self.procedures_dir / "manual.yml", *([glossary] if glossary.exists() else []),
                *(c.source_path for c in self.manual.chapters)]

    @event_priority(60)  # before the search index is made, the largest moment of a build's memory
    def _check_copied_links(self, *, config: MkDocsConfig) -> None:
        """The links of frozen pages copied from the cache, checked as MkDocs checked every other page's; then
        (unless serving, where the next rebuild reuses them) every page's anchors and links are let go."""
        self.frozen.wait_for_copies()
        if self.files is None:
            return
        self.frozen.check_links_of_copied(self.files, config.validation.links.anchors)
        if not self.is_serving:
            release_links(self.files)

    @event_priority(-100)  # after the search plugin has written its index
    def _post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        if self.use_conversion_cache:
            reused, converted = CONVERSIONS.build_summary()
            log.info(f"Converted {converted} page(s); reused the HTML of {reused} unchanged page(s).")
        for store in self.disk_stores.values():
            store.remove_unused()
        if self.frozen.store is not None:
            log.info(f"Frozen pages (archived versions, permanent addresses, comparisons): {self.frozen.reused} "
                     f"reused from {self.frozen.store.folder}, {self.frozen.made} made. "
                     f"{len(self.frozen.copied)} of those reused were copied without MkDocs' page loop.")
        self.frozen.finish(built=True)
        if self.partial_rebuild and self.files is not None:
            PREVIEW.check_links_from_skipped(self.files, config)
        self._write_redirects(site)
        self._stop_on_problems("in the built pages")
        assert self.manual is not None and self.content is not None
        feed = atom_feed(self.manual, self.content.history, config.site_url or "",
                         notes=note_amendments(self.content.notes, self.manual))
        (site / "feed.xml").write_text(feed, "utf-8")
        if self.theme_search is not None:  # our entries joined the theme's in memory (see search_cache)
            docs = self.theme_search.handed_over
        else:
            index = amend_search_index(site, self._finished_search_entries, write=not word_index_wanted())
            docs = hand_over_to_word_index(site, index) if word_index_wanted() else None
        self._index_for_search(config, docs)
        if self.theme_search is not None and not self.is_serving:
            self.theme_search.let_go()

    @event_priority(-100)  # last of all plugins: the glossary adds to the search index before the site is swapped in
    def _finish_site(self, *, config: MkDocsConfig) -> None:
        if self.spool.held:
            log.info(f"Held the HTML of {self.spool.held} page(s) ({self.spool.bytes / 1e6:.1f} MB) in a temporary "
                     "file from conversion until each was written, and the numbered paragraphs of "
                     f"{self.spool.pairs_held} chapter(s) until the search index was made.")
        self.spool.close()
        if self.quick_preview and self.files is not None:
            PREVIEW.finish(self.files, getattr(self.theme_search, "by_page", None), set(self.frozen.copied))
        if self.atomic is not None:
            if self.atomic.finish():
                log.info(f"Site written to {self.atomic.final}")
            else:
                log.error("The build had warnings in strict mode; the previous site was left in place.")

    on_post_build = CombinedEvent(_check_copied_links, _post_build, _finish_site)

    def on_build_error(self, *, error: Exception) -> None:
        self.time_budget.stop()
        self.spool.close()
        self.frozen.finish(built=False)
        if self.theme_search is not None:
            self.theme_search.close()  # its search workers, if it had any
        if self.quick_preview:
            PREVIEW.failed()
        if self.atomic is not None:
            self.atomic.discard()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server = wait_while_building(server)  # before our paths, which go to the new watcher
        server.watch(str(self.procedures_dir))
        if self.content is not None and self.content.area is not None:
            server.watch(str(self.content.area.folder))
        return server

    def _in_nav(self, chapter: Chapter) -> bool:
        return self.chapters_in_nav is None or chapter.src_uri in self.chapters_in_nav

    def _chapter_link(self, chapter_id: str) -> tuple[str, str] | None:
        assert self.manual is not None
        chapter = self.manual.chapter_by_id(chapter_id)
        return (chapter.url, chapter.display_title) if chapter else None

    def _edit_url(self, config: MkDocsConfig, chapter: Chapter) -> str | None:
        if not config.repo_url:
            return None
        edit_uri = self.config.edit_uri
        if chapter.area is not None:  # an area's own file: its path from the project's root
            branch = (config.edit_uri or "edit/main/docs/").strip("/").rsplit("/", 1)[0]
            path = chapter.source_path.resolve().relative_to(Path(self.config_file_dir)).as_posix()
            return config.repo_url.rstrip("/") + "/" + branch + "/" + path
        if edit_uri is None:
            docs_name = Path(config.docs_dir).name
            edit_uri = (config.edit_uri or "edit/main/docs/").replace(docs_name, self.config.procedures_dir)
        return config.repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/" + chapter.src_uri

    def _write_redirects(self, site: Path) -> None:
        """A small page at each old address; never outside the site, never over a page that exists."""
        assert self.manual is not None
        root = site.resolve()
        for old_url, (new_url, title) in redirects(self.manual, self.history_pages.values()).items():
            chapter = self.manual.chapter_by_url(new_url)
            source = chapter.source_path if chapter else self.procedures_dir / "manual.yml"
            line = chapter.line_of("redirect_from") if chapter else None
            target = (site / old_url / "index.html").resolve()
            problem = redirect_url_problem(old_url)
            if problem is None and not target.is_relative_to(root):
                problem = "leads outside the site."
            if problem is None and target.exists():
                problem = "is the address of a page of the site; a redirect cannot replace it."
            if problem:
                self.safety.problems.add(source, line, f"redirect_from '{old_url}' {problem}")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(redirect_page(old_url, new_url, title), "utf-8")

    def _index_for_search(self, config: MkDocsConfig, docs: list[dict[str, Any]] | None) -> None:
        """The site's word index of the whole search list, read by phones a few kilobytes at a time
        (``docs`` None: the theme's own search answers, or there is no search)."""
        if docs is None:
            return
        site = Path(config.site_dir)
        live = self._live_paragraphs()  # now: while serving, the index is made after the next rebuild began

        def make(folder: Path, checkpoint: Callable[[], None] = lambda: None) -> str:
            summary = make_search_folder(docs, live, folder, checkpoint)
            return (f"Search: {summary.records} pages and glossary terms, {summary.words} words indexed in "
                    f"{summary.seconds:.1f} s ({summary.files} files, {summary.bytes / 1e6:.1f} MB, read a few at a time).")

        if self.partial_rebuild:  # the saved text first, its words in the search a moment later
            PREVIEW.index_later(make)
            return
        try:
            log.info(make(site / SEARCH_FOLDER))
        except SearchIndexError as error:
            self.safety.problems.add(Path(self.config_file_dir) / "mkdocs.yml", None, str(error))
            self._stop_on_problems("while indexing for search")

    def _finished_search_entries(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The site's search entries from the theme's (and the glossary's): paragraphs as results of their
        own, chapters found by the IDs and titles they used to have, our page furniture left out. Changed
        entries are copies: the theme's own are kept for the next rebuild while serving."""
        assert self.content is not None
        live = {chapter.url: chapter for chapter in self.chapters_by_uri.values()}
        history = self.content.history
        finished = []
        for entry in entries:
            location = entry.get("location", "")
            if location.rpartition("#")[2] in PAGE_FURNITURE_IDS:
                continue  # the headings of the AMENDMENT box, notices, related chapters and versions
            chapter = live.get(location)
            if chapter is not None:
                formerly = former_names(chapter, [(v.id, v.title) for v in history.versions.get(chapter.src_uri, [])])
                entry = {**entry, "boost": CHAPTER_BOOST}
                if formerly:
                    entry["text"] = entry.get("text", "") + formerly
            finished.append(entry)
        if not word_index_wanted():  # the word index takes the paragraphs as they are (see _index_for_search)
            for url, (chapter, paragraphs) in self._live_paragraphs().items():
                finished.extend(paragraph_entries(chapter, url, paragraphs))
        return finished

    def _live_paragraphs(self) -> dict[str, tuple[Chapter, Paragraphs]]:
        """The numbered paragraphs of each current chapter, by its address."""
        live = {chapter.url for chapter in self.chapters_by_uri.values()}
        return {url: found for url, found in self.paragraphs_for_search.items() if url in live}


def _entries_below(root: Path) -> list[tuple[str, bool]]:
    """Every file below ``root`` (links to files included) and every linked folder (True), not entering
    linked folders, as ``/``-separated paths from ``root`` in the order of ``sorted(root.rglob("*"))``.
    One ``os.scandir`` per folder: ``rglob`` made a path object and asked the system twice for each of the
    thousands of chapters and archived versions, at every save while serving."""
    found: list[tuple[str, bool]] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(root / folder if folder else root))
        except OSError:
            continue
        for entry in entries:
            relative = f"{folder}/{entry.name}" if folder else entry.name
            try:
                if entry.is_symlink():
                    if not entry.is_file():  # a linked folder, or a link that leads nowhere
                        found.append((relative, True))
                        continue
                    found.append((relative, False))
                elif entry.is_dir():
                    folders.append(relative)
                elif entry.is_file():
                    found.append((relative, False))
            except OSError:
                continue
    return sorted(found, key=lambda item: item[0].split("/"))


def release_content(page: Page) -> None:
    """Let a page's HTML go once the page is made: MkDocs holds every page's until its build ends (50 MB at
    1,000 chapters), and nothing reads it after the page's own template and the search plugin have.

    Emptied, not None: a page's title is worked out from its Markdown while its HTML is None.
    """
    page.content = ""


def _use_own_tooltips(config: MkDocsConfig) -> None:
    """Glossary definitions have their own tooltips (Escape closes them, one at a time, in place on touch):
    the theme's tooltips would show a second one, so that feature is turned off."""
    features = config.theme.get("features") or []
    if "content.tooltips" in features:
        features.remove("content.tooltips")
        log.info("theme feature content.tooltips is not used: glossary definitions have their own tooltips.")


def _add_markdown_extensions(config: MkDocsConfig) -> None:
    """Read Markdown as GitHub's preview does (lists keep their first number, fenced code is code, lists
    after paragraphs are lists), and link telephone numbers."""
    names = {e for e in config.markdown_extensions if isinstance(e, str)}
    for name in ("sane_lists", "fenced_code"):
        if name not in names and not (name == "fenced_code" and "pymdownx.superfences" in names):
            config.markdown_extensions.append(name)
    config.markdown_extensions.append(GitHubPreviewExtension())  # type: ignore[arg-type]
    config.markdown_extensions.append(PhoneLinksExtension())  # type: ignore[arg-type]


def _nav_sources(nav: list[Any]) -> set[str]:
    """Every source path named in a navigation structure."""
    found: set[str] = set()
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, list):
                found |= _nav_sources(value)
            elif isinstance(value, str):
                found.add(value)
    return found


def _docs_pages(config: MkDocsConfig) -> set[str]:
    docs = Path(config.docs_dir)
    return {path.relative_to(docs).as_posix() for path in docs.rglob("*.md")} if docs.exists() else set()


def _add(files: Files, file: File) -> None:
    existing = files.src_uris.get(file.src_uri)  # already a posix path: not get_file_from_path, which parses it
    if existing is not None:
        raise PluginError(f"{file.src_uri} exists both in docs/ and as a generated page; rename the docs/ file.")
    files.append(file)


def _manual_signature(manual: Manual) -> str:
    """What other pages may show of each chapter: a change here re-renders every page while serving."""
    digest = hashlib.sha256()
    for chapter in manual.chapters:
        digest.update(f"{chapter.id}\0{chapter.src_uri}\0{chapter.url}\0{chapter.display_title}\0"
                      f"{chapter.status}\0{chapter.version}\n".encode())
    return digest.hexdigest()


def _html_ready_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Title and description escaped once, for templates that print them as they are."""
    return {key: html_ready(value) if key in ("title", "description") and isinstance(value, str) else value
            for key, value in meta.items()}


def _without_policy(html: str) -> str:
    """While serving, the live-reload script MkDocs injects is inline: the page goes without the policy."""
    return html.replace(policy_meta(), "", 1)


def _page_meta(chapter: Chapter) -> dict[str, Any]:
    """What MkDocs and the theme need beyond the chapter's own front matter."""
    meta: dict[str, Any] = {"title": html_ready(chapter.display_title), "glossary_links": chapter.glossary_links}
    if chapter.summary:
        meta["description"] = html_ready(chapter.summary)
    if chapter.kind == "thresholds":
        meta["hide"] = ["toc"]
    return meta
