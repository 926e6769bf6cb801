"""What a reader's browser downloads to see the first results of a search, in real headless Chromium.

    .venv/bin/python -m bench.search_bytes --site bench-output/site-A-1000 --query "Generated Chapter 12" ...

For each query a fresh browser context (an empty cache, as on a reader's first search) opens the home page,
waits until it has loaded, then presses "/", types the query and waits for the results (or "No matching
documents"). Every byte of search's own files received from the page's first request on counts: the search
worker, the search engine, the index files, the text of the results shown (stock Material downloads its
whole index with every page, before any search; ours waits for the reader to search). The page itself is
not counted (a reader pays for it whether or not they search). ``bytes`` is what the test
server sent (no compression); ``gzip_bytes`` what a host that compresses text (JavaScript, JSON) sends.
Prints JSON.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .search_precision import CHROMIUM_ARGS, _Quiet

TEXT_TYPES = (".js", ".json", ".html", ".css", ".map")
#: Where search's own files are: the theme's index and worker and Lunr, our worker, the site's word index.
SEARCH_FOLDERS = ("/search/", "/workers/", "/lunr/", "/search-index/")
#: Searches practitioners might type in the generated manual: IDs, citations, titles, terms and words.
GENERATED_QUERIES = ["CP12", "PA40 2.3", "Generated Chapter 512", "Child Death Overview Panel", "referral assessment",
                     "strategy meeting", "parent carer support", "local authority", "CP300 1.1", "information share"]


def bytes_for_first_result(browser: Any, site_url: str, query: str) -> dict[str, Any]:
    """Bytes and requests from the first keystroke of ``query`` to its first result on screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    received: list[tuple[str, int, int]] = []

    def on_response(response: Any) -> None:
        if any(folder in urlsplit(response.url).path for folder in SEARCH_FOLDERS):
            try:
                body = response.body()
            except Exception:  # a response without a body (a redirect)
                body = b""
            text = urlsplit(response.url).path.endswith(TEXT_TYPES)
            received.append((response.url, len(body), len(gzip.compress(body, 6)) if text else len(body)))

    context.on("response", on_response)
    page.goto(site_url, wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_function("""() => { const meta = document.querySelector('.md-search-result__meta');
        return meta && /match/i.test(meta.textContent); }""", timeout=120_000)
    page.wait_for_load_state("networkidle")
    context.close()
    return {"query": query, "bytes": sum(item[1] for item in received), "gzip_bytes": sum(item[2] for item in received),
            "requests": len(received),
            "largest": max(received, key=lambda item: item[1])[0].replace(site_url, "") if received else None,
            "files": [{"path": url.replace(site_url, ""), "bytes": size, "gzip_bytes": packed}
                      for url, size, packed in sorted(received, key=lambda item: -item[2])]}


def measure(site: Path, queries: list[str], chromium: str = "/usr/bin/chromium") -> dict[str, Any]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            site_url = f"http://127.0.0.1:{server.server_address[1]}/"
            rows = [bytes_for_first_result(browser, site_url, query) for query in queries]
            browser.close()
    finally:
        server.shutdown()
    sizes = [row["bytes"] for row in rows]
    packed = [row["gzip_bytes"] for row in rows]
    return {"queries": len(rows), "median_bytes": statistics.median(sizes), "max_bytes": max(sizes),
            "median_gzip_bytes": statistics.median(packed), "max_gzip_bytes": max(packed), "results": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--query", action="append", help="a search to type (repeat); default: searches of the "
                        "generated manual")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    print(json.dumps(measure(args.site, args.query or GENERATED_QUERIES, args.chromium), indent=1))


if __name__ == "__main__":
    main()
