"""Profile one full build of a generated manual and say where the time goes.

    python -m bench.profile              # N = 1,000; writes bench-output/profile.txt and profile.pstats

Groups the time by who owns the code (our plugins by module, Python-Markdown, Material's search plugin,
Jinja2 templates, the rest of MkDocs) using each function's own time, then lists our most expensive
functions by cumulative time. cProfile slows Python code down unevenly, so read shares, not seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

from .generate import write_manual

ROOT = Path(__file__).resolve().parent.parent
OUR_PACKAGE = "safeguarding_manual"


def owner(filename: str) -> str:
    """Who a function's time belongs to."""
    path = filename.replace("\\", "/")
    if f"/{OUR_PACKAGE}/" in path:
        module = path.split(f"/{OUR_PACKAGE}/", 1)[1].removesuffix(".py")
        return f"ours: {module}" if not module.startswith("templates") else "Jinja2 templates (ours)"
    for marker, name in (("/markdown/", "Python-Markdown"), ("/material/plugins/search/", "Material search plugin"),
                         ("/material/templates/", "Jinja2 templates (Material)"), ("/jinja2/", "Jinja2"),
                         ("/mkdocs/", "MkDocs"), ("/yaml/", "PyYAML"), ("html/parser", "html.parser (stdlib)")):
        if marker in path:
            return name
    return "other (stdlib, built-ins)"


def summarise(stats: pstats.Stats, wall_seconds: float, top: int = 15) -> str:
    by_owner: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _line, _name), (_calls, _primitive, own_time, _cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        by_owner[owner(filename)] += own_time
        total += own_time
    lines = [f"Wall time under cProfile: {wall_seconds:.1f} s", "", "| owner | own time | share |", "| --- | --- | --- |"]
    small = {name: seconds for name, seconds in by_owner.items() if name.startswith("ours") and seconds < total / 200}
    if small:
        by_owner = {name: seconds for name, seconds in by_owner.items() if name not in small}
        by_owner[f"ours: {len(small)} other modules, each under 0.5%"] = sum(small.values())
    for name, seconds in sorted(by_owner.items(), key=lambda item: -item[1]):
        lines.append(f"| {name} | {seconds:.1f} s | {100 * seconds / total:.1f}% |")
    ours_share = sum(s for n, s in by_owner.items() if n.startswith("ours")) / total
    lines += ["", f"Our plugins' own code: {100 * ours_share:.1f}% of the time.", "",
              f"Our {top} most expensive functions by cumulative time (includes what they call):", ""]
    ours = [(key, value) for key, value in stats.stats.items()  # type: ignore[attr-defined]
            if owner(key[0]).startswith("ours")]
    ours.sort(key=lambda item: -item[1][3])
    for (filename, line, name), (calls, _primitive, _own, cumulative, _callers) in ours[:top]:
        module = filename.split(f"/{OUR_PACKAGE}/", 1)[1]
        lines.append(f"- {module}:{line} {name}: {cumulative:.1f} s in {calls:,} calls "
                     f"({100 * cumulative / wall_seconds:.1f}%)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chapters", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--output", type=Path, default=ROOT / "bench-output")
    args = parser.parse_args(argv)
    project = args.output / "work" / f"profile-{args.chapters}"
    if not project.exists():
        write_manual(project, args.chapters, args.terms)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.disable(logging.WARNING)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project.parent / f"profile-site-{args.chapters}"))
    config.plugins.on_startup(command="build", dirty=False)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    build(config)
    profiler.disable()
    wall = time.perf_counter() - start
    config.plugins.on_shutdown()
    args.output.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(str(args.output / "profile.pstats"))
    stats = pstats.Stats(profiler, stream=io.StringIO())
    text = f"Profile of one full build, N = {args.chapters:,} chapters, {args.terms} glossary terms\n\n" + \
        summarise(stats, wall)
    (args.output / "profile.txt").write_text(text + "\n", "utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
