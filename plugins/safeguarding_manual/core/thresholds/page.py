"""The threshold document as accessible HTML that works without JavaScript."""

from __future__ import annotations

from typing import Callable

from ..safe_html.escape import escape
from ..safe_html.short_markdown import short_markdown_html
from ..urls import relative_url
from .document import Thresholds


def _md(text: str) -> str:
    return short_markdown_html(text)


def thresholds_html(thresholds: Thresholds, page_url: str, chapter_url: Callable[[str], tuple[str, str] | None]) -> str:
    """Levels with their responses, then the matrix; complete without JavaScript."""
    return "\n".join([_levels_overview(thresholds, page_url, chapter_url), _matrix(thresholds)])


def _levels_overview(thresholds: Thresholds, page_url: str, chapter_url: Callable[[str], tuple[str, str] | None]) -> str:
    sections = []
    for level in thresholds.levels:
        contacts = "".join(
            "<li>" + f"<strong>{escape(c.name)}</strong>"
            + (f': <a href="tel:{escape(c.phone.replace(" ", ""))}">{escape(c.phone)}</a>' if c.phone else "")
            + (f', <a href="mailto:{escape(c.email)}">{escape(c.email)}</a>' if c.email else "")
            + (f" ({escape(c.hours)})" if c.hours else "")
            + (f". {escape(c.notes)}" if c.notes else "")
            + "</li>"
            for c in level.contacts
        )
        links = []
        for chapter_id in level.procedures:
            target = chapter_url(chapter_id)
            if target:
                url, title = target
                links.append(f'<li><a href="{escape(relative_url(page_url, url))}">{escape(title)}</a></li>')
        sections.append(
            f'<section class="threshold-level threshold-level--{level.id}" id="{level.anchor}" aria-labelledby="{level.anchor}-title">'
            f'<h3 id="{level.anchor}-title">Level {level.id}: {escape(level.title)}</h3>'
            f"<p>{escape(level.summary)}</p>"
            f'<h4>What to do</h4>{_md(level.what_to_do)}'
            + (f"<h4>Who to contact</h4><ul>{contacts}</ul>" if contacts else "")
            + (f"<h4>Procedures that apply</h4><ul>{''.join(links)}</ul>" if links else "")
            + "</section>"
        )
    return ('<h2 id="levels">Levels of need</h2>' + "".join(sections))


def _matrix(thresholds: Thresholds) -> str:
    ages = dict(thresholds.age_groups)
    head = "".join(f'<th scope="col" id="col-level-{lvl.id}">Level {lvl.id}: {escape(lvl.title)}</th>'
                   for lvl in thresholds.levels)
    body = []
    for domain in thresholds.domains:
        body.append(f'<tbody data-domain="{escape(domain.id)}" id="domain-{escape(domain.id)}">'
                    f'<tr class="domain-row"><th scope="colgroup" colspan="{len(thresholds.levels) + 1}">'
                    f"{escape(domain.title)}</th></tr>")
        for sub in domain.subdomains:
            cells = []
            for level in thresholds.levels:
                items = "".join(
                    f'<li id="{i.anchor}" data-ages="{escape(" ".join(i.ages))}">'
                    f'{escape(i.text)} <a class="indicator-link" href="#{i.anchor}" '
                    f'aria-label="Link to indicator {escape(i.id)}">#</a>'
                    + (f' <span class="indicator-ages">({escape(", ".join(ages.get(a, a) for a in i.ages))})</span>' if i.ages else "")
                    + "</li>"
                    for i in thresholds.indicators if i.domain == domain.id and i.subdomain == sub.id and i.level == level.id
                )
                cells.append(f'<td data-level="Level {level.id}: {escape(level.title)}">'
                             + (f"<ul>{items}</ul>" if items else '<span class="no-indicators">None listed</span>') + "</td>")
            body.append(f'<tr id="row-{escape(domain.id)}-{escape(sub.id)}"><th scope="row">{escape(sub.title)}</th>'
                        + "".join(cells) + "</tr>")
        body.append("</tbody>")
    filters = ""
    if thresholds.age_groups:
        filters = f' data-age-groups="{escape(";".join(f"{a}={t}" for a, t in thresholds.age_groups))}"'
    return (
        '<h2 id="indicators">Indicators by domain and level</h2>'
        '<div class="threshold-matrix" data-threshold-filters' + filters + ">"
        '<table class="threshold-table">'
        "<caption>Indicators of need by domain and level. Each indicator is an example, not a checklist.</caption>"
        f'<thead><tr><th scope="col">Domain</th>{head}</tr></thead>'
        + "".join(body) + "</table></div>"
    )
