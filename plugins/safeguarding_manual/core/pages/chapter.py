"""HTML fragments around a chapter's body: title, banners, lead-in, AMENDMENT box, details.

Plain Python producing escaped HTML, so any site generator can place them.
"""

from __future__ import annotations

import datetime as dt

from ..dates import elapsed, long_date, month_year
from ..history.archive import version_url
from ..manual.model import Chapter, Manual
from ..safe_html.escape import escape
from ..urls import AMENDMENTS_URL, GLOSSARY_URL, relative_url


def chapter_header(chapter: Chapter, manual: Manual, page_url: str, today: dt.date, site_url: str = "") -> str:
    """Everything above the first section, in London order: title, lead-in, AMENDMENT box, notice."""
    return "\n".join(filter(None, [
        f'<h1 id="chapter-title"><span class="chapter-id">{escape(chapter.id)}.</span> {escape(chapter.title)}</h1>',
        lead_in(page_url),
        amendment_box(chapter),
        status_banner(chapter, manual),
        chapter_details(chapter, today, page_url),
        print_stamp(chapter, site_url),
    ]))


def print_stamp(chapter: Chapter, site_url: str = "") -> str:
    """Shown only on paper: which version this is, when it was printed, and the address to check."""
    where = (f"check {escape(site_url.rstrip('/') + '/' + chapter.url)} for the current version" if site_url
             else "check the website for the current version")
    return (
        '<p class="print-stamp" data-search-exclude>Printed copy of version '
        f"{chapter.version}, last updated {long_date(chapter.last_updated)}. Printed on "
        f'<span data-print-date>{long_date(chapter.last_updated)}</span>. Printed copies may be out of date: '
        f"{where}.</p>"
    )


def lead_in(page_url: str) -> str:
    amendments = escape(relative_url(page_url, AMENDMENTS_URL))
    glossary = escape(relative_url(page_url, GLOSSARY_URL))
    return (
        '<div class="lead-in" data-search-exclude>'
        f'<p>For a record of all amendments and updates, see the <a href="{amendments}">Amendments &amp; Archives</a>.</p>'
        '<p>Specific definitions of key concepts used by safeguarding practitioners are available through the '
        f'<a href="{glossary}">Glossary</a>.</p>'
        '</div>'
    )


def status_banner(chapter: Chapter, manual: Manual) -> str:
    """The under-review or withdrawn notice, in the partnership's words (``manual.yml``) and the chapter's.

    A labelled region with a heading, so it is found by screen readers, not told by colour alone.
    """
    if chapter.under_review:
        note = f"<p>{escape(chapter.review_note)}</p>" if chapter.review_note else ""
        return (
            '<section class="status-banner status-banner--review" aria-labelledby="review-banner-title">'
            f'<h2 id="review-banner-title">{escape(manual.notices.under_review)}</h2>{note}</section>'
        )
    if chapter.status == "withdrawn":
        note = f"<p>{escape(chapter.withdrawn_note)}</p>" if chapter.withdrawn_note else ""
        return (
            '<section class="status-banner status-banner--withdrawn" aria-labelledby="withdrawn-banner-title">'
            f'<h2 id="withdrawn-banner-title">{escape(manual.notices.withdrawn)}</h2>{note}</section>'
        )
    return ""


def amendment_box(chapter: Chapter) -> str:
    """The AMENDMENT box: the latest amendments in the editor's words, word for word.

    A chapter never amended has no box, as in the London procedures; one brought in from
    elsewhere says so, since its earlier history is not in this manual.
    """
    if not chapter.amendments and chapter.versions_kept_from > 1 and chapter.imported is not None:
        body = (f"<p>This chapter was brought into this manual at version {chapter.version} on "
                f"{long_date(chapter.imported)}. Its earlier versions and amendments were not kept here.</p>")
    elif not chapter.amendments:
        return ""
    else:
        latest_date = chapter.amendments[-1].date
        latest = [a for a in chapter.amendments if a.date == latest_date]
        body = (f'<p class="amendment-date"><time datetime="{latest_date.isoformat()}">{month_year(latest_date)}'
                "</time></p>" + "".join(f"<p>{escape(amendment.summary)}</p>" for amendment in latest))
        if len(chapter.amendments) > len(latest):
            body += '<p><a href="#versions">Earlier amendments and versions</a> are listed at the end of this chapter.</p>'
    return (
        '<section class="amendment-box" aria-labelledby="amendment-title" data-search-exclude>'
        f'<h2 id="amendment-title">Amendment</h2>{body}</section>'
    )


def review_overdue(chapter: Chapter, today: dt.date) -> str | None:
    """"2 years 3 months" when the chapter's review date has passed, else None."""
    if chapter.status == "withdrawn" or chapter.review_due >= today:
        return None
    return elapsed(chapter.review_due, today)


def chapter_details(chapter: Chapter, today: dt.date, page_url: str = "") -> str:
    overdue = review_overdue(chapter, today)
    permanent = escape(relative_url(page_url, version_url(chapter, chapter.version)))
    flag = f' <strong class="review-overdue">Review overdue by {overdue}</strong>' if overdue else ""
    return (
        '<dl class="chapter-details" data-search-exclude>'
        f'<div><dt>Last updated</dt><dd><time datetime="{chapter.last_updated.isoformat()}">'
        f"{long_date(chapter.last_updated)}</time></dd></div>"
        f'<div><dt>Version</dt><dd>{chapter.version} (<a href="{permanent}" class="permanent-link">permanent link to '
        "this version</a>)</dd></div>"
        f"<div><dt>Owner</dt><dd>{escape(chapter.owner)}</dd></div>"
        f'<div><dt>Next review</dt><dd><time datetime="{chapter.review_due.isoformat()}">'
        f"{long_date(chapter.review_due)}</time>{flag}</dd></div>"
        "</dl>"
    )


def chapter_footer(chapter: Chapter, manual: Manual, page_url: str, versions_html: str = "") -> str:
    """Related chapters and the version timeline, below the body."""
    related = [c for c in (manual.chapter_by_id(i) for i in chapter.related) if c is not None]
    parts = []
    if related:
        items = "".join(
            f'<li><a href="{escape(relative_url(page_url, c.url))}">{escape(c.display_title)}</a></li>' for c in related
        )
        parts.append(
            '<nav class="related-chapters" aria-labelledby="related-title" data-search-exclude>'
            f'<h2 id="related-title">Related chapters</h2><ul>{items}</ul></nav>'
        )
    if versions_html:
        parts.append(versions_html)
    return "\n".join(parts)


def status_flags(chapter: Chapter, manual: Manual, today: dt.date) -> list[tuple[str, str]]:
    """The contents-list flags as (kind, words): under review, withdrawn, updated, review overdue."""
    flags: list[tuple[str, str]] = []
    if chapter.under_review:
        flags.append(("under-review", "under review"))
    elif chapter.status == "withdrawn":
        flags.append(("withdrawn", "withdrawn"))
    else:
        latest = manual.releases[-1] if manual.releases else None
        if latest and chapter.amendments and chapter.amendments[-1].release == latest.id:
            flags.append(("updated", "updated"))
    overdue = review_overdue(chapter, today)
    if overdue:
        flags.append(("review-overdue", f"review overdue by {overdue}"))
    return flags


#: The navigation's status icons: each its own icon, and these words for screen readers and on hover.
NAV_STATUS_LABELS = {
    "under-review": "Under review",
    "review-overdue": "Review overdue",
    "new": "New or updated in the latest release",
    "withdrawn": "Withdrawn",
}


def nav_status(chapter: Chapter, manual: Manual, today: dt.date) -> str | None:
    """The one status the navigation shows for a chapter (the most pressing), or None for a current one."""
    kinds = [kind for kind, _ in status_flags(chapter, manual, today)]
    for kind in ("withdrawn", "under-review", "review-overdue"):
        if kind in kinds:
            return kind
    return "new" if "updated" in kinds or _first_published_in_latest(chapter, manual) else None


def _first_published_in_latest(chapter: Chapter, manual: Manual) -> bool:
    latest = manual.releases[-1] if manual.releases else None
    return latest is not None and not chapter.amendments and chapter.versions_kept_from == 1 \
        and chapter.last_updated >= latest.date
