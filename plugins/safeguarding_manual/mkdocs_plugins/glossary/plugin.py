"""The ``glossary`` MkDocs plugin: the glossary page and term links in every chapter."""

from __future__ import annotations

import hashlib
import posixpath
from collections import defaultdict
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ...core.areas.glossary import site_glossary
from ...core.areas.settings import Area, load_area
from ...core.glossary.entries import Glossary
from ...core.glossary.page import (
    GLOSSARY_SRC_URI,
    USED_IN_MARKER,
    USED_IN_SHOWN,
    glossary_markdown,
    used_in_html,
    used_in_marker,
)
from ...core.pages.search_entries import glossary_entries
from ...core.reading.problems import ProblemList
from ...core.urls import GLOSSARY_URL
from ...markdown_ext.glossary_links import (
    GlossaryLinker,
    GlossaryLinksExtension,
    PageLinking,
)
from ..areas import chosen_area
from ..conversion_cache import CONVERSIONS
from ..quick_preview import PREVIEW, page_url
from ..search_cache import entries_index
from ..search_index import amend_search_index
from .config import GlossaryConfig

log = get_plugin_logger(__name__)


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Defines terms once in ``glossary.yml`` and links them wherever chapters use them."""

    def __init__(self) -> None:
        self.glossary = Glossary()
        self.area: Area | None = None
        self.linker: GlossaryLinker | None = None
        #: page URL -> (page title, terms it links); kept across `serve --dirty` rebuilds
        self.used_on_page: dict[str, tuple[str, list[str]]] = {}
        self.dirty = False
        self.is_serving = False
        #: while serving, each term's "Used in" line as the last build made it, and as this build makes it
        #: (a save changes few: 3,000 lines were made again at every save at 1,000 chapters)
        self._used_in_kept: dict[tuple[str, tuple[tuple[str, str], ...], int], str] = {}
        self._used_in_made: dict[tuple[str, tuple[tuple[str, str], ...], int], str] = {}
        #: whether this build's terms went into the theme's search index before it was written
        self.terms_indexed = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.is_serving = command == "serve"

    def on_shutdown(self) -> None:
        self.is_serving = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project = Path(config.config_file_path or ".").resolve().parent
        path = project / self.config.file
        problems = ProblemList(project)
        area_key = chosen_area(config, project)
        self.area = load_area(project, area_key, problems) if area_key else None
        self.glossary = site_glossary(path, self.area, problems)
        if problems:
            for problem in problems.sorted():
                log.error(problem.format())
            raise PluginError(f"{len(problems.problems)} problem(s) in the glossary; each is listed above.")
        self.linker = GlossaryLinker(self.glossary)
        config.markdown_extensions.append(GlossaryLinksExtension(self.linker))  # type: ignore[arg-type]
        # The links in a page depend on the whole glossary: any change to it converts every page again. Joined
        # whatever the plugins' order in mkdocs.yml: the procedures plugin may switch the cache on after us.
        files = [path] + ([self.area.glossary_file] if self.area and self.area.glossary_file.exists() else [])
        signature = hashlib.sha256(b"".join(file.read_bytes() for file in files)).hexdigest()
        CONVERSIONS.join(config, "glossary", self.linker, signature)
        return config

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        """A saved glossary re-renders the site while serving, like a saved chapter."""
        server.watch(str(Path(config.config_file_path or ".").resolve().parent / self.config.file))
        if self.area is not None and self.area.glossary_file.exists():
            server.watch(str(self.area.glossary_file))
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # After every plugin's on_config: a partial rebuild while serving keeps the skipped pages' terms.
        if not self.dirty and not (self.is_serving and PREVIEW.partial):
            self.used_on_page = {}
        if files.get_file_from_path(GLOSSARY_SRC_URI) is None:
            files.append(File.generated(config, GLOSSARY_SRC_URI, content=glossary_markdown(self.glossary)))
        return files

    @event_priority(-50)  # after the procedures plugin has decided about the page
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.linker is not None
        self.linker.page = PageLinking(
            enabled=self._should_link(page),
            # A link to the Markdown source, which MkDocs checks and turns into the page URL.
            glossary_href=posixpath.relpath(GLOSSARY_SRC_URI, posixpath.dirname(page.file.src_uri) or "."),
            per_section=self.config.link_first == "section",
        )
        return markdown

    def _should_link(self, page: Page) -> bool:
        src = page.file.src_uri
        if src == GLOSSARY_SRC_URI or src in self.config.exclude:
            return False
        return page.meta.get("glossary_links", True) is not False and not page.meta.get("chapter_glossary_off")

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.linker is not None
        self.used_on_page[page.url] = (page.title or page.url, list(self.linker.page.used))
        self.linker.page = PageLinking()
        return html

    @event_priority(50)  # before the theme's search plugin writes its index
    def _index_terms(self, *, config: MkDocsConfig) -> None:
        """Search finds each term at the term itself, not at its letter's heading."""
        index = entries_index(config)
        self.terms_indexed = index is not None
        if index is not None:
            index.added.extend(glossary_entries(self.glossary, GLOSSARY_URL))

    def _add_terms_to_index_file(self, *, config: MkDocsConfig) -> None:
        """Another search plugin's index: the terms are added to the file it wrote."""
        if not self.terms_indexed:
            terms = glossary_entries(self.glossary, GLOSSARY_URL)
            amend_search_index(Path(config.site_dir), lambda entries: entries + terms)

    on_post_build = CombinedEvent(_index_terms, _add_terms_to_index_file)

    def _used_in_html(self, links: list[tuple[str, str]], term: str) -> str:
        if not self.is_serving:
            return used_in_html(links, term)
        key = (term, tuple(links[:USED_IN_SHOWN]), len(links))  # all the line shows
        made = self._used_in_kept.get(key) or used_in_html(links, term)
        self._used_in_made[key] = made
        return made

    def on_env(self, env, *, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
        """Every page has been rendered: fill in the glossary's "Used in" backlinks."""
        file = files.get_file_from_path(GLOSSARY_SRC_URI)
        if file is not None and file.page is not None and file.page.content is not None:
            used_in: dict[str, list[tuple[str, str]]] = defaultdict(list)
            pages = {page_url(f) for f in files.documentation_pages(inclusion=lambda _: True)
                     if (f.page is not None and f.inclusion.is_included()) or PREVIEW.skips(f)}
            for url, (title, terms) in sorted(self.used_on_page.items()):
                if url in pages:
                    link = (url, title)  # one pair per page, not per term: 190,000 fewer objects at 1,000 chapters
                    for term in terms:
                        used_in[term].append(link)
            filled = {used_in_marker(term): self._used_in_html(used_in.get(term.term, []), term.term)
                      for term in self.glossary.terms}
            self._used_in_kept, self._used_in_made = self._used_in_made, {}
            # one pass over the page, not one copy of it per term
            file.page.content = USED_IN_MARKER.sub(lambda marker: filled.get(marker[0], marker[0]), file.page.content)
        return env
