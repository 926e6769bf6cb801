"""What a change costs per build: the generated manual built by this tree's plugins and by an earlier commit's.

Builds the same N-chapter manual (with its archive) alternately with the plugins of this working tree (A) and
of ``--base`` (B, checked out into a temporary git worktree and put first on ``PYTHONPATH``), one warm-up pair
then ``--pairs`` pairs, and prints the medians and the ratio A/B as JSON. Frozen pages are kept between
builds (each side has its own cache folder), as on an editor's machine or a CI runner that keeps its cache;
``--cold`` empties it before every build. Used to hold a feature to its build
budget (issue 15: the manual on a date, change marks and renumbering checks within about 10% at 1,000
chapters).

    python -m bench.against_commit --base fa5e3ea --chapters 1000 --pairs 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .generate import write_manual

ROOT = Path(__file__).resolve().parent.parent


def timed_build(project: Path, site: Path, plugins: Path, cache: Path) -> dict[str, float]:
    """One build in a fresh process, importing the plugins from ``plugins``, frozen pages kept in ``cache``."""
    env = {**os.environ, "PYTHONPATH": f"{plugins}{os.pathsep}{ROOT}", "NO_MKDOCS_2_WARNING": "1",
           "PROCEDURES_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-m", "bench.build_once", str(project / "mkdocs.yml"), str(site)],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"build with {plugins} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def compare(base: str, chapters: int, pairs: int, terms: int, cold: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-against-") as folder:
        work = Path(folder)
        worktree = work / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(worktree), base], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            project = work / "manual"
            counts = write_manual(project, chapters, terms)
            runs = {"A": ROOT / "plugins", "B": worktree / "plugins"}
            seconds: dict[str, list[float]] = {"A": [], "B": []}
            peaks: dict[str, float] = {"A": 0.0, "B": 0.0}
            for round_index in range(pairs + 1):  # the first pair warms the disk cache
                for label, plugins in runs.items():
                    cache = work / f"cache-{label}"
                    if cold:
                        shutil.rmtree(cache, ignore_errors=True)
                    result = timed_build(project, work / f"site-{label}", plugins, cache)
                    peaks[label] = max(peaks[label], result["peak_mb"])
                    if round_index:
                        seconds[label].append(result["seconds"])
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, capture_output=True)
    median = {label: statistics.median(values) for label, values in seconds.items()}
    return {
        "chapters": chapters, "archived_versions": counts["archived_versions"], "pairs": pairs, "base": base,
        "frozen_page_cache": "empty before every build" if cold else "kept between builds",
        "seconds_this_tree": round(median["A"], 2), "seconds_base": round(median["B"], 2),
        "ratio": round(median["A"] / median["B"], 3),
        "peak_mb_this_tree": round(peaks["A"]), "peak_mb_base": round(peaks["B"]),
        "all_seconds": {label: [round(s, 2) for s in values] for label, values in seconds.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the commit to compare with, e.g. fa5e3ea")
    parser.add_argument("--chapters", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--cold", action="store_true",
                        help="empty the frozen-page cache before every build (as on a fresh CI machine)")
    parser.add_argument("--output", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    figures = compare(args.base, args.chapters, args.pairs, args.terms, args.cold)
    text = json.dumps(figures, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
