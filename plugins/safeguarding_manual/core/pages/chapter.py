"""HTML fragments around a chapter's body: title, banners, lead-in, AMENDMENT box, details.

Plain Python producing escaped HTML, so any site generator can place them.
"""

from __future__ import annotations

from ..dates import long_date, month_year
from ..manual.model import Chapter, Manual
from ..safe_html.escape import escape
from ..urls import AMENDMENTS_URL, GLOSSARY_URL, relative_url


def chapter_header(chapter: Chapter, manual: Manual, page_url: str) -> str:
    """Everything above the first section, in London order."""
    return "\n".join(filter(None, [
        f'<h1 id="chapter-title"><span class="chapter-id">{escape(chapter.id)}.</span> {escape(chapter.title)}</h1>',
        lead_in(page_url),
        status_banner(chapter),
        amendment_box(chapter),
        chapter_details(chapter),
        print_stamp(chapter),
    ]))


def print_stamp(chapter: Chapter) -> str:
    """Shown only on paper: which version this is, when it was printed, and where to check."""
    return (
        '<p class="print-stamp" data-search-exclude>Printed copy of version '
        f"{chapter.version}, last updated {long_date(chapter.last_updated)}. Printed on "
        f'<span data-print-date>{long_date(chapter.last_updated)}</span>. Printed copies may be out of date: '
        "check the website for the current version.</p>"
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


def status_banner(chapter: Chapter) -> str:
    """The under-review or withdrawn banner: a labelled region with a heading, not colour alone."""
    if chapter.under_review:
        since = f" since {month_year(chapter.review_started)}" if chapter.review_started else ""
        note = f"<p>{escape(chapter.review_note)}</p>" if chapter.review_note else ""
        return (
            '<section class="status-banner status-banner--review" aria-labelledby="review-banner-title">'
            '<h2 id="review-banner-title">This chapter is currently under review</h2>'
            f'<p>It has been under review{since}. Until a new version is published, this version remains the one to follow.</p>'
            f"{note}</section>"
        )
    if chapter.status == "withdrawn":
        note = f"<p>{escape(chapter.withdrawn_note)}</p>" if chapter.withdrawn_note else ""
        return (
            '<section class="status-banner status-banner--withdrawn" aria-labelledby="withdrawn-banner-title">'
            '<h2 id="withdrawn-banner-title">This chapter has been withdrawn</h2>'
            f"<p>It is kept for reference only and must not be followed.</p>{note}</section>"
        )
    return ""


def amendment_sentence(chapter: Chapter, index: int) -> str:
    amendment = chapter.amendments[index]
    version = f" (version {amendment.version})" if amendment.version else ""
    return f"In {month_year(amendment.date)}{version}: {amendment.summary}"


def amendment_box(chapter: Chapter) -> str:
    """The AMENDMENT box: the latest amendments, dated, from the front matter."""
    if not chapter.amendments and chapter.versions_kept_from > 1 and chapter.imported is not None:
        body = (f"<p>This chapter was brought into this manual at version {chapter.version} on "
                f"{long_date(chapter.imported)}. Its earlier versions and amendments were not kept here.</p>")
    elif not chapter.amendments:
        body = "<p>This chapter has not been amended since it was first published.</p>"
    else:
        latest_date = chapter.amendments[-1].date
        latest = [i for i, a in enumerate(chapter.amendments) if a.date == latest_date]
        body = "".join(f"<p>{escape(amendment_sentence(chapter, i))}</p>" for i in latest)
        if len(chapter.amendments) > len(latest):
            body += '<p><a href="#versions">Earlier amendments and versions</a> are listed at the end of this chapter.</p>'
    return (
        '<section class="amendment-box" aria-labelledby="amendment-title" data-search-exclude>'
        f'<h2 id="amendment-title">Amendment</h2>{body}</section>'
    )


def chapter_details(chapter: Chapter) -> str:
    return (
        '<dl class="chapter-details" data-search-exclude>'
        f'<div><dt>Last updated</dt><dd><time datetime="{chapter.last_updated.isoformat()}">'
        f"{long_date(chapter.last_updated)}</time></dd></div>"
        f"<div><dt>Version</dt><dd>{chapter.version}</dd></div>"
        f"<div><dt>Owner</dt><dd>{escape(chapter.owner)}</dd></div>"
        f'<div><dt>Next review</dt><dd><time datetime="{chapter.review_due.isoformat()}">'
        f"{long_date(chapter.review_due)}</time></dd></div>"
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


def status_flag(chapter: Chapter, manual: Manual) -> str:
    """The contents-list flag: "under review", "updated" (in the latest release) or nothing."""
    if chapter.under_review:
        return "under review"
    if chapter.status == "withdrawn":
        return "withdrawn"
    latest = manual.releases[-1] if manual.releases else None
    if latest and chapter.amendments and chapter.amendments[-1].release == latest.id:
        return "updated"
    return ""
