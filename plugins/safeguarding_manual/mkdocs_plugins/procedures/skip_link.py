"""Point the theme's "Skip to content" link at the page title, on every kind of page.

Material links it to the first heading of the table of contents: on a chapter that is
section 1, past the AMENDMENT box, the under-review or superseded notice and the dates a
reader must see first; and pages without a table of contents (thresholds, comparisons) get
no skip link at all. We rewrite the theme's own markup (never content) after rendering.
"""

from __future__ import annotations

import re

SKIP_BLOCK = re.compile(r'<div data-md-component="skip">.*?</div>', re.DOTALL)
ARTICLE = '<article class="md-content__inner md-typeset">'
FIRST_H1 = re.compile(r"<h1\b(?P<attributes>[^>]*)>")
ID = re.compile(r'\sid="(?P<id>[^"]+)"')


def point_skip_link(html: str, label: str = "Skip to content") -> str:
    """The page with its skip link aimed at its title (given the id ``page-title`` if it had none)."""
    article = html.find(ARTICLE)
    skip = SKIP_BLOCK.search(html)
    if article < 0 or skip is None:
        return html
    heading = FIRST_H1.search(html, article)
    if heading is None:
        return html
    existing = ID.search(heading.group("attributes"))
    target = existing.group("id") if existing else "page-title"
    if existing is None:
        html = html[:heading.start()] + f'<h1 id="{target}"' + heading.group("attributes") + ">" + html[heading.end():]
    link = f'<div data-md-component="skip"><a href="#{target}" class="md-skip">{label}</a></div>'
    return html[:skip.start()] + link + html[skip.end():]
