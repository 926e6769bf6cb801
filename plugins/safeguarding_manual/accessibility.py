"""``procedures check --accessibility``: axe-core in headless Chromium over the built site.

The accessibility statement promises that a change failing WCAG 2.2 A or AA is not published. A
manual made by ``procedures init`` has no test suite of its own, so this check ships with the package:
it serves the built site on loopback, opens one or two pages of every kind (home, contents, chapters
current, under review and withdrawn, archived versions, comparisons, glossary, amendments,
thresholds, the 404 page) at a desktop and a phone width, and reports every axe violation of WCAG
2.x A/AA (and serious best-practice ones) as ``site/<page>: ...``.

Needs the ``browser`` extra (Playwright's client and axe-core) and a Chromium: Debian's ``chromium``
package or the ``CHROMIUM`` environment variable; Playwright's own browser download is not used.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .core.reading.problems import Problem
from .serving import serve_folder

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
WIDTHS = {"desktop": 1280, "phone": 390}
WCAG_TAGS = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}
#: Page kinds, told apart by what their HTML holds; a page may be of several kinds.
KINDS = {
    "chapter under review": "status-banner--review",
    "withdrawn chapter": "status-banner--withdrawn",
    "chapter": 'id="chapter-title"',
    "contents": "contents-table",
    "threshold document": "threshold-table",
    "glossary": 'class="glossary-az"',
    "amendments": "amendments-table",
}
PAGES_PER_KIND = 2


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def sample_pages(site: Path) -> list[str]:
    """Site paths of a few pages of every kind, the home page and the 404 page first."""
    chosen = [""]
    counts: dict[str, int] = {}
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix() + "/"
        if url == "./":
            continue
        parts = url.split("/")
        kind = "archived version" if "versions" in parts else "comparison" if "changes" in parts else None
        if kind is None:
            html = path.read_text("utf-8", errors="replace")
            kind = next((name for name, marker in KINDS.items() if marker in html), None)
        if kind is not None and counts.get(kind, 0) < PAGES_PER_KIND:
            counts[kind] = counts.get(kind, 0) + 1
            chosen.append(url)
    if (site / "404.html").exists():
        chosen.append("404.html")
    return chosen


def check_accessibility(site: Path, browser: object | None = None) -> list[Problem]:
    """Every WCAG A/AA violation axe finds on the sampled pages, at both widths.

    ``browser`` is a Playwright browser already running (the test suite has one); otherwise Chromium
    is started and stopped here.
    """
    try:
        import axe_playwright_python  # noqa: F401 - only to say clearly when the extra is missing
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [Problem("mkdocs.yml", None, "the accessibility check needs the browser extra: "
                                            "pip install 'safeguarding-manual[browser]'.")]
    chromium = chromium_path()
    if chromium is None and browser is None:
        return [Problem("mkdocs.yml", None, "the accessibility check needs Chromium (Debian: apt-get install "
                                            "chromium), or its path in the CHROMIUM environment variable.")]
    if browser is not None:
        return _check_pages(site, browser)
    with sync_playwright() as playwright:
        own = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            return _check_pages(site, own)
        finally:
            own.close()


def _check_pages(site: Path, browser) -> list[Problem]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    problems: list[Problem] = []
    with serve_folder(site) as url:
        page = browser.new_page()
        try:
            for width, pixels in WIDTHS.items():
                page.set_viewport_size({"width": pixels, "height": 900})
                for path in sample_pages(site):
                    page.goto(url + path)
                    page.wait_for_load_state("networkidle")
                    _wait_for_transitions(page)
                    problems += _violations(Axe().run(page).response, path, width)
        finally:
            page.close()
    return problems


def _wait_for_transitions(page) -> None:  # type: ignore[no-untyped-def]
    """Let fades finish, so axe judges what a reader sees, not an element caught half-way through a fade."""
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running'"
        " || a.effect?.getComputedTiming().iterations === Infinity)", timeout=10_000)


def _violations(results: dict, path: str, width: str) -> list[Problem]:
    found = []
    for violation in results["violations"]:
        tags = set(violation["tags"])
        if tags & WCAG_TAGS or ("best-practice" in tags and violation["impact"] in ("serious", "critical")):
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            found.append(Problem(f"site/{path}", None, f"accessibility ({width}): {violation['help']} "
                                                       f"[{violation['id']}, {violation['impact']}] at {targets}"))
    return found
