"""Benchmark of areas: a region of 300 chapters shared by 33 areas, each with 20 chapters of its own.

    .venv/bin/python -m bench.areas                       # 33 areas x (300 regional + 20 local chapters)
    .venv/bin/python -m bench.areas --areas 2 --regional 20 --local 3   # the smoke test's size

Reports, as JSON (``bench-output/areas.json``) and as a table:

- ``build-all`` of the regional site and every area's site, in total, with an empty frozen-page cache
  (as CI's first run) and again with the cache it left (as later builds of main);
- one area's build on its own (``procedures build --area``, strict, as one matrix job of the publish
  workflow does), and a single manual of the same size (320 chapters in one ``procedures/``) built the
  same way, alternating, medians of ``--pairs`` pairs, with the ratio between them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .generate import body, make_chapters, write_manual

ROOT = Path(__file__).resolve().parent.parent
LOCAL_PART = "LOC"


def write_areas(project: Path, areas: int, local: int) -> list[str]:
    """``areas`` areas under ``project/areas/``, each with ``local`` chapters, a note and a glossary term."""
    keys = []
    for number in range(1, areas + 1):
        key = f"area-{number:02d}"
        keys.append(key)
        folder = project / "areas" / key
        chapters_dir = folder / "procedures" / "local"
        chapters_dir.mkdir(parents=True)
        (folder / "notes").mkdir()
        (folder / "area.yml").write_text(
            f"name: Area {number}\npartnership: Area {number} Safeguarding Children Partnership\n"
            f"local_part: {{id: {LOCAL_PART}, title: Area {number} Local Procedures, folder: local}}\n"
            f"contacts:\n  - {{name: Area {number} Front Door, phone: 01632 960{number:03d}}}\n")
        (folder / "glossary.yml").write_text(f"terms:\n  - term: Area {number} front door\n"
                                             f"    definition: Where concerns about children in area {number} go.\n")
        (folder / "notes" / "cp1-contacts.md").write_text(
            "---\nchapter: CP1\nparagraph: '1.1'\nchapter_version: 4\nversion: 1\nlast_updated: 2025-06-01\n"
            "amendments:\n  - {date: 2025-06-01, summary: Local contacts added., version: 1}\n---\n\n"
            f"In area {number}, ring the front door on 01632 960{number:03d}.\n")
        rng = random.Random(number)
        chapters = make_chapters(local, rng, [])
        for index, chapter in enumerate(chapters, start=1):
            (chapters_dir / f"local-{index:03d}.md").write_text(
                f"---\nid: {LOCAL_PART}{index}\ntitle: Local Chapter {index} of Area {number}\npart: {LOCAL_PART}\n"
                "version: 1\nstatus: current\nlast_updated: 2025-06-01\nreview_due: 2027-01-01\n"
                "owner: Local Subgroup\namendments: []\n---\n\n"
                + _without_links(body(chapter, chapters, random.Random(index))))
    return keys


def _without_links(text: str) -> str:
    """Generated bodies link to sibling chapters under regional names; local chapters keep to their own text."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("See [")) + "\n"


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--areas", type=int, default=33)
    parser.add_argument("--regional", type=int, default=300)
    parser.add_argument("--local", type=int, default=20)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "bench-output")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-areas-"))
    try:
        results = run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "areas.json").write_text(json.dumps(results, indent=2))
    print(report(results))
    return 0


def run(args: argparse.Namespace, work: Path) -> dict[str, object]:
    region, single = work / "region", work / "single"
    write_manual(region, args.regional, args.terms)
    keys = write_areas(region, args.areas, args.local)
    write_manual(single, args.regional + args.local, args.terms)
    cache = work / "cache"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PROCEDURES_CACHE_DIR": str(cache)}
    env.pop("PROCEDURES_AREA", None)
    cli = [sys.executable, "-m", "safeguarding_manual.cli"]
    cold = timed([*cli, "build-all", "--output", str(work / "all")], region, env)
    warm = timed([*cli, "build-all", "--output", str(work / "all")], region, env)
    one, alone = [], []
    for _ in range(args.pairs):  # alternating, each with the cache its own earlier builds left
        one.append(timed([*cli, "build", "--area", keys[0], "--output", str(work / "one")], region, env))
        alone.append(timed([*cli, "build", "--output", str(work / "alone")], single, env))
    sites = 1 + len(keys)
    return {
        "date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(), "areas": len(keys),
        "regional_chapters": args.regional, "local_chapters": args.local, "sites": sites,
        "build_all_seconds": {"cold_cache": cold, "warm_cache": warm},
        "one_area_seconds": statistics.median(one), "single_manual_seconds": statistics.median(alone),
        "one_area_runs": one, "single_manual_runs": alone,
        "ratio_one_area_to_single_manual": statistics.median(one) / statistics.median(alone),
        "ratio_build_all_warm_to_single_manual": warm / statistics.median(alone),
        "ratio_build_all_warm_to_sites_one_after_another": warm / (sites * statistics.median(alone)),
    }


def report(results: dict[str, object]) -> str:
    r = results
    total = r["build_all_seconds"]  # type: ignore[index]
    return "\n".join([
        f"{r['areas']} areas of {r['regional_chapters']} regional + {r['local_chapters']} local chapters "
        f"({r['sites']} sites) on {r['cores']} cores, {r['date']}:",
        "",
        "| measure | seconds | ratio |",
        "| --- | --- | --- |",
        f"| build-all, every site, empty frozen-page cache | {total['cold_cache']:.1f} | |",  # type: ignore[index]
        f"| build-all, every site, cache from the run before | {total['warm_cache']:.1f} | "  # type: ignore[index]
        f"{r['ratio_build_all_warm_to_single_manual']:.1f}x one single manual; "
        f"{r['ratio_build_all_warm_to_sites_one_after_another']:.2f}x {r['sites']} single manuals one after another |",
        f"| one area's site (`procedures build --area`, median) | {r['one_area_seconds']:.1f} | "
        f"{r['ratio_one_area_to_single_manual']:.2f}x a single manual of the same size |",
        f"| single manual of {r['regional_chapters'] + r['local_chapters']} chapters (`procedures build`, median) | "  # type: ignore[operator]
        f"{r['single_manual_seconds']:.1f} | 1.00 |",
    ])


if __name__ == "__main__":
    sys.exit(main())
