"""Real headless Chromium: accessibility (axe-core), privacy, keyboard use, search, layouts and print.

In CI (CI=true) a missing browser fails these tests instead of skipping them.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import Build
from manual_on_dates import EXPECTED, view_rows
from made_up_index import IndexFiles, record_words, write_made_up_index
from safeguarding_manual.accessibility import (
    CHROMIUM_ARGS,
    WCAG_TAGS,
    WIDTHS,
    _wait_for_transitions,  # noqa: PLC2701 - the same wait as the check
    chromium_path,
)

PAGE_TYPES = {
    "home": "",
    "part contents": "partnership-arrangements/",
    "chapter": "core-procedures/child-death-reviews/",
    "chapter under review": "partnership-arrangements/local-safeguarding-children-partnerships/",
    "chapter with lettered lists, captions and an overdue review": "partnership-arrangements/regulation-5-functions/",
    "archived version": "partnership-arrangements/local-safeguarding-children-partnerships/versions/1/",
    "comparison of versions": "partnership-arrangements/local-safeguarding-children-partnerships/changes/2/",
    "glossary": "glossary/",
    "amendments": "amendments/",
    "reviews due": "reviews/",
    "thresholds": "thresholds/",
    "thresholds for one age group": "thresholds/ages/under-5/",
    "chapter with paragraphs marked as changed": "practice-guidance/safe-recruitment/",
    "the manual on a date, with a chosen date": "on-a-date/?date=2025-03-05",
    "the manual on a release's day": "on-a-date/2024-12/",
    "404": "no-such-page/",
}


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site like a static host: 404.html for missing pages."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@pytest.fixture(scope="session")
def site_url(example_build: Build) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_SiteHandler, directory=str(example_build.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (Debian package 'chromium'); .ci/run installs it."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def context(browser, site_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    yield context
    context.close()


def _axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    _wait_for_transitions(page)
    results = Axe().run(page).response
    failing = []
    for violation in results["violations"]:
        tags = set(violation["tags"])
        if tags & WCAG_TAGS or ("best-practice" in tags and violation["impact"] in ("serious", "critical")):
            failing.append({"id": violation["id"], "impact": violation["impact"],
                            "nodes": [n["target"] for n in violation["nodes"]][:5]})
    return failing


def _search(page, query: str) -> None:  # type: ignore[no-untyped-def]
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_every_page_type_has_no_accessibility_violations(context, site_url: str, width: str) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    report = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        report[name] = _axe(page)
    page.goto(site_url)
    if width == "phone":
        page.click("label[for=__search]")
    _search(page, "child death")
    report["search results"] = _axe(page)
    print(f"axe at {width}: " + ", ".join(f"{name}: {len(v)}" for name, v in report.items()))
    assert {name: v for name, v in report.items() if v} == {}


def test_no_third_party_requests_and_no_cookies(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    requests: list[str] = []
    blocked: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    for path in PAGE_TYPES.values():
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    _search(page, "lay member")
    local = urlparse(site_url).netloc
    foreign = [url for url in requests if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != local]
    print(f"requests: {len(requests)} in all, {len(foreign)} to other hosts")
    assert foreign == []
    assert blocked == [], "the Content-Security-Policy blocked part of the site itself"
    assert len(requests) > len(PAGE_TYPES)
    assert context.cookies() == []


def test_search_finds_chapter_by_id_citation_and_words(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(site_url)
    for query, expected in (("CP2(A)", "CP2(A). Unexpected Child Deaths"), ("PA4 2.2", "PA4 2.2"),
                            ("independent chair", "PA4. Independent Chair and Annual Report")):
        page.goto(site_url)
        _search(page, query)
        titles = page.locator(".md-search-result__item").all_inner_texts()
        assert any(expected in title for title in titles), (query, titles[:5])


def test_the_glossary_search_link_opens_the_search_with_the_term(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """A term used in more than 20 chapters ends its "Used in" line with a link to ``?q=<term>``."""
    page = context.new_page()
    page.goto(site_url + "glossary/?q=Independent%20Chair")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert page.locator("input.md-search__input").input_value() == "Independent Chair"
    titles = page.locator(".md-search-result__item").all_inner_texts()
    assert any("Independent Chair" in title for title in titles), titles[:5]


def test_keyboard_reaches_search_navigation_tooltips_and_filters_with_visible_focus(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "core-procedures/child-death-reviews/")
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {tag: e.tagName, cls: e.className || '', text: (e.textContent || '').trim().slice(0, 40),
                    visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'}; }""")
        assert info["visible"], f"no visible focus on {info}"
        seen.add(info["cls"] if isinstance(info["cls"], str) else "")
        if "glossary-term" in info["cls"]:
            tooltip = page.locator("#glossary-tip")
            tooltip.wait_for(state="visible", timeout=5_000)  # fails the test if focus never shows it
            assert len(tooltip.inner_text().strip()) > 20, "the tooltip shows the term's definition"
            break
    else:
        pytest.fail(f"Tab never reached a glossary term; saw {sorted(seen)[:10]}")
    # Search opens from the keyboard and closes with Escape.
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.getAttribute('data-md-component')") == "search-query"
    page.keyboard.type("private fostering")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("Escape")
    assert page.locator("input#__search").is_checked() is False
    # Threshold filters are operable from the keyboard.
    page.goto(site_url + "thresholds/")
    page.focus("#filter-domain")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => [...document.querySelectorAll('tbody[data-domain]')].filter(b => b.hidden).length"
                           " === 2", timeout=5_000)
    assert "Showing" in page.locator(".threshold-filter-status").inner_text()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Show all"
    assert page.evaluate("() => [...document.querySelectorAll('tbody[data-domain]')].filter(b => b.hidden).length") == 0


def _overflow(page) -> int:  # type: ignore[no-untyped-def]
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_threshold_matrix_fits_the_screen(context, site_url: str, width: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(site_url + "thresholds/#indicator-health-3")
    page.screenshot(path=str(tmp_path / f"thresholds-{width}.png"), full_page=True)
    assert _overflow(page) <= 0
    table = page.locator("table.threshold-table").bounding_box()
    content = page.locator("article").bounding_box()
    assert table["x"] >= content["x"] - 1 and table["x"] + table["width"] <= content["x"] + content["width"] + 1
    target = page.locator("#indicator-health-3")
    assert target.is_visible()
    if width == "phone":
        label = page.evaluate("() => getComputedStyle(document.querySelector('table.threshold-table td'), '::before').content")
        assert "Level 1" in label


def test_print_keeps_numbers_banners_and_the_whole_matrix(context, site_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(site_url + "thresholds/")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".md-header").is_hidden()
    assert page.locator(".print-stamp").is_visible()
    assert page.locator("table.threshold-table li").count() == page.locator("table.threshold-table li:visible").count()
    a4_width_px = 794  # 210 mm at 96 dpi
    page.set_viewport_size({"width": a4_width_px, "height": 1123})
    assert _overflow(page) <= 0
    pdf = page.pdf(format="A4", path=str(tmp_path / "thresholds.pdf"))
    assert pdf[:4] == b"%PDF"
    page.goto(site_url + "partnership-arrangements/local-safeguarding-children-partnerships/")
    page.emulate_media(media="print")
    assert page.locator(".paragraph-number").first.is_visible()
    assert page.locator(".status-banner").is_visible()
    assert page.locator(".md-sidebar--primary").is_hidden()


def test_glossary_tooltips_escape_one_at_a_time_readable_and_open_in_place_on_touch(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """WCAG 1.4.13: dismissable (Escape), hoverable, persistent; one at a time; 14 px or more; a disclosure on touch."""
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    page.goto(site_url + "partnership-arrangements/regulation-5-functions/")
    terms = page.locator("article a.glossary-term")
    assert terms.first.get_attribute("title") is None  # no second, native tooltip
    terms.nth(0).hover()
    tip = page.locator("#glossary-tip")
    tip.wait_for(state="visible")
    assert tip.get_attribute("role") == "tooltip"
    assert terms.nth(0).get_attribute("aria-describedby") == "glossary-tip"
    assert float(tip.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 14
    tip.hover()  # the pointer can move onto the definition without it vanishing
    page.wait_for_timeout(500)
    assert tip.is_visible()
    terms.nth(1).hover()
    page.wait_for_function("() => document.querySelectorAll('[role=tooltip]:not([hidden])').length === 1")
    assert page.locator("[aria-describedby=glossary-tip]").count() == 1
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    terms.nth(0).focus()
    tip.wait_for(state="visible")
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    desk.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = phone.new_page()
    url = site_url + "partnership-arrangements/regulation-5-functions/"
    page.goto(url)
    term = page.locator("article a.glossary-term").first
    term.tap()
    panel = page.locator(".glossary-panel")
    panel.wait_for(state="visible")
    assert page.url == url  # the definition opened in place; the reader did not leave the chapter
    assert term.get_attribute("aria-expanded") == "true"
    assert panel.locator("a").get_attribute("href") == term.get_attribute("href")
    assert float(panel.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 14
    assert page.locator("#glossary-tip").is_hidden()
    term.tap()
    assert panel.count() == 0 and term.get_attribute("aria-expanded") == "false"
    term.tap()
    page.keyboard.press("Escape")
    assert page.locator(".glossary-panel").count() == 0
    phone.close()


def test_skip_link_lands_on_the_title_before_the_notice(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(site_url + "partnership-arrangements/local-safeguarding-children-partnerships/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#chapter-title'")
    title_top = page.locator("#chapter-title").bounding_box()["y"]
    notice_top = page.locator("section.status-banner").bounding_box()["y"]
    assert 0 <= title_top < notice_top


def test_a_superseded_marker_stays_in_view_while_reading(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    phone = browser.new_context(viewport={"width": 390, "height": 700})
    page = phone.new_page()
    page.goto(site_url + "partnership-arrangements/local-safeguarding-children-partnerships/versions/1/")
    page.mouse.wheel(0, 2500)
    page.wait_for_function("window.scrollY > 1500")
    box = page.locator("p.superseded-marker").bounding_box()
    assert 0 <= box["y"] < 200, box  # still on screen, below the header
    header = page.locator(".md-header__topic").last.inner_text()
    assert header.strip().startswith("Superseded"), header
    phone.close()


def test_navigation_status_icons_look_different(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    page.goto(site_url + "partnership-arrangements/accountability/")
    masks = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.md-nav--primary .md-status')]
        .map(e => [e.className, getComputedStyle(e, '::after').maskImage || getComputedStyle(e, '::after').webkitMaskImage]))""")
    review = masks["md-status md-status--under-review"]
    new = masks["md-status md-status--new"]
    assert review != new and "svg" in review and "svg" in new
    desk.close()


@pytest.mark.parametrize("path, table", [("amendments/", "amendments-table"), ("reviews/", "reviews-table"),
                                         ("partnership-arrangements/", "contents-table")])
def test_tables_read_on_a_phone_without_words_broken(browser, site_url: str, path: str, table: str) -> None:  # type: ignore[no-untyped-def]
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(site_url + path)
    assert _overflow(page) <= 0
    broken = page.evaluate("""(table) => {
        const broken = [];
        for (const cell of document.querySelectorAll(`table.${table} tbody th, table.${table} td`)) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const m of node.textContent.matchAll(/[^ \\n\\t]+/g)) {
                    const range = document.createRange();
                    range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
                    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                    if (tops.size > 1) broken.push(m[0]);
                }
            }
        }
        return broken; }""", table)
    assert broken == [], broken
    th = page.locator(f"table.{table} thead th").first
    assert th.evaluate("e => getComputedStyle(e).textAlign") in ("left", "start")
    if table != "contents-table":
        assert page.locator(f"table.{table} .cell-label").first.is_visible()
    phone.close()


def test_insertions_are_marked_by_more_than_colour_and_not_like_links(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(site_url + "partnership-arrangements/local-safeguarding-children-partnerships/changes/3/")
    inserted = page.locator("ins.diff").first
    assert inserted.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"  # not like a link
    assert float(inserted.evaluate("e => parseFloat(getComputedStyle(e).borderTopWidth)")) > 0
    assert inserted.evaluate("e => getComputedStyle(e, '::before').content").startswith('"+"')
    phone.close()


def test_thresholds_filter_without_javascript_through_links(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    plain = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = plain.new_page()
    page.goto(site_url + "thresholds/")
    assert page.locator("#filter-age").count() == 0  # no script: no form, but links
    page.locator("nav.threshold-contents a", has_text="Level 3").click()
    assert page.url.endswith("#level-3")
    page.locator("ul.age-filter a", has_text="Under 5").click()
    assert page.url.endswith("/thresholds/ages/under-5/")
    ages = page.evaluate("[...document.querySelectorAll('table.threshold-table li[data-ages]')].map(li => li.dataset.ages)")
    assert ages and all(a == "" or "under-5" in a.split(" ") for a in ages)
    assert page.locator("p.no-indicators", has_text="No indicators listed for Under 5").count() > 0
    for link in page.locator("table.threshold-table a.indicator-link").all()[:5] + page.locator("ul.age-filter a").all():
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box  # WCAG 2.5.8 target size
    plain.close()


def test_thresholds_filters_with_javascript_are_kept_in_the_address(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(site_url + "thresholds/")
    page.select_option("#filter-age", "under-5")
    page.wait_for_function("location.search === '?age=under-5'")
    note = page.locator("td .filtered-empty:not([hidden])").first
    assert note.inner_text().startswith("No indicators listed for Under 5 at this level.")
    shared = page.url
    page.goto(site_url)
    page.goto(shared)  # a shared, filtered address opens filtered
    assert page.locator("#filter-age").input_value() == "under-5"
    assert page.locator("td .filtered-empty:not([hidden])").count() > 0
    page.locator("td .filtered-empty:not([hidden]) a").first.click()
    page.wait_for_function("location.search === ''")
    assert page.locator("#filter-age").input_value() == ""


def test_a_reader_who_never_searches_downloads_no_search_index(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "core-procedures/child-death-reviews/")
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(500)
    assert not [url for url in requested if "search_index" in url or "/workers/search." in url], requested
    page.keyboard.press("/")  # the reader searches: index and worker load, and results come
    page.keyboard.type("private fostering")
    page.wait_for_selector(".md-search-result__item")
    assert any("search_index.json" in url for url in requested)


def test_typing_a_query_downloads_the_text_of_its_own_results_only(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """The worker waits for a pause in the typing: the letters on the way to a query cost a phone no result text."""
    page = context.new_page()
    fragments: list[str] = []
    page.on("request", lambda request: fragments.append(request.url) if "/search-index/" in request.url
            and "/r/" in request.url else None)
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.keyboard.type("strategy discussion", delay=30)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    shown = {address.split("?")[0].split("#")[0] for address in
             page.locator(".md-search-result__link").evaluate_all("links => links.map(link => link.href)")}
    assert 0 < len(fragments) == len(set(fragments)) <= 10
    assert len(shown) == len(fragments), (shown, fragments)


WORKER = (Path(__file__).resolve().parents[1] / "plugins" / "safeguarding_manual" / "templates" / "assets"
          / "javascripts" / "workers" / "procedures-search.js")


@pytest.fixture
def worker_page(browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A blank page with the search worker's script loaded as a page script (its functions are globals there)
    and a made-up word index beside it, already opened as the worker opens it."""
    write_made_up_index(tmp_path / "search-index")
    shutil.copy(WORKER, tmp_path / "worker.js")
    (tmp_path / "index.html").write_text("<!doctype html><title>Worker</title>", "utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
    page.add_script_tag(url="/worker.js")
    page.evaluate("""async () => { index = await fetchJson("/search-index/index.json");
                                   folder = "/search-index/" + index.folder + "/"; }""")
    yield page, IndexFiles(tmp_path / "search-index")
    page.close()
    server.shutdown()


def test_the_worker_reads_words_as_the_index_writes_them(worker_page) -> None:  # type: ignore[no-untyped-def]
    """The same words and endings in JavaScript as in Python, on every record's text and on hard cases."""
    from safeguarding_manual.core.pages.word_index import stem, words_of

    page, index = worker_page
    texts = [" ".join([r["t"], r["x"], *(f"{t} {x}" for _, t, x in r["p"])]) for r in index.records]
    texts += ["İstanbul ΟΔΟΣ Straße ﬁnal naïve Ⅻ ½ ١٢٣ 2.3.1. CP2(A) under_score e\u0301t\u00e9 東京 😀 x²",
              "Enquiries REFERRALS matches boxes classes status analysis ties cps Ǆemal"]
    python = [[stem(word) for word in words_of(text)] for text in texts]
    javascript = page.evaluate("texts => texts.map(text => wordsOf(text).map(stem))", texts)
    assert javascript == python


def test_the_worker_finds_every_record_holding_every_word_of_a_query(worker_page) -> None:  # type: ignore[no-untyped-def]
    """Against the index's own files: whole words, pairs, and a last word being typed (its beginning finds
    longer words, within the parts the worker reads for it), in the order of their summed scores."""
    import random

    page, index = worker_page
    rng = random.Random(5)
    words = sorted({word for record in index.records for word in record_words(record) if word.isalpha()})
    queries = rng.sample(words, 60) + [f"{a} {b}" for a, b in zip(rng.sample(words, 40), rng.sample(words, 40))]
    queries += [f"{a} {b[:4]}" for a, b in zip(rng.sample(words, 40), rng.sample(words, 40)) if len(b) > 4]
    answers = page.evaluate("""async (queries) => {
        const answers = [];
        for (const query of queries) {
          const words = queryWords(query);
          const found = ranked(await Promise.all(words.map(recordsOf)));
          answers.push([words, found.map(f => [f.number, f.words, Math.round(f.score * 2)])]);  // scores are halves
        }
        return answers; }""", queries)
    first_words = index.meta["parts"]
    found_all = 0
    for query, (words, found) in zip(queries, answers):
        expected: dict[int, list[float]] = {}
        for word in words:
            scores = dict(index.scores(word["stem"]))
            if word["beginning"]:
                start = index.part_of(word["beginning"])
                end = min(index.part_of(word["beginning"] + "\uffff"), start + 2)
                for number in range(start, end + 1):
                    for other in index.parts[number]:
                        if other.startswith(word["beginning"]) and other != word["stem"]:
                            for record, score in index.scores(other).items():
                                scores[record] = max(scores.get(record, 0), score * 0.5)
            for record, score in scores.items():
                expected.setdefault(record, []).append(score)
        most = max((len(s) for s in expected.values()), default=0)
        wanted = {record: round(sum(s) * 2) for record, s in expected.items() if len(s) == most}
        assert {number: score for number, _, score in found} == wanted, query
        assert [score for _, _, score in found] == sorted(wanted.values(), reverse=True), query
        found_all += most == len(words) and bool(wanted)
    assert found_all > 0.5 * len(queries)  # most queries have records holding all their words
    assert len(first_words) > 20


def test_a_search_after_the_site_was_published_again_reads_the_new_index(worker_page) -> None:  # type: ignore[no-untyped-def]
    """A reader's page outlives a publication: the folder it read is gone, index.json names a new one,
    and the next search reads that instead of failing until the page is reloaded."""
    page, index = worker_page
    search = """async (query) => {
        const shown = new Promise(resolve => window.addEventListener("message", event => {
          if (event.data && event.data.type === RESULT) { resolve(event.data.data.items); } }));
        latest += 1;
        await answer(latest, query);
        return (await shown).map(group => group[0].location.split("?")[0]); }"""
    words = sorted({w for r in index.records for w in record_words(r) if w.isalpha()}, key=len, reverse=True)
    assert page.evaluate(search, words[0])
    # a word in another part of the word list, which the page has not downloaded yet
    other = next(w for w in words if index.part_of(w) != index.part_of(words[0]))
    old = index.folder
    new = old.with_name("0123456789abcdef")
    old.rename(new)
    meta = {**index.meta, "folder": new.name}
    index_file = old.parent / "index.json"
    dated = index_file.stat()
    index_file.write_text(json.dumps(meta), "utf-8")
    # published within the second the page read it: a host dating files to the second says "not modified"
    os.utime(index_file, ns=(dated.st_atime_ns, dated.st_mtime_ns))
    found = page.evaluate(search, other)
    expected = {index.records[n]["u"] for n in index.scores(other)}
    assert found and set(found) <= expected, (found, expected)


def test_the_worker_shows_hostile_text_as_text(worker_page) -> None:  # type: ignore[no-untyped-def]
    """Titles, headings and text from the index reach the theme's result list escaped, with only the
    worker's own <p> and <mark> as markup."""
    page, _ = worker_page
    hostile = {"u": "a/", "t": "<img src=x onerror=alert(1)>", "x": "</p><script>alert(1)</script> alert",
               "p": [["1.1", "CP1 <b>1.1</b>", "<svg onload=alert(1)> alert here"]]}
    # words that are also the names of every JavaScript object's own properties are words like any other
    assert page.evaluate("queryWords('constructor __proto__ tostring valueof').map(w => w.stem)") == [
        "constructor", "proto", "tostring", "valueof"]
    groups = page.evaluate("data => pageGroups(data, 10, {}, queryWords('alert'))", hostile)
    shown = [item for group in groups for item in group]
    assert shown and all("<img" not in item["title"] and "<b>" not in item["title"] for item in shown)
    for item in shown:
        markup = BeautifulSoup(item["text"], "html.parser")
        assert {tag.name for tag in markup.find_all(True)} <= {"p", "mark"}, item["text"]


def test_search_answers_the_twenty_recorded_queries(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """bench/search_queries.yml: paragraphs and glossary terms are results of their own, old IDs and titles
    find the chapter that replaced them. Measured 1.00 at 1 and 1.00 at 3 (0.60 and 0.70 before this work)."""
    from bench.search_precision import load_queries, precision

    page = context.new_page()
    measured = precision(page, site_url, load_queries())
    assert measured["precision_at_3"] >= 0.95 and measured["precision_at_1"] >= 0.85, measured
    by_query = {row["query"]: row for row in measured["results"]}
    assert by_query["CP5"]["top3"][0].startswith("core-procedures/learning-reviews/")  # the former ID
    assert by_query["PA4 2.2"]["top3"][0] == "partnership-arrangements/independent-chair-and-annual-report/?at=2.2"
    page.goto(site_url + "partnership-arrangements/independent-chair-and-annual-report/?at=2.2")
    page.wait_for_function("location.hash === '#2.2'")  # the paragraph's own result lands on the paragraph
    page.goto(site_url + "glossary/?at=term-local-authority-designated-officer")
    page.wait_for_function("location.hash === '#term-local-authority-designated-officer'")


def test_cite_this_paragraph_without_script_and_with_one_tap(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    url = site_url + "partnership-arrangements/local-safeguarding-children-partnerships/"
    plain = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = plain.new_page()
    page.goto(url)
    citation = page.locator('[id="2.4"] .citation')
    assert citation.is_hidden()
    page.locator('[id="2.4"] summary').click()
    assert citation.is_visible() and citation.inner_text().endswith("/versions/3/#2.4")
    plain.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    phone.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = phone.new_page()
    page.goto(url)
    page.locator('[id="2.4"] summary').tap()
    button = page.locator('[id="2.4"] details button')
    button.tap()
    page.wait_for_function("document.querySelector('[id=\"2.4\"] details button').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator('[id="2.4"] .citation').inner_text()
    phone.close()


def test_list_labels_print_and_are_in_the_accessibility_tree(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """(a), (iv) ... are the statute's own markers: on paper, in screen readers, and one per item."""
    page = context.new_page()
    page.goto(site_url + "partnership-arrangements/regulation-5-functions/")
    item = page.locator('li[id="1.2-a-iv"]')
    tree = page.locator('div.numbered-paragraph[id="1.2"] ol.labelled-list').first.aria_snapshot()
    assert "listitem: (iv) looking into allegations" in tree
    assert "list" in tree.splitlines()[0]
    marker = item.evaluate("li => getComputedStyle(li, '::marker').content")
    assert marker in ("none", "normal", '""') and item.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    page.emulate_media(media="print")
    assert item.locator(".item-label").is_visible()
    assert item.inner_text().startswith("(iv)")
    page.goto(site_url + "partnership-arrangements/regulation-5-functions/#1.2-a-iv")
    assert page.evaluate("document.querySelector(':target').id") == "1.2-a-iv"


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


#: Records every Content-Security-Policy violation, and lets a page show whether an injected script ran.
_WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', event => window.__violations.push(
    {directive: event.violatedDirective, source: event.sourceFile, blocked: event.blockedURI, sample: event.sample}));
"""


def test_no_injected_script_runs_on_any_page_of_a_hostile_site(browser, hostile_build: Build) -> None:  # type: ignore[no-untyped-def]
    """Every page of a site whose every content field holds script payloads, loaded in a real browser.

    Payloads that the build let through are text; none may run (``window.__pwned`` stays unset),
    and our own scripts must cause no violation of the Content-Security-Policy: the policy has no
    exception to make for them.
    """
    server, url = _serve(hostile_build.site)
    context = browser.new_context()
    context.add_init_script(_WATCH)
    page = context.new_page()
    ran, violations, visited, searched = [], [], 0, 0
    try:
        for path in sorted(hostile_build.site.rglob("*.html")):
            address = url + path.relative_to(hostile_build.site).as_posix().removesuffix("index.html")
            page.goto(address)
            page.wait_for_load_state("networkidle")
            visited += 1
            if page.evaluate("() => window.__pwned !== undefined"):
                ran.append(address)
            violations += [(address, v) for v in page.evaluate("() => window.__violations")]
        # The manual on a date, drawn by the site's script from the titles in history.json.
        for day in ("2020-01-01", "2026-01-15", "2099-01-01"):
            page.goto(f"{url}on-a-date/?date={day}")
            page.wait_for_selector(".on-a-date-result table")
            if page.evaluate("() => window.__pwned !== undefined"):
                ran.append(f"on-a-date/?date={day}")
            violations += [(day, v) for v in page.evaluate("() => window.__violations")]
        # Search results, drawn by the search worker from the records' text, for the payloads' own words.
        for query in ("pwned", "onerror", "script alert", "javascript"):
            page.goto(url)
            page.wait_for_load_state("networkidle")
            _search(page, query)
            page.wait_for_function("""() => { const meta = document.querySelector('.md-search-result__meta');
                return meta && /match/i.test(meta.textContent); }""")
            searched += page.locator(".md-search-result__item").count()
            if page.evaluate("() => window.__pwned !== undefined"):
                ran.append(f"search for {query}")
            violations += [(query, v) for v in page.evaluate("() => window.__violations")]
    finally:
        context.close()
        server.shutdown()
    print(f"hostile site: {visited} pages loaded, {searched} search results shown, {len(ran)} ran a payload, "
          f"{len(violations)} CSP violations")
    assert searched > 0, "no search found the payloads' words: the search results were not tried"
    assert visited >= 10
    assert ran == []
    assert violations == []


def test_the_payload_detector_sees_a_script_that_runs_and_one_the_policy_blocks(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The control for the test above: the same watch catches a payload that runs, and a blocked one."""
    from safeguarding_manual.core.safe_html.csp import policy_meta

    (tmp_path / "runs.html").write_text('<!doctype html><title>x</title><img src="x" onerror="window.__pwned=1">')
    (tmp_path / "blocked.html").write_text(f"<!doctype html><head>{policy_meta()}<title>x</title></head>"
                                           "<script>window.__pwned=1</script>")
    server, url = _serve(tmp_path)
    context = browser.new_context()
    context.add_init_script(_WATCH)
    page = context.new_page()
    try:
        page.goto(url + "runs.html")
        page.wait_for_function("() => window.__pwned === 1", timeout=5_000)
        page.goto(url + "blocked.html")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__pwned") is None
        assert [v["directive"] for v in page.evaluate("() => window.__violations")] == ["script-src-elem"]
    finally:
        context.close()
        server.shutdown()


def test_the_accessibility_check_samples_every_kind_of_page_and_reports_failures(browser, small_build: Build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``procedures check --accessibility``, for manuals without this test suite: clean site passes, a failure is named."""
    from safeguarding_manual.accessibility import check_accessibility, sample_pages

    pages = sample_pages(small_build.site)
    assert pages[0] == "" and "404.html" in pages and "core/alpha/" in pages and "partnership/beta/" in pages
    assert check_accessibility(small_build.site, browser) == []
    broken = tmp_path / "site"
    shutil.copytree(small_build.site, broken)
    page = broken / "core/alpha/index.html"
    page.write_text(page.read_text("utf-8").replace('<img src="', '<img data-x="', 1)
                    .replace("</article>", '<img src="../../assets/images/favicon.png"></article>', 1), "utf-8")
    problems = check_accessibility(broken, browser)
    assert any(p.file == "site/core/alpha/" and "image-alt" in p.message for p in problems), problems


def test_the_preview_opened_from_disk_searches_and_links(browser, small_manual: Path) -> None:  # type: ignore[no-untyped-def]
    """A reviewer downloads the preview and opens index.html: links lead to pages and search finds chapters."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "safeguarding_manual.cli", "preview", "--output", "preview"],
                            cwd=small_manual, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto((small_manual / "preview" / "index.html").as_uri())
        page.click("text=Core Procedures")
        assert page.url.endswith("/core/index.html")
        page.goto((small_manual / "preview" / "index.html").as_uri())
        _search(page, "alpha")
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_load_state()
        assert page.url.startswith("file://") and "/core/alpha/" in page.url
        assert page.locator("article h1").inner_text().startswith("CP1.")
    finally:
        context.close()


def test_procedures_check_with_accessibility_from_the_command_line(browser, small_manual: Path) -> None:  # type: ignore[no-untyped-def]
    """The command a manual made by init runs before publishing (it starts its own Chromium)."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "safeguarding_manual.cli", "check", "--accessibility"],
                            cwd=small_manual, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "CHROMIUM": chromium_path() or ""})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed" in result.stdout


def _view_of(page, day: str) -> dict:  # type: ignore[no-untyped-def]
    page.wait_for_selector(".on-a-date-result table")
    return view_rows(BeautifulSoup(page.inner_html(".on-a-date-result"), "html.parser"))


def test_the_manual_on_any_date_from_the_form(context, site_url: str, example_build: Build) -> None:  # type: ignore[no-untyped-def]
    """The form's script gives the hand-written answer for days between releases, and the static page's on a release day."""
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "on-a-date/")
    assert page.locator(".on-a-date-no-script").is_hidden()  # the script works: its "without JavaScript" note goes
    page.fill("#on-a-date-day", "2023-07-01")
    page.click("form.on-a-date-form button")
    page.wait_for_url("**/on-a-date/?date=2023-07-01")  # a plain GET form: the address can be shared
    assert _view_of(page, "2023-07-01") == EXPECTED[dt.date(2023, 7, 1)]
    assert page.evaluate("document.activeElement.id") == "on-a-date-view"
    assert page.inner_text("#on-a-date-view") == "The manual on 1 July 2023"
    page.goto(site_url + "on-a-date/?date=2026-01-15")
    assert _view_of(page, "2026-01-15") == EXPECTED[dt.date(2026, 1, 15)]
    link = page.locator(".on-a-date-result a", has_text="Serious Case Reviews")
    assert link.count() == 0  # by 15 January 2026 the chapter is CP3 Learning Reviews
    page.locator(".on-a-date-result a", has_text="Learning Reviews").click()
    page.wait_for_url("**/core-procedures/learning-reviews/versions/2/")
    page.goto(site_url + "on-a-date/?date=2025-06-02")
    static = view_rows(example_build.page("on-a-date/2025-06/"))
    assert _view_of(page, "2025-06-02") == static == EXPECTED[dt.date(2025, 6, 2)]
    page.goto(site_url + "on-a-date/?date=2025-02-30")
    page.wait_for_selector("#on-a-date-view")
    assert page.inner_text("#on-a-date-view") == "That is not a date"
    assert page.locator(".on-a-date-result table").count() == 0
    page.goto(site_url + "on-a-date/?date=%3Cimg%20src%3Dx%3E")
    page.wait_for_selector("#on-a-date-view")
    assert page.locator(".on-a-date-result img").count() == 0


def test_the_manual_on_a_date_without_javascript(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    plain = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = plain.new_page()
    page.goto(site_url + "on-a-date/")
    assert page.locator(".on-a-date-no-script").is_visible()
    page.locator("ul.release-list a", has_text="2 December 2024").click()
    page.wait_for_url("**/on-a-date/2024-12/")
    assert page.locator("table.on-a-date-table").count() == 3
    plain.close()


def test_readers_can_hide_the_change_marks_and_the_choice_is_remembered(context, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(site_url + "practice-guidance/safe-recruitment/")
    marks = page.locator("a.paragraph-change")
    switch = page.locator(".change-marks-switch button")
    assert marks.count() == 2 and marks.first.is_visible() and switch.is_visible()
    assert switch.get_attribute("aria-pressed") == "true"
    switch.click()
    assert switch.get_attribute("aria-pressed") == "false" and marks.first.is_hidden()
    page.reload()
    assert page.locator(".change-marks-switch button").get_attribute("aria-pressed") == "false"
    assert page.locator("a.paragraph-change").first.is_hidden()
    assert context.cookies() == []  # remembered in this browser's storage, not in a cookie
    page.locator(".change-marks-switch button").click()
    assert page.locator("a.paragraph-change").first.is_visible()
    page.locator("a.paragraph-change").first.click()
    page.wait_for_url("**/changes/2/#change-1.2")


AREA_PAGE_TYPES = {
    "regional chapter with a local note": "core-procedures/responding-to-concerns/",
    "area's own chapter": "riverside-local/front-door/",
    "area's own threshold document": "thresholds/",
    "local contacts": "local-contacts/",
    "local notes": "local-notes/",
    "area's glossary": "glossary/",
}


@pytest.fixture(scope="session")
def riverside_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from conftest import copy_example_manual, run_mkdocs_build

    project = copy_example_manual(tmp_path_factory.mktemp("riverside"))
    build = run_mkdocs_build(project, area="riverside")
    assert build.returncode == 0, build.output
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_SiteHandler, directory=str(build.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_an_areas_pages_have_no_accessibility_violations_and_mark_local_content(  # type: ignore[no-untyped-def]
        browser, riverside_url: str, width: str) -> None:
    page = browser.new_page(viewport={"width": WIDTHS[width], "height": 900})
    report = {}
    for name, path in AREA_PAGE_TYPES.items():
        page.goto(riverside_url + path)
        page.wait_for_load_state("networkidle")
        report[name] = _axe(page)
    assert report == {name: [] for name in AREA_PAGE_TYPES}, report
    page.goto(riverside_url + "core-procedures/responding-to-concerns/")
    box = page.locator("aside.local-content")
    assert box.count() == 1 and box.is_visible()
    assert page.get_by_role("complementary", name="Local content: Riverside").count() == 1
    style = box.evaluate("b => { const s = getComputedStyle(b); return [s.borderLeftWidth, s.borderTopStyle]; }")
    assert style == ["8px", "dashed"], style
    assert box.evaluate("b => b.getBoundingClientRect().right") <= WIDTHS[width]
    page.close()

