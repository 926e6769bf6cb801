"""The threshold document as accessible HTML that works without JavaScript."""

from __future__ import annotations

from typing import Callable

from ..safe_html.escape import escape
from ..safe_html.short_markdown import short_markdown_html
from ..urls import relative_url
from .document import Thresholds


def _md(text: str) -> str:
    return short_markdown_html(text)


def age_page_url(thresholds_url: str, age_id: str) -> str:
    """The page of the matrix for one age group, which works without JavaScript and can be shared."""
    return f"{thresholds_url}ages/{age_id}/"


def thresholds_html(thresholds: Thresholds, page_url: str, chapter_url: Callable[[str], tuple[str, str] | None],
                    thresholds_url: str | None = None, age: str | None = None, age_pages: bool = True) -> str:
    """Contents, levels with their responses, then the matrix; complete without JavaScript.

    ``thresholds_url`` is the address of the whole document (for the age pages and their links back);
    ``age`` filters the matrix to one age group, as its age page shows it. Versions of the document (archived
    or at a permanent address) have no age pages of their own: ``age_pages=False`` leaves those links out.
    """
    base = thresholds_url if thresholds_url is not None else page_url
    return "\n".join([
        _contents(thresholds, page_url, base, age, age_pages),
        _levels_overview(thresholds, page_url, chapter_url),
        _matrix(thresholds, page_url, base, age),
    ])


def _age_links(thresholds: Thresholds, page_url: str, base: str, age: str | None) -> str:
    """Filter by age without JavaScript: one page per age group, the current one marked."""
    choices = [(None, "All ages", base)] + [(a, t, age_page_url(base, a)) for a, t in thresholds.age_groups]
    items = "".join(
        f'<li><a href="{escape(relative_url(page_url, url))}"'
        + (' aria-current="page"' if choice == age else "") + f">{escape(label)}</a></li>"
        for choice, label, url in choices
    )
    return f'<p id="age-filter-title">Show indicators for:</p><ul class="age-filter" aria-labelledby="age-filter-title">{items}</ul>'


def _contents(thresholds: Thresholds, page_url: str, base: str, age: str | None, age_pages: bool = True) -> str:
    """Jump links at the top: each level, the matrix, each domain, and the age filter."""
    levels = "".join(f'<li><a href="#{level.anchor}">Level {level.id}: {escape(level.title)}</a></li>'
                     for level in thresholds.levels)
    domains = "".join(f'<li><a href="#domain-{escape(d.id)}">{escape(d.title)}</a></li>' for d in thresholds.domains)
    ages = _age_links(thresholds, page_url, base, age) if thresholds.age_groups and age_pages else ""
    return (
        '<nav class="threshold-contents" aria-labelledby="threshold-contents-title">'
        '<h2 id="threshold-contents-title">On this page</h2>'
        f'<ul><li><a href="#levels">Levels of need</a><ul>{levels}</ul></li>'
        f'<li><a href="#indicators">Indicators by domain and level</a><ul>{domains}</ul></li></ul>'
        f"{ages}</nav>"
    )


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


def _shown(ages: tuple[str, ...], age: str | None) -> bool:
    """An indicator shows for an age group when it names that group, or names none (all ages)."""
    return age is None or not ages or age in ages


def _empty_cell(age_label: str | None, all_ages_href: str, row_id: str, had_items: bool) -> str:
    if age_label is None or not had_items:
        return '<span class="no-indicators">None listed</span>'
    return (f'<p class="no-indicators">No indicators listed for {escape(age_label)} at this level. '
            f'<a href="{escape(all_ages_href)}#{escape(row_id)}">See all ages</a></p>')


def _matrix(thresholds: Thresholds, page_url: str, base: str, age: str | None) -> str:
    ages = dict(thresholds.age_groups)
    age_label = ages.get(age) if age else None
    all_ages_href = relative_url(page_url, base)
    head = "".join(f'<th scope="col" id="col-level-{lvl.id}">Level {lvl.id}: {escape(lvl.title)}</th>'
                   for lvl in thresholds.levels)
    body = []
    for domain in thresholds.domains:
        body.append(f'<tbody data-domain="{escape(domain.id)}" id="domain-{escape(domain.id)}">'
                    f'<tr class="domain-row"><th scope="colgroup" colspan="{len(thresholds.levels) + 1}">'
                    f"{escape(domain.title)}</th></tr>")
        for sub in domain.subdomains:
            cells = []
            row_id = f"row-{domain.id}-{sub.id}"
            for level in thresholds.levels:
                listed = [i for i in thresholds.indicators
                          if i.domain == domain.id and i.subdomain == sub.id and i.level == level.id]
                items = "".join(
                    f'<li id="{i.anchor}" data-ages="{escape(" ".join(i.ages))}">'
                    f'{escape(i.text)} <a class="indicator-link" href="#{i.anchor}" '
                    f'aria-label="Link to indicator {escape(i.id)}">#</a>'
                    + (f' <span class="indicator-ages">({escape(", ".join(ages.get(a, a) for a in i.ages))})</span>' if i.ages else "")
                    + "</li>"
                    for i in listed if _shown(i.ages, age)
                )
                cells.append(f'<td data-level="Level {level.id}: {escape(level.title)}">'
                             + (f"<ul>{items}</ul>" if items else _empty_cell(age_label, all_ages_href, row_id, bool(listed)))
                             + "</td>")
            body.append(f'<tr id="{escape(row_id)}"><th scope="row">{escape(sub.title)}</th>'
                        + "".join(cells) + "</tr>")
        body.append("</tbody>")
    filters = ' data-threshold-filters' if age is None else ""  # an age page is already filtered
    if thresholds.age_groups and age is None:
        filters += f' data-age-groups="{escape(";".join(f"{a}={t}" for a, t in thresholds.age_groups))}"'
    shown_for = f"<p>Showing indicators for {escape(age_label)}, and those for all ages.</p>" if age_label else ""
    return (
        '<h2 id="indicators">Indicators by domain and level</h2>' + shown_for +
        '<div class="threshold-matrix"' + filters + ">"
        '<table class="threshold-table">'
        "<caption>Indicators of need by domain and level. Each indicator is an example, not a checklist.</caption>"
        f'<thead><tr><th scope="col">Domain</th>{head}</tr></thead>'
        + "".join(body) + "</table></div>"
    )
