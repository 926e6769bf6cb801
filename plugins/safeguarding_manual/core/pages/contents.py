"""Generated pages and blocks: part contents, the home page's status, what is new."""

from __future__ import annotations

import datetime as dt

from ..dates import long_date, month_year
from ..manual.model import Chapter, Manual, Part
from ..safe_html.escape import escape, markdown_heading_text
from ..urls import AMENDMENTS_URL, FEED_URL, GLOSSARY_URL, ON_A_DATE_URL, REVIEWS_URL, relative_url
from .chapter import status_flags


def labelled_cell(label: str, html: str) -> str:
    """A table cell that names its column when the table is read as cards on a phone (see procedures.css)."""
    return f'<td><span class="cell-label">{label}: </span>{html}</td>'


def part_contents_markdown(part: Part, manual: Manual, today: dt.date) -> str:
    """The Markdown of a part's contents page (a heading and an HTML table)."""
    rows = "".join(_contents_row(chapter, manual, part.url, today) for chapter in manual.chapters_in(part))
    description = f"<p>{escape(part.description)}</p>\n\n" if part.description else ""
    table = (
        '<table class="contents-table">'
        f"<caption>Chapters in {escape(part.title)}</caption>"
        '<thead><tr><th scope="col">ID</th><th scope="col">Chapter</th><th scope="col">Status</th>'
        '<th scope="col">Last updated</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    ) if rows else "<p>There are no chapters in this part yet.</p>"
    return f"# {markdown_heading_text(part.title)}\n\n{description}{table}\n"


def _contents_row(chapter: Chapter, manual: Manual, page_url: str, today: dt.date) -> str:
    flag_html = " ".join(f'<span class="status-flag status-flag--{kind}">{escape(words)}</span>'
                         for kind, words in status_flags(chapter, manual, today))
    return (
        f'<tr><td>{escape(chapter.id)}</td>'
        f'<td><a href="{escape(relative_url(page_url, chapter.url))}">{escape(chapter.title)}</a></td>'
        f"<td>{flag_html}</td>"
        f'<td><time datetime="{chapter.last_updated.isoformat()}">{long_date(chapter.last_updated)}</time></td></tr>'
    )


def home_status(manual: Manual, page_url: str) -> str:
    """Edition, last update and the public entry points, for the home page."""
    updated = f" Last updated {long_date(manual.last_updated)}." if manual.last_updated else ""
    thresholds = manual.thresholds
    links = [(thresholds.url, "Thresholds: when a child needs help")] if thresholds is not None else []
    links += [
        (GLOSSARY_URL, "Glossary"),
        (AMENDMENTS_URL, "Amendments & Archives"),
        (REVIEWS_URL, "Reviews due"),
        (ON_A_DATE_URL, "The manual on a date"),
    ]
    items = "".join(f'<li><a href="{escape(relative_url(page_url, url))}">{escape(label)}</a></li>' for url, label in links)
    parts = "".join(
        f'<li><a href="{escape(relative_url(page_url, part.url))}">{escape(part.title)}</a> '
        f"({len(manual.chapters_in(part))} chapters)</li>"
        for part in manual.parts
    )
    return (
        '<div class="manual-status">'
        f'<p class="manual-edition"><strong>{escape(manual.edition)}</strong>.{escape(updated)}</p>'
        f'<ul class="entry-points">{items}</ul>'
        f'<h2 id="parts">Parts of the manual</h2><ul class="part-list">{parts}</ul>'
        "</div>"
    )


def whats_new(manual: Manual, page_url: str) -> str:
    """The latest release's amendments, linked, for the home page."""
    if not manual.releases:
        return ""
    release = manual.releases[-1]
    items = []
    for chapter in sorted(manual.published_chapters, key=lambda c: c.id):
        for amendment in chapter.amendments:
            if amendment.release == release.id:
                items.append(
                    f'<li><a href="{escape(relative_url(page_url, chapter.url))}">{escape(chapter.display_title)}</a>: '
                    f"{escape(amendment.summary)}</li>"
                )
    body = f"<ul>{''.join(items)}</ul>" if items else "<p>No chapters were changed in this release.</p>"
    feed = escape(relative_url(page_url, FEED_URL))
    return (
        f'<section class="whats-new" aria-labelledby="whats-new-title"><h2 id="whats-new-title">What is new: '
        f"{escape(release.title)}</h2>{body}"
        f'<p><a href="{feed}">Subscribe to updates (Atom feed)</a></p></section>'
    )


def under_review_list(manual: Manual, page_url: str) -> str:
    chapters = [c for c in manual.published_chapters if c.under_review]
    if not chapters:
        return "<p>No chapters are under review.</p>"
    items = "".join(
        f'<li><a href="{escape(relative_url(page_url, c.url))}">{escape(c.display_title)}</a>'
        + (f" (since {month_year(c.review_started)})" if c.review_started else "")
        + "</li>"
        for c in chapters
    )
    return f'<ul class="under-review-list">{items}</ul>'
