"""Hold only the links to anchors that MkDocs still has to check, not every page's every link.

MkDocs records, for each page it converts, every link to an anchor on another page
(``page.links_to_anchors``), and checks them all against the anchors of the pages linked
(``present_anchor_ids``) once the last page is written. At 1,000 chapters that is 222,000 links (every
glossary term a chapter uses, every paragraph an archived version or comparison links to) held through
the whole build, the largest part of its memory after the content itself.

A link whose anchor is already among the anchors of a page MkDocs has made can only pass that check:
a page's anchors are fixed once it is converted (nothing after its conversion changes them). Such
links are dropped as each page is made, and every link still held is looked at again once every page
is made (``on_env``). What is left for MkDocs' check are the links it will report, so its messages and
the strict build's failure are exactly as before.

Not while serving: a partial rebuild converts only some pages, and the pages it does not convert keep
their links from the last build (see ``quick_preview``).
"""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def drop_confirmed_links(page: Page) -> None:
    """Forget the page's links into pages already made whose anchor is there; keep the rest for MkDocs."""
    links = page.links_to_anchors
    if not links:
        return
    for target in list(links):
        present = target.page.present_anchor_ids if target.page is not None else None
        if present is None:
            continue  # not made yet: its anchors are not known, MkDocs checks it
        unconfirmed = {anchor: link for anchor, link in links[target].items() if anchor not in present}
        if unconfirmed:
            links[target] = unconfirmed
        else:
            del links[target]


def drop_confirmed_everywhere(pages: Iterable[Page]) -> None:
    """Once every page is made (``on_env``): each page's links whose anchor is there."""
    for page in pages:
        drop_confirmed_links(page)


def pages_of(files: Files) -> list[Page]:
    """Every page of the build, including those copied from the cache rather than made by MkDocs."""
    return [file.page for file in files.documentation_pages(inclusion=lambda _: True) if file.page is not None]


def release_links(files: Files) -> None:
    """Let every page's anchors and links to other pages' anchors go once they are checked: MkDocs keeps them
    until its build ends, though it reads them only to check links, after its last page is written and
    before ``on_post_build``."""
    for page in pages_of(files):
        page.links_to_anchors = None
        page.present_anchor_ids = None
