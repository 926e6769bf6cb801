"""What an area's site shows of its own content: notes in regional chapters, its contacts, its chapters' label.

Everything local is marked as local, in words and not only by colour, so a practitioner reading an
area's site can always tell the area's own text from the region's shared procedures.
"""

from __future__ import annotations

import datetime as dt

from ..areas.notes import LocalNote
from ..areas.settings import Area, Contact
from ..dates import long_date
from ..manual.model import Chapter, Manual, NoteAmendment
from ..safe_html.escape import escape
from ..safe_html.short_markdown import short_markdown_html
from ..urls import relative_url

LOCAL_NOTES_SRC_URI = "local-notes/index.md"
LOCAL_NOTES_URL = "local-notes/"
LOCAL_CONTACTS_SRC_URI = "local-contacts/index.md"
LOCAL_CONTACTS_URL = "local-contacts/"


def note_box(note: LocalNote, page_url: str) -> str:
    """The note in a marked box, at its place in the chapter."""
    history = escape(relative_url(page_url, f"{LOCAL_NOTES_URL}#{note.anchor}"))
    return (
        f'<aside class="local-content" id="{escape(note.anchor)}" aria-labelledby="{escape(note.anchor)}-title">'
        f'<p class="local-content__title" id="{escape(note.anchor)}-title">Local content: {escape(note.area)}</p>'
        f'<div class="local-content__body">{note.html}</div>'
        f'<p class="local-content__record" data-search-exclude>Local note, version {note.version}, last updated '
        f'<time datetime="{note.last_updated.isoformat()}">{long_date(note.last_updated)}</time>. '
        f'<a href="{history}">Record of this note</a></p></aside>'
    )


def notes_for(chapter: Chapter, notes: list[LocalNote], page_url: str) -> tuple[str, dict[str, str]]:
    """The chapter's notes: those at its top, and those after each paragraph (by number)."""
    top = "".join(note_box(n, page_url) for n in notes if n.chapter_id == chapter.id and n.paragraph is None)
    after: dict[str, str] = {}
    for note in notes:
        if note.chapter_id == chapter.id and note.paragraph is not None:
            after[note.paragraph] = after.get(note.paragraph, "") + note_box(note, page_url)
    return top, after


def note_amendments(notes: list[LocalNote], manual: Manual) -> list[NoteAmendment]:
    """The notes' amendments, for the area's Amendments page and feed (a region's site has none)."""
    found = []
    for note in notes:
        chapter = manual.chapter_by_id(note.chapter_id)
        if chapter is None:
            continue
        where = f", paragraph {note.paragraph}" if note.paragraph else ""
        title = f"Local note ({note.area}): {chapter.display_title}{where}"
        found += [NoteAmendment(title, f"{chapter.url}#{note.anchor}", amendment,
                                f"{LOCAL_NOTES_URL}#{note.anchor}") for amendment in note.record]
    return found


def local_chapter_label(chapter: Chapter, area: Area | None) -> str:
    """Above an area's own chapter: whose it is, and what it replaces."""
    if chapter.area is None or area is None:
        return ""
    if chapter.local_override:
        text = (f"Local content: this is {escape(area.name)}'s own version of {escape(chapter.id)}. On this site it "
                "replaces the regional chapter of the same number.")
    else:
        text = f"Local content: a chapter of {escape(area.name)}'s own, not part of the shared regional procedures."
    return f'<p class="local-label" data-search-exclude>{text}</p>'


def local_notes_html(notes: list[LocalNote], manual: Manual, page_url: str) -> str:
    """Every note with where it is, its record of amendments and every earlier text."""
    if not notes:
        return "<p>This area has no local notes on the regional chapters.</p>"
    return ('<p>Each note below is shown in a "Local content" box in the regional chapter it belongs to. Earlier texts '
            "of each note stay here, so that a decision can be checked against the note as it then stood.</p>"
            + "".join(_note_record(note, manual, page_url) for note in sorted(notes, key=lambda n: (n.chapter_id, n.name))))


def _note_record(note: LocalNote, manual: Manual, page_url: str) -> str:
    chapter = manual.chapter_by_id(note.chapter_id)
    where = escape(note.place)
    if chapter is not None:
        target = relative_url(page_url, f"{chapter.url}#{note.paragraph}" if note.paragraph else chapter.url)
        where = f'<a href="{escape(target)}">{escape(chapter.display_title)}</a>' + (
            f", after paragraph {escape(note.paragraph)}" if note.paragraph else ", at the top")
    amendments = "".join(
        f'<li><time datetime="{a.date.isoformat()}">{long_date(a.date)}</time>'
        f'{f" (version {a.version})" if a.version else ""}: {escape(a.summary)}</li>' for a in note.record)
    earlier = "".join(
        f'<details class="local-note-version"><summary>Version {v.number}, in force until '
        f"{long_date(_superseded(note, v.number))}</summary>{short_markdown_html(v.body)}</details>"
        for v in reversed(note.earlier))
    return (
        f'<h2 id="{escape(note.anchor)}">Note on {escape(note.place)}</h2>'
        f"<p>In {where}. Written against version {note.chapter_version} of {escape(note.chapter_id)}. "
        f"Version {note.version}, last updated {long_date(note.last_updated)}.</p>"
        f'<div class="local-content__body">{note.html}</div>'
        f"<h3>Amendments</h3><ul>{amendments}</ul>" + (f"<h3>Earlier versions</h3>{earlier}" if earlier else "")
    )


def _superseded(note: LocalNote, number: int) -> dt.date:
    """Version N was in force until version N+1 (or the current text) was published."""
    later = [v.last_updated for v in note.earlier if v.number == number + 1]
    return later[0] if later else note.last_updated


def local_contacts_html(area: Area) -> str:
    if not area.contacts:
        return f"<p>{escape(area.partnership)} has not listed local contacts yet.</p>"
    rows = "".join(_contact(contact) for contact in area.contacts)
    return (f"<p>Who to contact in {escape(area.name)}. In an emergency, when a child is in immediate danger, "
            f"call 999.</p>{rows}")


def _contact(contact: Contact) -> str:
    lines = []
    if contact.purpose:
        lines.append(f"<p>{escape(contact.purpose)}</p>")
    details = []
    if contact.phone:
        digits = "".join(ch for ch in contact.phone if ch.isdigit() or ch == "+")
        details.append(f'<li>Telephone: <a href="tel:{escape(digits)}">{escape(contact.phone)}</a></li>')
    if contact.email:
        details.append(f'<li>Email: <a href="mailto:{escape(contact.email)}">{escape(contact.email)}</a></li>')
    if contact.hours:
        details.append(f"<li>Hours: {escape(contact.hours)}</li>")
    if contact.web:
        details.append(f'<li>Web: <a href="{escape(contact.web)}">{escape(contact.web)}</a></li>')
    return (f'<section class="local-contact"><h2>{escape(contact.name)}</h2>{"".join(lines)}'
            + (f"<ul>{''.join(details)}</ul>" if details else "") + "</section>")
