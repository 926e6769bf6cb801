"""The "manual on a date" pages: a date form, and one static page for every release.

The index page holds a plain GET form (``?date=2025-03-05``) and a link for every release date.
Each release has a static page listing every chapter's version in force on that day, so the view
works without JavaScript and can be linked. With JavaScript, the form shows the same view for any
day, built by the site's script from ``on-a-date/history.json`` (written with the site, never
fetched from elsewhere).
"""

from __future__ import annotations

import datetime as dt
import json

from ..dates import long_date
from ..history.on_a_date import IN_FORCE, NOT_KEPT, NOT_YET, WITHDRAWN, ChapterOnDate, manual_on, periods
from ..history.versions import History
from ..manual.model import Manual, Release
from ..safe_html.escape import escape
from ..urls import ON_A_DATE_URL, relative_url
from .contents import labelled_cell

ON_A_DATE_SRC_URI = ON_A_DATE_URL + "index.md"
HISTORY_FILE = "history.json"


def release_url(release: Release) -> str:
    return f"{ON_A_DATE_URL}{release.id}/"


def release_src_uri(release: Release) -> str:
    return release_url(release) + "index.md"


def index_markdown() -> str:
    """The page's Markdown: its title only; the rest is HTML added after conversion (:func:`index_html`)."""
    return "# The manual on a date\n"


def index_html(manual: Manual, today: dt.date, page_url: str = ON_A_DATE_URL) -> str:
    """The form, the release links and (filled in by the script) the view for the chosen day."""
    releases = "".join(
        f'<li><a href="{escape(relative_url(page_url, release_url(r)))}">'
        f'<time datetime="{r.date.isoformat()}">{long_date(r.date)}</time></a>: {escape(r.title)} release'
        + (f". {escape(r.summary)}" if r.summary else "") + "</li>"
        for r in reversed(manual.releases)
    )
    return (
        "<p>Which version of each chapter was in force on a given day: for a learning review, a complaint or a "
        "court, or to check the procedure followed when a decision was made. Each chapter links to the text of "
        "that version, at an address that will always show the same words.</p>"
        f'<form class="on-a-date-form" method="get" action="./" data-history="{HISTORY_FILE}" data-root="../" '
        f'data-built="{today.isoformat()}">'
        '<label for="on-a-date-day">Date</label> '
        '<input type="date" id="on-a-date-day" name="date" required min="1900-01-01" max="9999-12-31"> '
        '<button type="submit" class="md-button md-button--primary">Show the manual on this date</button>'
        "</form>"
        '<p class="on-a-date-no-script">Choosing any date needs JavaScript in your browser. Without it, open the '
        "release on or before your date below: each shows every chapter's version on that day and the dates "
        "each version was in force.</p>"
        '<div class="on-a-date-result"></div>'
        f'<h2 id="releases">Releases</h2><p>The manual on the day each release came into force, newest first. '
        f'This site was built on <time datetime="{today.isoformat()}">{long_date(today)}</time>.</p>'
        f'<ul class="release-list">{releases}</ul>'
    )


def release_markdown(release: Release) -> str:
    """A release page's Markdown: its title only; the view is HTML added after conversion."""
    return f"# The manual on {long_date(release.date)}\n"


def release_html(manual: Manual, history: History, release: Release) -> str:
    """The static view of the manual on the day a release came into force."""
    page_url = release_url(release)
    index = escape(relative_url(page_url, ON_A_DATE_URL))
    return (
        f'<p class="on-a-date-intro">As it stood on <time datetime="{release.date.isoformat()}">'
        f"{long_date(release.date)}</time>, the day the {escape(release.title)} release came into force. "
        f'<a href="{index}">Choose another date</a>.</p>'
        + view_html(manual, history, release.date, page_url)
    )


def view_html(manual: Manual, history: History, day: dt.date, page_url: str) -> str:
    """One table per part: each chapter's ID, title and version on ``day``."""
    blocks = []
    for part, entries in manual_on(manual, history, day):
        rows = "".join(_row(entry, page_url) for entry in entries)
        blocks.append(
            f'<h2 id="part-{escape(part.id.lower())}">{escape(part.title)}</h2>'
            f'<table class="reviews-table on-a-date-table"><caption>{escape(part.title)} on {long_date(day)}</caption>'
            '<thead><tr><th scope="col">ID</th><th scope="col">Chapter</th><th scope="col">Version</th>'
            '<th scope="col">In force</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    return "".join(blocks)


def _row(entry: ChapterOnDate, page_url: str) -> str:
    period = entry.period
    title = escape(entry.shown_title)
    if entry.state == IN_FORCE and period is not None:
        link = escape(relative_url(page_url, period.url))
        title_cell = f'<a href="{link}">{title}</a>'
        version = f"Version {period.number}" + (" (still current)" if period.until is None else "")
        until = f" to {_date(period.until)}" if period.until else ""
        dates = f"From {_date(period.start)}{until}"
    elif entry.state == WITHDRAWN and entry.when is not None:
        last = (f'; the last text in force was <a href="{escape(relative_url(page_url, period.url))}">version '
                f"{period.number}</a>") if period is not None else ""
        title_cell, version, dates = title, "Withdrawn", f"Withdrawn on {_date(entry.when)}{last}"
    elif entry.state == NOT_KEPT and entry.when is not None:
        earlier = entry.chapter.versions_kept_from - 1
        title_cell = title
        version = f"Version {earlier} or earlier"
        dates = (f"Published before this manual kept the chapter; not archived here. Version "
                 f"{entry.chapter.versions_kept_from} came into force on {_date(entry.when)}")
    else:
        assert entry.state == NOT_YET and entry.when is not None
        title_cell, version, dates = title, "Not yet published", f"First published on {_date(entry.when)}"
    return (f'<tr class="on-a-date-{entry.state}"><td>{escape(entry.shown_id)}</td><th scope="row">{title_cell}</th>'
            + labelled_cell("Version", version) + labelled_cell("In force", dates) + "</tr>")


def _date(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{long_date(day)}</time>'


def history_json(manual: Manual, history: History) -> str:
    """Every chapter's versions and their dates, for the form's script (addresses from the site's root).

    The script builds the same table as :func:`view_html`, writing every text as text, never as HTML.
    """
    parts = []
    for part in manual.parts:
        chapters = []
        for chapter in manual.published_chapters:
            if chapter.part != part.id:
                continue
            chapters.append({
                "withdrawn": chapter.status == "withdrawn",
                "keptFrom": chapter.versions_kept_from,
                "versions": [{"number": p.number, "id": p.id, "title": p.title, "start": p.start.isoformat(),
                              "until": p.until.isoformat() if p.until else None, "url": p.url}
                             for p in periods(chapter, history)],
            })
        parts.append({"id": part.id.lower(), "title": part.title, "chapters": chapters})
    return json.dumps({"parts": parts}, ensure_ascii=False, separators=(",", ":"))
