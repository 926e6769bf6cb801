"""Pages and blocks about a chapter's history: timeline, archived versions, comparisons, feed."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from ..dates import long_date
from ..manual.links import resolve_link
from ..manual.model import Amendment, Chapter, Manual
from ..manual.outline import IMAGE, LINK
from ..reading.markdown_text import blank_code
from ..safe_html.escape import escape
from ..thresholds.document import comparable_text
from ..urls import page_url as url_of_source
from ..urls import AMENDMENTS_URL, ON_A_DATE_URL, relative_url, source_of
from .archive import (
    Version,
    changes_src_uri,
    changes_url,
    chapter_version_start,
    version_src_uri,
    version_url,
)
from .compare import comparison_html
from .paragraphs import ParagraphChanges, align


@dataclass(frozen=True)
class HistoryPage:
    """A generated page: an archived version or a comparison."""

    kind: str  # "version" (archived), "current" (the current version's permanent address) or "changes"
    chapter: Chapter
    number: int
    src_uri: str


class History:
    """A manual's versions, and the pages and links built from them."""

    def __init__(self, manual: Manual, versions: dict[str, list[Version]]):
        self.manual = manual
        self.versions = versions

    def pages(self) -> list[HistoryPage]:
        result = []
        for chapter in self.manual.published_chapters:
            for version in self.versions.get(chapter.src_uri, []):
                result.append(HistoryPage("version", chapter, version.number, version_src_uri(chapter, version.number)))
            # The current text at an address that will always show it: when the chapter is amended, the
            # archived snapshot of this version takes the same address.
            result.append(HistoryPage("current", chapter, chapter.version, version_src_uri(chapter, chapter.version)))
            for number in range(2, chapter.version + 1):
                if self._version(chapter, number - 1) is not None:  # the text compared against is kept
                    result.append(HistoryPage("changes", chapter, number, changes_src_uri(chapter, number)))
        return result

    def _version(self, chapter: Chapter, number: int) -> Version | None:
        return next((v for v in self.versions.get(chapter.src_uri, []) if v.number == number), None)

    def body_of(self, chapter: Chapter, number: int) -> str | None:
        """The text of a version as compared: the body, plus the matrix of a threshold document."""
        if number == chapter.version:
            return chapter.body + comparable_text(chapter.thresholds)  # type: ignore[arg-type]
        version = self._version(chapter, number)
        return version.body + comparable_text(version.thresholds) if version else None  # type: ignore[arg-type]

    def amendment_for(self, chapter: Chapter, number: int) -> tuple[int, Amendment] | None:
        """The amendment (and its place in the list) that produced version ``number``."""
        return next(((index, a) for index, a in enumerate(chapter.amendments) if a.version == number), None)

    def paragraph_changes(self, chapter: Chapter, number: int) -> ParagraphChanges | None:
        """What happened to the paragraphs of version ``number - 1`` in version ``number`` (None: not archived)."""
        old_body, new_body = self.body_of(chapter, number - 1), self.body_of(chapter, number)
        if old_body is None or new_body is None:
            return None
        found = self.amendment_for(chapter, number)
        return align(old_body, new_body, found[1].renumbering if found else None)

    def cited_version(self, page: HistoryPage) -> tuple[str, str, int, dt.date] | None:
        """ID, title, number and first day in force of the version a history page shows (None for comparisons)."""
        chapter = page.chapter
        if page.kind == "current":
            return chapter.id, chapter.title, chapter.version, chapter_version_start(chapter)
        version = self._version(chapter, page.number) if page.kind == "version" else None
        return (version.id, version.title, version.number, version.last_updated) if version else None

    def version_thresholds(self, page: HistoryPage) -> object | None:
        """The matrix to show on an archived threshold document, as it was then."""
        if page.kind == "current":
            return page.chapter.thresholds
        version = self._version(page.chapter, page.number) if page.kind == "version" else None
        return version.thresholds if version else None

    def source_path(self, page: HistoryPage) -> Path:
        """The file a history page is read from; it changes only when that file does."""
        if page.kind == "version" or page.number < page.chapter.version:
            version = self._version(page.chapter, page.number)
            assert version is not None
            return version.source_path
        return page.chapter.source_path

    def page_meta(self, page: HistoryPage) -> dict[str, object]:
        """Title, robots and search settings: archived pages are out of search and out of search engines."""
        chapter = page.chapter
        if page.kind == "version":
            version = self._version(chapter, page.number)
            assert version is not None
            # "Superseded" first: the theme's header shortens long titles from the end as the reader scrolls.
            title = f"Superseded: {version.display_title} (version {version.number})"
        elif page.kind == "current":
            title = f"{chapter.display_title} (version {chapter.version}, permanent address)"
        else:
            title = f"{chapter.display_title}: changes in version {page.number}"
        return {"title": title, "robots": "noindex", "search": {"exclude": True}, "glossary_links": False}

    def page_body(self, page: HistoryPage) -> str:
        """The Markdown to render: an archived version's text, its links rebased; nothing for comparisons."""
        if page.kind == "current":
            return rebase_links(page.chapter.body, page.chapter.src_uri, page.src_uri, self.manual)
        if page.kind != "version":
            return ""
        version = self._version(page.chapter, page.number)
        assert version is not None
        return rebase_links(version.body, page.chapter.src_uri, page.src_uri, self.manual)

    def page_header(self, page: HistoryPage, page_url: str) -> str:
        chapter = page.chapter
        current = escape(relative_url(page_url, chapter.url))
        if page.kind == "current":
            start = chapter_version_start(chapter)
            return (
                f'<h1 id="chapter-title"><span class="chapter-id">{escape(chapter.id)}.</span> {escape(chapter.title)}'
                f' <span class="version-label">(version {chapter.version})</span></h1>'
                '<section class="status-banner status-banner--permanent" aria-labelledby="permanent-title">'
                f'<h2 id="permanent-title">Version {chapter.version}, in force from {long_date(start)}</h2>'
                f"<p>This address will always show the text of version {chapter.version}, so it can be cited. "
                f'It is the current version. <a href="{current}">Read the chapter</a> for its notices and '
                "related chapters; after the next amendment the chapter's own address shows the new text.</p>"
                "</section>"
            )
        if page.kind == "version":
            version = self._version(chapter, page.number)
            assert version is not None
            changes = ""
            if self.body_of(chapter, page.number - 1) is not None:
                changes = f' <a href="{escape(relative_url(page_url, changes_url(chapter, page.number)))}">See what changed in this version</a>.'
            return (
                f'<h1 id="chapter-title"><span class="chapter-id">{escape(version.id)}.</span> {escape(version.title)}'
                f' <span class="version-label">(version {version.number})</span></h1>'
                '<section class="status-banner status-banner--superseded" aria-labelledby="superseded-title">'
                f'<h2 id="superseded-title">This version was superseded on {long_date(version.superseded_on)}</h2>'
                f'<p><a href="{current}">Read the current version</a> ({escape(chapter.display_title)}, version '
                f"{chapter.version}). This page is kept so that decisions can be checked against the version in force "
                f"at the time: it was in force from {long_date(version.last_updated)} to "
                f"{long_date(version.superseded_on)}.{changes}</p></section>"
                # Repeated where the reader is: it stays at the top of the screen while the text scrolls.
                f'<p class="superseded-marker"><strong>Superseded version {version.number}</strong> '
                f'(in force {long_date(version.last_updated)} to {long_date(version.superseded_on)}). '
                f'<a href="{current}">Current version</a></p>'
            )
        old_body, new_body, old_label, new_label = self._comparison_inputs(page)
        return self._changes_intro(page, page_url) + comparison_html(
            old_body, new_body, old_label, new_label, self.paragraph_changes(chapter, page.number))

    def _comparison_inputs(self, page: HistoryPage) -> tuple[str, str, str, str]:
        """The two texts a comparison page compares, and their labels."""
        chapter = page.chapter
        old_label = f"version {page.number - 1}"
        new_label = f"version {page.number}" + (" (current)" if page.number == chapter.version else "")
        return (self.body_of(chapter, page.number - 1) or "", self.body_of(chapter, page.number) or "",
                old_label, new_label)

    def _changes_intro(self, page: HistoryPage, page_url: str) -> str:
        """A comparison page's title, date and links, above the comparison itself."""
        chapter = page.chapter
        current = escape(relative_url(page_url, chapter.url))
        amendment = next((a for a in chapter.amendments if a.version == page.number), None)
        note = f"<p><strong>Summary of the amendment:</strong> {escape(amendment.summary)}</p>" if amendment else ""
        took_effect = self._in_force_from(chapter, page.number)
        effect = (f'<p class="change-date"><strong>This change took effect on <time datetime="{took_effect.isoformat()}">'
                  f"{long_date(took_effect)}</time></strong>, when version {page.number} came into force.</p>"
                  if took_effect else "")
        return (
            f'<h1 id="chapter-title">{escape(chapter.display_title)}: what changed in version {page.number}</h1>'
            f"{effect}"
            f'<p><a href="{current}">Read the current version</a> · '
            + self._version_link(chapter, page.number - 1, page_url,
                                 f"Read the text before this change (version {page.number - 1})")
            + f"</p>{note}"
        )

    def page_fingerprint(self, page: HistoryPage, page_url: str) -> str | None:
        """Everything of the manual that a history page shows, as one string: the frozen-page cache's key.

        Two builds that give the same fingerprint (with the same settings, code and page meta, where the
        title of :meth:`page_meta` and the navigation of :meth:`record_links` go) make the same page, so
        its HTML can be reused instead of made again. None for a page that shows other chapters' current
        titles (an archived threshold document links the chapters named in its matrix): made every time.
        """
        if self.version_thresholds(page) is not None:
            return None
        if page.kind == "changes":
            found = self.amendment_for(page.chapter, page.number)
            declared = sorted(found[1].renumbering.items()) if found else []
            shown: object = [self._changes_intro(page, page_url), *self._comparison_inputs(page), declared]
        else:
            shown = self.page_header(page, page_url)
        parts = [page.kind, page.number, page.src_uri, page_url, shown, self.cited_version(page), self.manual.title]
        return json.dumps(parts, default=str, ensure_ascii=False)

    def record_links(self, page: HistoryPage, page_url: str) -> list[dict[str, str]]:
        """The short navigation of a history page (the record template): where to go from a frozen text.

        Labels and addresses are escaped here, ready for the template.
        """
        chapter = page.chapter
        links = [("Home", "./"), (f"{chapter.display_title} (current version)", chapter.url),
                 ("All versions of this chapter", chapter.url + "#versions"),
                 ("Amendments", AMENDMENTS_URL), ("The manual on a date", ON_A_DATE_URL)]
        return [{"label": escape(label), "url": escape(relative_url(page_url, url))} for label, url in links]

    def _in_force_from(self, chapter: Chapter, number: int) -> dt.date | None:
        """The day version ``number`` came into force."""
        if number == chapter.version:
            return chapter_version_start(chapter)
        version = self._version(chapter, number)
        return version.last_updated if version is not None else None

    def _version_link(self, chapter: Chapter, number: int, page_url: str, label: str) -> str:
        url = chapter.url if number == chapter.version else version_url(chapter, number)
        return f'<a href="{escape(relative_url(page_url, url))}">{escape(label)}</a>'

    def timeline(self, chapter: Chapter, page_url: str, notes: str = "") -> str:
        """The list of every version with its dates, at the foot of the chapter."""
        permanent = escape(relative_url(page_url, version_url(chapter, chapter.version)))
        items = [
            f'<li><strong><a href="{permanent}">Version {chapter.version}</a> (current)</strong>, in force from '
            f"{long_date(chapter_version_start(chapter))}"
            + self._changes_link(chapter, chapter.version, page_url) + "</li>"
        ]
        for version in reversed(self.versions.get(chapter.src_uri, [])):
            items.append(
                f"<li>{self._version_link(chapter, version.number, page_url, f'Version {version.number}')}"
                f" ({escape(version.id)}), in force {long_date(version.last_updated)} to {long_date(version.superseded_on)}"
                + self._changes_link(chapter, version.number, page_url) + "</li>"
            )
        if chapter.versions_kept_from > 1:
            first = chapter.versions_kept_from - 1
            imported = f" (brought in on {long_date(chapter.imported)})" if chapter.imported else ""
            items.append(f"<li>Version{'s 1 to ' if first > 1 else ' '}{first}: published before this manual "
                         f"was kept here{imported}; not archived here.</li>")
        history = "".join(
            f"<li>{long_date(a.date)}" + (f" (version {a.version})" if a.version else "") + f": {escape(a.summary)}</li>"
            for a in reversed(chapter.amendments)
        )
        history_html = f"<h3>Amendments</h3><ul>{history}</ul>" if history else ""
        return (
            '<section class="version-timeline" id="versions" aria-labelledby="versions-title" data-search-exclude>'
            f'<h2 id="versions-title">Versions of this chapter</h2><ol reversed>{"".join(items)}</ol>{history_html}'
            f"{notes}</section>"
        )

    def _changes_link(self, chapter: Chapter, number: int, page_url: str) -> str:
        if number < 2 or self.body_of(chapter, number - 1) is None:
            return ""
        return f' (<a href="{escape(relative_url(page_url, changes_url(chapter, number)))}">what changed</a>)'

    def links(self, chapter: Chapter, amendment: Amendment, page_url: str) -> str:
        """For the Amendments page: the version before and the changes."""
        number = amendment.version
        if not number or number < 2 or self.body_of(chapter, number - 1) is None:
            return "First version" if number == 1 else ""
        return (f'<a href="{escape(relative_url(page_url, changes_url(chapter, number)))}">What changed</a> · '
                + self._version_link(chapter, number - 1, page_url, f"Text before (version {number - 1})"))


def rebase_links(body: str, chapter_src_uri: str, page_src_uri: str, manual: Manual) -> str:
    """Rewrite an archived body's relative links so they still work from the archive page."""
    raw_lines = body.split("\n")
    checked = blank_code(body)
    page_dir = posixpath.dirname(page_src_uri)

    def replace(match: "re.Match[str]") -> str:
        target = match.group("target")
        resolved = _resolve_archived_link(chapter_src_uri, target, manual)
        if resolved is None or target.startswith("#"):
            return match.group(0)
        src_uri, fragment = resolved
        linked = manual.chapter_by_src_uri(src_uri)
        if linked is not None and (not linked.is_published):
            return match.group(0).split("](", 1)[0][1:]
        if linked is not None and fragment and fragment not in linked.outline.anchors:
            fragment = ""
        new_target = posixpath.relpath(src_uri, page_dir) + (f"#{fragment}" if fragment else "")
        start, end = match.span("target")
        whole = match.group(0)
        offset = match.start()
        return whole[: start - offset] + new_target + whole[end - offset:]

    def replace_image(match: "re.Match[str]") -> str:
        """Images kept beside the chapter are served from there: point at them from the version's page."""
        target = match.group("target")
        if not target or target.startswith(("/", "#")) or "://" in target or target.startswith(("data:", "//")):
            return match.group(0)
        path, _, rest = target.partition("?")
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(posixpath.dirname(chapter_src_uri), path)), page_dir)
        start, end = match.span("target")
        whole, offset = match.group(0), match.start()
        return whole[: start - offset] + moved + (f"?{rest}" if rest else "") + whole[end - offset:]

    chapter_url, version_page_url = url_of_source(chapter_src_uri), url_of_source(page_src_uri)

    def replace_raw(match: "re.Match[str]") -> str:
        """Relative addresses in raw HTML are read from the chapter's page: point them from the version's."""
        target = match.group("target")
        if not target or target.startswith(("/", "#", "//")) or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target):
            return match.group(0)
        site_path = posixpath.normpath(posixpath.join(chapter_url, target))
        moved = relative_url(version_page_url, site_path + ("/" if target.endswith("/") else ""))
        return f"{match.group('attribute')}{match.group('quote')}{moved}{match.group('quote')}"

    for index, line in enumerate(raw_lines):
        if checked[index] or not line:
            line = IMAGE.sub(replace_image, LINK.sub(replace, line))
            raw_lines[index] = RAW_URL.sub(replace_raw, line) if "<" in line else line
    return "\n".join(raw_lines)


#: ``href="..."`` or ``src="..."`` inside a raw HTML tag.
RAW_URL = re.compile(r"(?P<attribute>\b(?:href|src)\s*=\s*)(?P<quote>[\"'])(?P<target>[^\"'<>]*)(?P=quote)", re.IGNORECASE)


def _resolve_archived_link(chapter_src_uri: str, target: str, manual: Manual) -> tuple[str, str] | None:
    """Where a link in an archived version points today.

    The archived text was written where the chapter lived then: when the chapter has moved since
    (``redirect_from``), its links are read from its old place too. A link to a chapter that has moved
    follows the move.
    """
    chapter = manual.chapter_by_src_uri(chapter_src_uri)
    old_places = [source_of(url) for url in chapter.redirect_from] if chapter else []
    as_written_here = resolve_link(chapter_src_uri, target)
    for place in [chapter_src_uri, *old_places]:
        resolved = resolve_link(place, target) if place != chapter_src_uri else as_written_here
        if resolved is None:
            return None
        path, fragment = resolved
        if path == place:  # a link within the chapter itself
            return chapter_src_uri, fragment
        if manual.chapter_by_src_uri(path) is not None:
            return resolved
        moved = manual.chapter_moved_from(path)
        if moved is not None:
            return moved.src_uri, fragment
    return as_written_here
