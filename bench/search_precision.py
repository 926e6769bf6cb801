"""Search precision on the twenty queries of bench/search_queries.yml, in real headless Chromium.

    .venv/bin/python -m bench.search_precision --site site/      # a built site folder

For each query the site's own search box is used, as a reader would; the results' addresses are read
in the order shown. Precision@1 is the share of queries whose first result answers them, precision@3
the share with an answer among the first three. Prints JSON with the results of every query.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

QUERIES = Path(__file__).resolve().parent / "search_queries.yml"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text("utf-8"))["queries"]


def result_addresses(page: Any, site_url: str, query: str) -> list[str]:
    """The results the site's search shows for ``query``, as site paths, in order."""
    page.goto(site_url)
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_function("""() => { const meta = document.querySelector('.md-search-result__meta');
        return meta && /match|No matching/i.test(meta.textContent); }""", timeout=15_000)
    page.wait_for_timeout(300)  # let the last keystroke's results replace the earlier ones
    hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
    root = urlsplit(site_url).path
    paths = []
    for href in hrefs:
        parts = urlsplit(urljoin(site_url, href))
        query_string = "&".join(q for q in parts.query.split("&") if q and not q.startswith("h="))
        path = parts.path[len(root):] + (f"?{query_string}" if query_string else "") + (
            f"#{parts.fragment}" if parts.fragment else "")
        paths.append(path)
    return paths


def precision(page: Any, site_url: str, queries: list[dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for item in queries:
        found = result_addresses(page, site_url, item["query"])
        answers = [i for i, path in enumerate(found) if any(path.startswith(e) for e in item["expected"])]
        rows.append({"query": item["query"], "first_answer_rank": answers[0] + 1 if answers else None,
                     "top3": found[:3]})
    count = len(rows)
    return {"queries": count,
            "precision_at_1": round(sum(1 for r in rows if r["first_answer_rank"] == 1) / count, 3),
            "precision_at_3": round(sum(1 for r in rows if r["first_answer_rank"] and r["first_answer_rank"] <= 3) / count, 3),
            "results": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        print(json.dumps(precision(page, f"http://127.0.0.1:{server.server_address[1]}/", load_queries()), indent=1))
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
