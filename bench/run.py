"""Benchmark: the generated manual with every project plugin (A) against stock Material (B).

For each N, builds alternately A B A B ... (one warm-up pair, then --pairs pairs) and reports the median wall
time of each, the ratios per build and per page, peak memory, site size, size per chapter, search index size
and page count, and in Chromium the bytes a first search downloads. Also measures glossary matching with 10 and 1,000 terms, and the time from saving a chapter
to the rebuilt page under `mkdocs serve`. Writes bench-output/results.json and prints a Markdown table.

    python -m bench.run                 # N = 100, 1000, 3000 (about 25 minutes on 2 cores)
    python -m bench.run --sizes 20 --pairs 1 --no-serve   # the smoke version run by the tests
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .generate import write_manual, write_stock, write_stock_same_nav

ROOT = Path(__file__).resolve().parent.parent


def build(project: Path, site: Path, cache: Path | None = None) -> dict[str, float]:
    """One build in a process of its own; ``cache`` is the folder of our build cache (see disk_cache)."""
    env = {**os.environ, **({"PROCEDURES_CACHE_DIR": str(cache)} if cache else {})}
    result = subprocess.run([sys.executable, "-m", "bench.build_once", str(project / "mkdocs.yml"), str(site)],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{result.stderr[-3000:]}")
    _wait_for_removal(site.with_name(site.name + ".old"))
    return json.loads(result.stdout.strip().splitlines()[-1])


def _wait_for_removal(folder: Path, limit: float = 120) -> None:
    """Our build removes the site it replaced in a process that outlives it (nobody waits for it: see
    atomic.replace_folder). It must not slow the next build measured, stock's or ours: wait, untimed."""
    deadline = time.monotonic() + limit
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def site_stats(site: Path) -> dict[str, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    index = site / "search/search_index.json"
    word_index = [p for p in (site / "search-index").rglob("*") if p.is_file()]
    return {
        "bytes": sum(p.stat().st_size for p in files),
        "pages": sum(1 for p in files if p.name == "index.html") + (1 if (site / "404.html").exists() else 0),
        # The theme's index file, plus the word index's files where the site has them (read a few at a time).
        "search_index_bytes": (index.stat().st_size if index.exists() else 0) + sum(p.stat().st_size for p in word_index),
    }


def measure_size(n: int, pairs: int, work: Path, terms: int, searches: int = 0) -> dict[str, object]:
    """Ours (A) against stock Material + prune (B) and stock given our short navigation (C), alternately.

    First one cold build of A (empty cache, as in CI), then a warm-up round and ``pairs`` measured rounds
    of A B C, each build in a process of its own; A's cache is kept between its builds, as on a
    maintainer's machine or in CI with the cache restored.
    """
    plugin_project, stock_project, same_nav_project = work / f"plugins-{n}", work / f"stock-{n}", work / f"stock-nav-{n}"
    counts = write_manual(plugin_project, n, terms)
    write_stock(plugin_project, stock_project)
    write_stock_same_nav(plugin_project, same_nav_project)
    cache = work / f"cache-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    cold = build(plugin_project, work / f"site-A-{n}", cache)
    projects = {"A": plugin_project, "B": stock_project, "C": same_nav_project}
    times: dict[str, list[float]] = {label: [] for label in projects}
    peaks: dict[str, float] = {label: 0.0 for label in projects}
    for round_index in range(pairs + 1):  # the first round is a warm-up
        for label, project in projects.items():
            result = build(project, work / f"site-{label}-{n}", cache if label == "A" else None)
            peaks[label] = max(peaks[label], result["peak_mb"])
            if round_index:
                times[label].append(result["seconds"])
    a, b, c = (statistics.median(times[label]) for label in "ABC")
    stats_a, stats_b = site_stats(work / f"site-A-{n}"), site_stats(work / f"site-B-{n}")
    return {
        "chapters": n, **counts,
        "median_seconds": {"plugins": round(a, 3), "stock": round(b, 3), "stock_same_nav": round(c, 3)},
        "ratio_per_build": round(a / b, 3),
        "ratio_same_nav": round(a / c, 3),
        "ratio_per_page": round((a / stats_a["pages"]) / (b / stats_b["pages"]), 3),
        "cold": {"seconds": round(cold["seconds"], 3), "peak_mb": round(cold["peak_mb"], 1),
                 "ratio_per_build": round(cold["seconds"] / b, 3)},
        "peak_memory_mb": {"plugins": round(peaks["A"], 1), "stock": round(peaks["B"], 1),
                           "stock_same_nav": round(peaks["C"], 1)},
        "memory_ratio": round(peaks["A"] / peaks["B"], 3),
        "site_bytes": {"plugins": stats_a["bytes"], "stock": stats_b["bytes"]},
        "bytes_per_chapter": {"plugins": stats_a["bytes"] // n, "stock": stats_b["bytes"] // n},
        "search_index_bytes": {"plugins": stats_a["search_index_bytes"], "stock": stats_b["search_index_bytes"]},
        "pages": {"plugins": stats_a["pages"], "stock": stats_b["pages"]},
        "all_times": {"plugins": [round(t, 3) for t in times["A"]], "stock": [round(t, 3) for t in times["B"]],
                      "stock_same_nav": [round(t, 3) for t in times["C"]]},
        **({"search_first_result": measure_search(work, n, searches)} if searches else {}),
    }


def measure_search(work: Path, n: int, searches: int) -> dict[str, object]:
    """Bytes a reader's browser downloads for the first results of a search, ours against stock's."""
    from .search_bytes import GENERATED_QUERIES, measure

    queries = GENERATED_QUERIES[:searches]
    return {label: {key: value for key, value in measure(work / f"site-{side}-{n}", queries).items()}
            for label, side in (("plugins", "A"), ("stock", "B"))}


def measure_glossary(n: int, work: Path, rounds: int) -> dict[str, object]:
    """Glossary linking with 10 terms against 1,000 terms on the same generated chapters, alternately.

    Two texts: one that mentions only the first 10 terms (the matches are the same for both glossaries, so
    any difference is the cost of a bigger glossary), and one that mentions all 1,000 (the bigger glossary
    also makes about 100 times more links, so the difference includes making them).
    """
    return {"same_matches": _glossary_ratio(n, work, rounds, text_terms=10),
            "all_terms_in_text": _glossary_ratio(n, work, rounds, text_terms=1000)}


def _glossary_ratio(n: int, work: Path, rounds: int, text_terms: int) -> dict[str, object]:
    import markdown

    sys.path.insert(0, str(ROOT / "plugins"))
    from safeguarding_manual.core.glossary.entries import load_glossary
    from safeguarding_manual.markdown_ext.glossary_links import (
        GlossaryLinker,
        GlossaryLinksExtension,
        PageLinking,
    )
    from safeguarding_manual.markdown_ext.numbered_paragraphs import (
        NumberedParagraphsExtension,
    )

    project = work / f"glossary-{n}-{text_terms}"
    write_manual(project, n, 1000, text_terms=text_terms, glossary="invented")
    bodies = [p.read_text().split("---\n", 2)[2] for p in sorted((project / "procedures").glob("*/chapter-*.md"))]
    full = load_glossary(project / "glossary.yml")
    glossaries = {10: type(full)(full.terms[:10]), 1000: full}
    converters = {}
    for size, glossary in glossaries.items():
        linker = GlossaryLinker(glossary)
        converters[size] = (linker, markdown.Markdown(extensions=["toc", "tables", NumberedParagraphsExtension(),
                                                                  GlossaryLinksExtension(linker)]))

    def convert(size: int) -> int:
        linker, md = converters[size]
        count = 0
        for text in bodies:
            linker.page = PageLinking(enabled=True, glossary_href="../glossary/")
            md.reset()
            count += md.convert(text).count('class="glossary-term"')
        return count

    def match(size: int) -> int:
        return sum(1 for text in bodies for _ in converters[size][0].matcher.find(text))

    full_build, links = _alternate(convert, rounds)
    matching, matches = _alternate(match, rounds)
    return {"chapters": len(bodies), "terms_mentioned_in_text": text_terms,
            "conversion_seconds": full_build, "conversion_ratio": round(full_build["1000"] / full_build["10"], 3),
            "matching_seconds": matching, "matching_ratio": round(matching["1000"] / matching["10"], 3),
            "links_made": links, "matches_found": matches}


def _alternate(work_for, rounds: int) -> tuple[dict[str, float], dict[str, int]]:  # type: ignore[no-untyped-def]
    """Median seconds of ``work_for(10)`` and ``work_for(1000)``, run alternately after a warm-up."""
    times: dict[int, list[float]] = {10: [], 1000: []}
    results: dict[str, int] = {}
    for round_index in range(rounds + 1):
        for size in (10, 1000):
            start = time.perf_counter()
            results[str(size)] = work_for(size)
            if round_index:
                times[size].append(time.perf_counter() - start)
    return {str(size): round(statistics.median(values), 3) for size, values in times.items()}, results


def measure_serve(n: int, work: Path) -> dict[str, object]:
    """Save one chapter while `mkdocs serve` runs; time until the served page shows the change.

    Plain ``mkdocs serve`` on the shipped settings (``strict: true`` included), five saves; the build cache
    starts empty, as on an editor's first preview.
    """
    project = work / f"serve-{n}"
    write_manual(project, n, 500)
    cache = work / f"serve-cache-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    return {"chapters": n, "full_rebuild": _serve_once(project, [], cache)}


def _serve_once(project: Path, extra: list[str], cache: Path, saves: int = 5) -> dict[str, object]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PROCEDURES_CACHE_DIR": str(cache)}
    log = open(project / f"serve{''.join(extra)}.log", "w")  # a pipe nobody reads would fill and stall the server
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *extra, "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
    url = f"http://127.0.0.1:{port}/core/chapter-00003/"
    try:
        start = time.perf_counter()
        _wait_for(url, None, timeout=600)
        first = time.perf_counter() - start
        results = []
        for attempt in range(saves):
            marker = f"Edited-{attempt}-{time.time_ns()}"
            path = project / "procedures/core/chapter-00003.md"
            time.sleep(1.5)
            path.write_text(path.read_text().replace("**1.1** ", f"**1.1** {marker} ", 1))
            saved = time.perf_counter()
            _wait_for(url, marker, timeout=600)
            results.append(time.perf_counter() - saved)
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs removes its folders (not on SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:  # started with SIGINT ignored
            server.terminate()
            server.wait(timeout=30)
        log.close()
    return {"first_build_seconds": round(first, 2), "save_to_page_seconds": [round(r, 2) for r in results],
            "median_save_to_page_seconds": round(statistics.median(results), 2)}


def measure_check(n: int, work: Path) -> dict[str, object]:
    """``procedures check`` (our source checks, a strict build, linkchecker on every page) against a build of
    the same manual in the same state of the build cache.

    Cold: an empty cache, as in CI without a kept cache or after a release of this package (whose code is in
    every key, of built pages and of pages found clean alike), against a cold build. Warm: the same check
    again, nothing changed, against a warm build; then after one paragraph of one chapter was edited (an
    editor's check before a pull request), against a build of the same edit (it converts that chapter again
    and makes the word index again). Last, the one state no user meets but which shows linkchecker's
    whole work on its own: a warm build cache with no page known clean.
    """
    project = work / f"check-{n}"
    write_manual(project, n, 500)
    build_cache, check_cache = work / f"check-build-cache-{n}", work / f"check-cache-{n}"
    for folder in (build_cache, check_cache):
        shutil.rmtree(folder, ignore_errors=True)
    cold_build = build(project, work / f"check-site-{n}", build_cache)["seconds"]
    warm_build = build(project, work / f"check-site-{n}", build_cache)["seconds"]
    cold, _ = _timed_check(project, check_cache)
    again, _ = _timed_check(project, check_cache)
    path = project / "procedures/core/chapter-00003.md"
    path.write_text(path.read_text().replace("**1.1** ", "**1.1** Edited. ", 1))
    edited, _ = _timed_check(project, check_cache)
    edited_build = build(project, work / f"check-site-{n}", build_cache)["seconds"]  # the same edit, built
    shutil.rmtree(check_cache / "clean-links", ignore_errors=True)
    links_alone, result = _timed_check(project, check_cache)
    return {"chapters": n, "check_cold_seconds": round(cold, 2), "build_cold_seconds": round(cold_build, 2),
            "ratio_cold": round(cold / cold_build, 3), "check_again_seconds": round(again, 2),
            "check_after_edit_seconds": round(edited, 2), "build_seconds": round(warm_build, 2),
            "build_after_edit_seconds": round(edited_build, 2), "ratio_again": round(again / warm_build, 3),
            "ratio_after_edit": round(edited / edited_build, 3),
            "check_seconds": round(links_alone, 2), "ratio": round(links_alone / warm_build, 3),
            "returncode": result.returncode, "output_tail": (result.stdout + result.stderr)[-500:]}


def _timed_check(project: Path, cache: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PROCEDURES_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "safeguarding_manual.cli", "check"], cwd=project, env=env,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:  # a failed check is no figure: stop, as a failed build does
        raise SystemExit(f"procedures check of {project} failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return seconds, result


def _wait_for(url: str, marker: str | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if marker is None or marker in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {url}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--glossary-chapters", type=int, default=1000)
    parser.add_argument("--serve-chapters", type=int, default=1000)
    parser.add_argument("--no-glossary", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--check-chapters", type=int, default=0, help="size for timing `procedures check` (0: none; "
                        "about 6 minutes at 1,000 chapters, see BENCHMARKS.md)")
    parser.add_argument("--searches", type=int, default=5, help="searches typed in Chromium per size, to measure "
                        "the bytes of a first result (0: none)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench-output")
    args = parser.parse_args(argv)
    work = args.output / "work"
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d"), "machine": {"cores": os.cpu_count(), "memory_gb": _memory_gb(),
                                                        "python": platform.python_version(), "platform": platform.platform()},
        "sizes": [],
    }
    for n in args.sizes:
        print(f"building N={n} ...", flush=True)
        results["sizes"].append(measure_size(n, args.pairs, work, args.terms, args.searches))  # type: ignore[union-attr]
        print(json.dumps(results["sizes"][-1]), flush=True)  # type: ignore[index]
    if not args.no_glossary:
        print("glossary matching ...", flush=True)
        results["glossary"] = measure_glossary(args.glossary_chapters, work, rounds=max(args.pairs, 1))
        print(json.dumps(results["glossary"]), flush=True)
    if not args.no_serve:
        print("serve rebuild ...", flush=True)
        results["serve"] = measure_serve(args.serve_chapters, work)
        print(json.dumps(results["serve"]), flush=True)
    if args.check_chapters:
        print("procedures check ...", flush=True)
        results["check"] = measure_check(args.check_chapters, work)
        print(json.dumps(results["check"]), flush=True)
    (args.output / "results.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    print(f"results written to {args.output / 'results.json'}")
    return 0


def _memory_gb() -> float:
    try:
        with open("/proc/meminfo") as handle:
            return round(int(handle.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        return 0.0


if __name__ == "__main__":
    sys.exit(main())
