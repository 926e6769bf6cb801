"""Settings of the ``procedures`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ProceduresConfig(Config):
    """``plugins: - procedures: {...}`` in ``mkdocs.yml``."""

    #: Folder of chapters and ``manual.yml``, relative to ``mkdocs.yml``.
    procedures_dir = c.Type(str, default="procedures")
    #: Build this area's site (a folder under ``areas/``) instead of the regional one; usually given by
    #: ``procedures build --area NAME`` through the ``PROCEDURES_AREA`` variable instead.
    area = c.Optional(c.Type(str))
    #: Build into a staging folder and replace ``site_dir`` only if the build succeeds.
    atomic_build = c.Type(bool, default=True)
    #: Path after ``repo_url`` to edit a chapter (e.g. ``edit/main/procedures/``);
    #: by default ``edit_uri`` with the docs folder swapped for the procedures folder.
    edit_uri = c.Optional(c.Type(str))
    #: A part with more chapters than this lists them on its contents page only, not in the
    #: navigation: every page carries the navigation, so long lists make the site grow quadratically.
    nav_chapter_limit = c.Type(int, default=60)
    #: Add each numbered paragraph to the search index, so ``PA5 3.21`` finds it.
    index_paragraphs = c.Type(bool, default=True)
    #: While ``mkdocs serve`` runs, keep pages' HTML in memory and reuse it for pages whose Markdown did not
    #: change since the last rebuild (see ``conversion_cache``).
    serve_cache = c.Type(bool, default=True)
    #: Keep pages' HTML (and the theme's search entries) on disk outside the project, and reuse it in later
    #: builds for whatever did not change (see ``conversion_cache``, ``disk_cache``).
    conversion_cache = c.Type(bool, default=True)
    #: While ``mkdocs serve`` runs, a save that changed only chapters' text rebuilds only the pages that show
    #: it, and the preview keeps the last good build when a save breaks it (see ``quick_preview``).
    quick_preview = c.Type(bool, default=True)
    #: Seconds one page's Markdown may take to convert before the build stops with a message naming the
    #: file (see ``time_budget``); a real chapter of the largest allowed size takes about two.
    page_time_limit = c.Type((int, float), default=10.0)
    #: Mark the paragraphs that a chapter's latest version changed ("Amended June 2025"), read from the
    #: archived texts; readers can still hide them.
    change_marks = c.Type(bool, default=True)
    #: Keep archived versions, permanent addresses and comparisons once made, and reuse them in later builds
    #: while nothing they show has changed (see ``frozen_pages``); the cache is kept outside the project.
    frozen_cache = c.Type(bool, default=True)
    #: Hold each page's finished HTML in a temporary file between conversion and rendering instead of in
    #: memory (see ``page_spool``): a fifth of a large build's peak memory. Off: as MkDocs holds it.
    spool_pages = c.Type(bool, default=True)
