"""The Reviews page: chapters whose review date has passed or is near, most overdue first.

Practitioners see how current a chapter is; the policy subgroup sees its backlog; both
from the same ``review_due`` dates that ``procedures due`` reads.
"""

from __future__ import annotations

import datetime as dt

from ..dates import elapsed, long_date, month_year
from ..manual.model import Chapter, Manual
from ..safe_html.escape import escape
from ..urls import REVIEWS_URL, relative_url
from .contents import labelled_cell

REVIEWS_SRC_URI = REVIEWS_URL + "index.md"
#: Chapters due within this many days are listed as coming up.
COMING_UP_DAYS = 90


def _row(chapter: Chapter, page_url: str, when: str) -> str:
    review = (f" Under review since {month_year(chapter.review_started)}." if chapter.under_review
              and chapter.review_started else (" Under review." if chapter.under_review else ""))
    return (
        f"<tr><td>{escape(chapter.id)}</td>"
        f'<th scope="row"><a href="{escape(relative_url(page_url, chapter.url))}">{escape(chapter.title)}</a></th>'
        + labelled_cell("Review due", f'<time datetime="{chapter.review_due.isoformat()}">'
                                      f"{long_date(chapter.review_due)}</time>")
        + labelled_cell("Status", when + escape(review)) + labelled_cell("Owner", escape(chapter.owner)) + "</tr>"
    )


def _table(title: str, rows: list[str]) -> str:
    return (
        f'<table class="reviews-table"><caption>{escape(title)}</caption>'
        '<thead><tr><th scope="col">ID</th><th scope="col">Chapter</th><th scope="col">Review due</th>'
        '<th scope="col">Status</th><th scope="col">Owner</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def reviews_markdown(manual: Manual, today: dt.date, page_url: str = REVIEWS_URL) -> str:
    chapters = sorted((c for c in manual.published_chapters if c.status != "withdrawn"),
                      key=lambda c: (c.review_due, c.id))
    overdue = [c for c in chapters if c.review_due < today]
    coming = [c for c in chapters if today <= c.review_due <= today + dt.timedelta(days=COMING_UP_DAYS)]
    overdue_rows = [_row(c, page_url, f'<strong class="review-overdue">Overdue by {elapsed(c.review_due, today)}'
                                      "</strong>.") for c in overdue]
    coming_rows = [_row(c, page_url, "Due today." if c.review_due == today
                        else f"Due in {elapsed(today, c.review_due)}.") for c in coming]
    parts = [
        "# Reviews due\n\n",
        f"<p>Every chapter has a date by which it should be reviewed. This page lists, as of "
        f'<time datetime="{today.isoformat()}">{long_date(today)}</time>, the chapters whose review date has '
        f"passed and those due in the next {COMING_UP_DAYS} days. A chapter past its review date remains the "
        "one to follow until a new version is published.</p>\n\n",
        f'<h2 id="overdue">Overdue reviews ({len(overdue)})</h2>',
        _table("Chapters past their review date, most overdue first", overdue_rows) if overdue
        else "<p>No chapter is past its review date.</p>",
        "\n\n",
        f'<h2 id="coming-up">Due in the next {COMING_UP_DAYS} days ({len(coming)})</h2>',
        _table(f"Chapters due for review in the next {COMING_UP_DAYS} days", coming_rows) if coming
        else f"<p>No chapter is due for review in the next {COMING_UP_DAYS} days.</p>",
        "\n",
    ]
    return "".join(parts)
