"""Turn bench-output/results.json into the Markdown tables of BENCHMARKS.md.

    python -m bench.report bench-output/results.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _mb(value: int) -> str:
    return f"{value / 1024 / 1024:.1f} MB"


def report(results: dict) -> str:
    machine = results["machine"]
    lines = [f"Measured {results['date']} on {machine['cores']} cores, {machine['memory_gb']} GB, "
             f"Python {machine['python']} ({machine['platform']}).", "",
             "| N chapters | pages (ours / stock) | median build (ours / stock + prune / stock, our navigation) "
             "| ratio per build (stock + prune / same navigation) | ratio per page | cold build (empty cache): s, ratio "
             "| peak memory (ours / stock; ratio; cold) | site size (ours / stock) | per chapter (ours / stock) "
             "| search index on disk (ours / stock) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for size in results["sizes"]:
        memory = size["peak_memory_mb"]
        lines.append(
            f"| {size['chapters']:,} | {size['pages']['plugins']:,} / {size['pages']['stock']:,} "
            f"| {size['median_seconds']['plugins']:.2f} s / {size['median_seconds']['stock']:.2f} s "
            f"/ {size['median_seconds']['stock_same_nav']:.2f} s "
            f"| {size['ratio_per_build']:.2f} / {size['ratio_same_nav']:.2f} | {size['ratio_per_page']:.2f} "
            f"| {size['cold']['seconds']:.1f} s, {size['cold']['ratio_per_build']:.2f} "
            f"| {memory['plugins']:.0f} MB / {memory['stock']:.0f} MB; {size['memory_ratio']:.2f}; "
            f"{size['cold']['peak_mb']:.0f} MB "
            f"| {_mb(size['site_bytes']['plugins'])} / {_mb(size['site_bytes']['stock'])} "
            f"| {size['bytes_per_chapter']['plugins'] / 1024:.0f} KB / {size['bytes_per_chapter']['stock'] / 1024:.0f} KB "
            f"| {_mb(size['search_index_bytes']['plugins'])} / {_mb(size['search_index_bytes']['stock'])} |"
        )
    searched = [s for s in results["sizes"] if "search_first_result" in s]
    if searched:
        lines += ["", "A reader's first search, in Chromium with an empty cache (bytes from the first keystroke to the "
                      "results on screen; gzip = as a host compressing text sends them):", "",
                  "| N chapters | searches | ours: median gzip / raw | ours: largest gzip | stock: median gzip / raw |",
                  "| --- | --- | --- | --- | --- |"]
        for size in searched:
            ours, stock = size["search_first_result"]["plugins"], size["search_first_result"]["stock"]
            lines.append(f"| {size['chapters']:,} | {ours['queries']} | {ours['median_gzip_bytes'] / 1024:.0f} KB / "
                         f"{ours['median_bytes'] / 1024:.0f} KB | {ours['max_gzip_bytes'] / 1024:.0f} KB "
                         f"| {stock['median_gzip_bytes'] / 1024:.0f} KB / {stock['median_bytes'] / 1024:.0f} KB |")
    by_n = {s["chapters"]: s for s in results["sizes"]}
    if 1000 in by_n and 3000 in by_n:
        a, b = by_n[1000], by_n[3000]
        lines += ["", f"Growth from 1,000 to 3,000 chapters (target at most 3.1x): build time "
                      f"{b['median_seconds']['plugins'] / a['median_seconds']['plugins']:.2f}x ours "
                      f"(cold {b['cold']['seconds'] / a['cold']['seconds']:.2f}x), "
                      f"{b['median_seconds']['stock'] / a['median_seconds']['stock']:.2f}x stock; peak memory "
                      f"{b['peak_memory_mb']['plugins'] / a['peak_memory_mb']['plugins']:.2f}x ours, "
                      f"{b['peak_memory_mb']['stock'] / a['peak_memory_mb']['stock']:.2f}x stock; site size "
                      f"{b['site_bytes']['plugins'] / a['site_bytes']['plugins']:.2f}x ours, "
                      f"{b['site_bytes']['stock'] / a['site_bytes']['stock']:.2f}x stock."]
    glossary = results.get("glossary")
    if glossary:
        lines += ["", "| glossary text | chapters | matches (10 / 1,000 terms) | links made | conversion s (10 / 1,000) | "
                      "conversion ratio | matching s (10 / 1,000) | matching ratio |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for name, g in (("mentions the first 10 terms", glossary["same_matches"]),
                        ("mentions all 1,000 terms", glossary["all_terms_in_text"])):
            lines.append(
                f"| {name} | {g['chapters']:,} | {g['matches_found']['10']:,} / {g['matches_found']['1000']:,} "
                f"| {g['links_made']['10']:,} / {g['links_made']['1000']:,} "
                f"| {g['conversion_seconds']['10']:.2f} / {g['conversion_seconds']['1000']:.2f} | {g['conversion_ratio']:.3f} "
                f"| {g['matching_seconds']['10']:.3f} / {g['matching_seconds']['1000']:.3f} | {g['matching_ratio']:.3f} |"
            )
    serve = results.get("serve")
    if serve:
        run = serve["full_rebuild"]
        lines += ["", f"Editing one chapter while plain `mkdocs serve` runs on the shipped settings (strict), "
                      f"{serve['chapters']:,} chapters, from the file written to the served page showing the change: "
                      f"median {run['median_save_to_page_seconds']:.1f} s of {len(run['save_to_page_seconds'])} saves "
                      f"({', '.join(f'{t:.1f}' for t in run['save_to_page_seconds'])} s); first build (empty cache) "
                      f"{run['first_build_seconds']:.1f} s."]
    check = results.get("check")
    if check:
        lines += ["", _check_line(check)]
    return "\n".join(lines) + "\n"


def _check_line(check: dict) -> str:
    """``procedures check`` against a build in the same state of the build cache (see bench.run.measure_check)."""
    start = (f"`procedures check` (source checks, strict build, linkchecker on every link and anchor), "
             f"{check['chapters']:,} chapters")
    if "check_cold_seconds" not in check:  # runs before 2026-12-02, second session: warm build, no page known clean
        return (f"{start}, warm build cache: {check['check_seconds']:.1f} s against {check['build_seconds']:.1f} s "
                f"for the build alone ({check['ratio']:.2f}x) with no page known clean to linkchecker"
                + (f"; the same check again, nothing changed: {check['check_again_seconds']:.1f} s "
                   f"({check['ratio_again']:.2f}x); after one paragraph of one chapter was edited: "
                   f"{check['check_after_edit_seconds']:.1f} s ({check['ratio_after_edit']:.2f}x)."
                   if "check_after_edit_seconds" in check else "."))
    return (f"{start}. Empty cache (CI without its cache, or after a release): {check['check_cold_seconds']:.1f} s "
            f"against a cold build's {check['build_cold_seconds']:.1f} s ({check['ratio_cold']:.2f}x). Warm cache: "
            f"the same check again, nothing changed, {check['check_again_seconds']:.1f} s against a warm build's "
            f"{check['build_seconds']:.1f} s ({check['ratio_again']:.2f}x); after one paragraph of one chapter was "
            f"edited, {check['check_after_edit_seconds']:.1f} s against {check['build_after_edit_seconds']:.1f} s for "
            f"building the same edit ({check['ratio_after_edit']:.2f}x). linkchecker's "
            f"whole work on its own (warm build cache, no page known clean, a state no user meets): "
            f"{check['check_seconds']:.1f} s ({check['ratio']:.2f}x the warm build).")


if __name__ == "__main__":
    print(report(json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else "bench-output/results.json").read_text())))
