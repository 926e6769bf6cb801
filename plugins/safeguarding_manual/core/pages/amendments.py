"""The Amendments & Archives page: every amendment grouped by release, newest first."""

from __future__ import annotations

from collections import defaultdict
from typing import Protocol, Sequence

from ..dates import long_date, month_year
from ..manual.model import Amendment, Chapter, Manual, NoteAmendment
from ..safe_html.escape import escape
from ..urls import FEED_URL, relative_url
from .contents import labelled_cell, under_review_list

AMENDMENTS_SRC_URI = "amendments/index.md"


def release_key(manual: Manual, amendment: Amendment) -> tuple[str, str]:
    """The release an amendment belongs to: its named release, else its month's (one heading, one id a month)."""
    release = manual.release(amendment.release or amendment.date.strftime("%Y-%m"))
    if release is not None:  # named, or the release of the amendment's month
        return release.id, release.title
    return amendment.date.strftime("%Y-%m"), month_year(amendment.date)


def amendments_markdown(manual: Manual, page_url: str = "amendments/",
                        version_links: "VersionLinks | None" = None,
                        notes: Sequence[NoteAmendment] = ()) -> str:
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for chapter in manual.published_chapters:
        for amendment in chapter.record:
            groups[release_key(manual, amendment)].append(
                (chapter.id, _row(chapter, amendment, page_url, version_links)))
    for note in notes:
        groups[release_key(manual, note.amendment)].append((note.title, _note_row(note, page_url)))
    sections = []
    for (release_id, title) in sorted(groups, reverse=True):
        rows = "".join(row for _, row in sorted(groups[(release_id, title)], key=lambda pair: pair[0]))
        release = manual.release(release_id)
        intro = f"<p>{escape(release.summary)}</p>" if release and release.summary else ""
        published = f"<p>Published {long_date(release.date)}.</p>" if release else ""
        sections.append(
            f'<h2 id="release-{escape(release_id)}">{escape(title)}</h2>{published}{intro}'
            '<table class="amendments-table">'
            f"<caption>Amendments in {escape(title)}</caption>"
            '<thead><tr><th scope="col">Chapter</th><th scope="col">Details</th>'
            '<th scope="col">Sections affected</th><th scope="col">Versions</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    feed = escape(relative_url(page_url, FEED_URL))
    return (
        "# Amendments & Archives\n\n"
        "<p>The manual is updated in releases. Each release below lists the chapters it changed; "
        "earlier versions of every chapter stay published so that decisions can be checked against the "
        f'version in force at the time. <a href="{feed}">Subscribe to updates (Atom feed)</a>.</p>\n\n'
        '<h2 id="under-review">Chapters under review</h2>'
        f"{under_review_list(manual, page_url)}\n\n"
        + "\n\n".join(sections) + "\n"
    )


class VersionLinks(Protocol):
    """Where a chapter's earlier versions and comparisons live (the history's ``History`` answers this)."""

    def links(self, chapter: Chapter, amendment: Amendment, page_url: str) -> str: ...  # noqa: E704


def _note_row(note: NoteAmendment, page_url: str) -> str:
    amendment = note.amendment
    effect = (f'<br><span class="amendment-effect">In force from <time datetime="{amendment.date.isoformat()}">'
              f"{long_date(amendment.date)}</time></span>")
    record = f'<a href="{escape(relative_url(page_url, note.record_url))}">Record of the note</a>'
    return (
        f'<tr><th scope="row"><a href="{escape(relative_url(page_url, note.url))}">{escape(note.title)}</a></th>'
        + labelled_cell("Details", escape(amendment.summary) + effect)
        + labelled_cell("Sections affected", "Local note")
        + labelled_cell("Versions", record) + "</tr>"
    )


def _row(chapter: Chapter, amendment: Amendment, page_url: str, version_links: VersionLinks | None) -> str:
    affected = ", ".join(amendment.paragraphs) or "Whole chapter"
    versions = version_links.links(chapter, amendment, page_url) if version_links else ""
    effect = (f'<br><span class="amendment-effect">In force from <time datetime="{amendment.date.isoformat()}">'
              f"{long_date(amendment.date)}</time></span>")
    return (
        f'<tr><th scope="row"><a href="{escape(relative_url(page_url, chapter.url))}">'
        f"{escape(chapter.display_title)}</a></th>"
        + labelled_cell("Details", escape(amendment.summary) + effect) + labelled_cell("Sections affected", escape(affected))
        + labelled_cell("Versions", versions or "None kept") + "</tr>"
    )
